// Waiting for a full output stream (write() returned false): what every writer of a step's live
// output returns to hold the step back, so a slow reader blocks the step instead of filling memory.

/** A stream that may say it is full: stdout, a file, a test's capture (a plain `write` never is). */
export interface DrainableOut {
  write(text: string): unknown;
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
