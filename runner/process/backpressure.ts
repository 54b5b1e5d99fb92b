// Backpressure, both ends: a writer of live output waits for its full stream (write() returned
// false) and hands that wait back; the reader of the step's pipe stops reading until it settles,
// so a slow reader blocks the step in write() instead of the runner filling memory.
import type { Readable } from 'node:stream';

/** A stream that may say it is full: stdout, a file, a test's capture (a plain `write` never is). */
export interface DrainableOut {
  write(text: string | Uint8Array): unknown;
  once?(event: string, listener: () => void): unknown;
  off?(event: string, listener: () => void): unknown;
  destroyed?: boolean;
}

/** Settles when `out` can take more: its 'drain', or its end (a reader that went away takes nothing). */
export function drained(out: DrainableOut): Promise<void> | undefined {
  if (!out.once || !out.off || out.destroyed) return undefined;
  const { once, off } = { once: out.once.bind(out), off: out.off.bind(out) };
  return new Promise((resolve) => {
    const done = () => {
      for (const event of ['drain', 'close', 'error']) off(event, done);
      resolve();
    };
    for (const event of ['drain', 'close', 'error']) once(event, done);
  });
}

/** Stops reading `stream` until `wait` settles, when the consumer handed back a promise (it is full). */
export function holdBack(stream: Readable, wait: unknown): void {
  if (!(wait instanceof Promise)) return; // a consumer that keeps up returns nothing
  stream.pause();
  void wait.then(() => stream.resume(), () => stream.resume());
}
