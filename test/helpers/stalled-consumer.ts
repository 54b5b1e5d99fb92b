// A consumer of a step's output that is full after its first stdout chunk (its onOutput returns a
// pending promise) until the test releases it: the shape every backpressure test drives.
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
    onOutput(chunk: { stream: 'stdout' | 'stderr'; text: string }): Promise<void> | undefined {
      if (chunk.stream !== 'stdout') return undefined;
      received += chunk.text.length;
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
