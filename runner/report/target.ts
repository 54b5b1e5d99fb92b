// Where a reporter's document goes: stdout, or a file written atomically at the end of the run
// (temp file beside it, then rename), so CI never reads a half-written report.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface ReportTarget {
  /** Text for stdout as the run goes (pretty, github) or the whole document at the end. */
  write(text: string): void;
  /** Writes the buffered document to the file, if there is one. */
  flush(): Promise<void>;
}

export function createTarget(stdout: NodeJS.WritableStream, file: string | undefined, cwd: string): ReportTarget {
  if (!file) return { write: (text) => void stdout.write(text), flush: async () => {} };
  const absolute = path.resolve(cwd, file);
  let buffer = '';
  return {
    write: (text) => {
      buffer += text;
    },
    flush: async () => {
      await mkdir(path.dirname(absolute), { recursive: true });
      const temp = `${absolute}.tmp-${process.pid}`;
      try {
        await writeFile(temp, buffer);
        await rename(temp, absolute);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    },
  };
}
