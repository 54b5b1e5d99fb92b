// A consumer of a step's output that is full after its first stdout chunk (its onOutput returns a
// pending promise) until the test releases it: the shape every backpressure test drives.
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

export const FLOOD_BYTES = 20_000_000;
/** Prints FLOOD_BYTES of `y` on stdout, then `done` on stderr. */
export const FLOOD_SCRIPT = `head -c ${FLOOD_BYTES} /dev/zero | tr "\\0" y; echo done >&2`;

export function stalledConsumer() {
  let received = 0;
  let release!: () => void;
  const full = new Promise<void>((resolve) => (release = resolve));
  let waited = false;
  return {
    onOutput(chunk: { stream: 'stdout' | 'stderr'; data: Buffer | string }): Promise<void> | undefined {
      if (chunk.stream !== 'stdout') return undefined;
      received += chunk.data.length;
      if (waited) return undefined;
      waited = true;
      return full;
    },
    received: () => received,
    release: () => release(),
    /**
     * Until the first chunk came (generous: a loaded machine may be slow to start), then time for
     * the step to run ahead if nothing held it back (20 MB takes a fraction of a second unimpeded).
     */
    async stalled(): Promise<void> {
      for (let waitedMs = 0; received === 0 && waitedMs < 30_000; waitedMs += 50) await sleep(50);
      await sleep(1_500);
    },
  };
}

/**
 * A Writable (a terminal, a pipe, a file) that takes its first write and then nothing until the
 * test releases it: write() returns false past `highWaterMark`, and what callers write anyway
 * piles up in `buffered()`, the bytes a writer ignoring backpressure would hold in memory.
 */
export function stalledWritable(highWaterMark = 16 * 1024) {
  let held: (() => void) | undefined;
  let released = false;
  let written = '';
  const stream = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, callback) {
      written += chunk.toString();
      if (released) callback();
      else held = callback;
    },
  }) as Writable & { columns?: number; isTTY?: boolean };
  return {
    stream,
    /** Everything that reached the stream's sink so far. */
    written: () => written,
    buffered: () => stream.writableLength,
    release() {
      released = true;
      held?.();
      held = undefined;
    },
  };
}
