// Where a reporter's document goes: stdout, or a file replaced atomically at the end of the run
// (runner/fs/atomic-write: temp file beside it, fsync, rename), so CI never reads a half-written
// report. A file streams into its temp file as the run goes: the pretty reporter's live output of
// a 400 MB flood is not held in memory, and a full disk buffer holds the step back like a full stdout.
import path from 'node:path';
import { openAtomicStream, type AtomicFileStream } from '../fs/atomic-write.js';
import type { DrainableOut } from '../process/backpressure.js';

export interface ReportTarget extends DrainableOut {
  /** Text for stdout as the run goes (pretty, github) or the whole document at the end; bytes are UTF-8; false: full, wait for 'drain'. */
  write(text: string | Uint8Array): boolean;
  /** Puts the file in place, if there is one. */
  flush(): Promise<void>;
}

export function createTarget(stdout: NodeJS.WritableStream, file: string | undefined, cwd: string): ReportTarget {
  if (!file) return { write: (text) => stdout.write(text), flush: async () => {} };
  const absolute = path.resolve(cwd, file);
  // Opened at the first write: a document reporter writes only at the end, and leaves no temp file meanwhile.
  let opened: AtomicFileStream | undefined;
  const open = () => (opened ??= openAtomicStream(absolute, { what: 'report', displayPath: file }));
  return {
    write: (text) => open().stream.write(text),
    once: (event, listener) => open().stream.once(event, listener),
    off: (event, listener) => open().stream.off(event, listener),
    get destroyed() {
      return opened?.stream.destroyed ?? false;
    },
    flush: () => open().commit(),
  };
}
