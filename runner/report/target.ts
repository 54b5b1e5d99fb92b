// Where a reporter's document goes: stdout, or a file written atomically at the end of the run
// (runner/fs/atomic-write: temp file beside it, fsync, rename), so CI never reads a half-written report.
import path from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';

export interface ReportTarget {
  /** Text for stdout as the run goes (pretty, github) or the whole document at the end; bytes are UTF-8. */
  write(text: string | Uint8Array): void;
  /** Writes the buffered document to the file, if there is one. */
  flush(): Promise<void>;
}

export function createTarget(stdout: NodeJS.WritableStream, file: string | undefined, cwd: string): ReportTarget {
  if (!file) return { write: (text) => void stdout.write(text), flush: async () => {} };
  const absolute = path.resolve(cwd, file);
  let buffer = '';
  return {
    write: (text) => {
      buffer += typeof text === 'string' ? text : Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString('utf8');
    },
    flush: () => writeFileAtomic(absolute, buffer, { what: 'report', displayPath: file }),
  };
}
