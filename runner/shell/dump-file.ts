// Where a step's state dump goes on Linux: a file on tmpfs (memory, never a disk), unlinked the
// moment it is opened, that only the runner and the session's bash hold open. Bash writes the dump
// line by line (`declare -p` makes one write() per variable, ~100 a step); into a pipe each of
// those woke the runner, into this file they wake nobody, and the runner reads it once, after the
// step. Opened for appending: bash writes to the fd it inherited (no path to reopen), and each
// write lands after what the steps before wrote. A step's writes (its pid, then its dump) are read
// from where the last one's ended, with one pread into a buffer kept for the session: the file is
// cut back to 0 only past REWIND_BYTES, not before every step (an ftruncate and an fstat a step).
// Elsewhere (no /proc/self/fd, no tmpfs) the dump takes the state pipe as before.
import { closeSync, constants, fstatSync, ftruncateSync, openSync, readFileSync, readSync, statfsSync, unlinkSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

const TMPFS_MAGIC = 0x01021994;
const SHARED_MEMORY = '/dev/shm';

/** Past this many bytes of earlier steps' dumps the file is cut back to empty. */
const REWIND_BYTES = 1024 * 1024;
/** What one pread takes: a dump this long or shorter costs no fstat. */
const READ_BYTES = 64 * 1024;

export class DumpFile {
  private closed = false;
  /** Where the current step's writes begin. */
  private start = 0;
  /** Where the last step's writes ended, as its read saw them; undefined if not known. */
  private end: number | undefined = 0;
  private readonly buffer = Buffer.allocUnsafe(READ_BYTES);

  private constructor(readonly fd: number) {}

  /** The file, or undefined where secrets could reach a disk or bash could not reopen it. */
  static open(): DumpFile | undefined {
    if (process.platform !== 'linux') return undefined;
    try {
      if (fileSizeLimited()) return undefined;
      if (statfsSync(SHARED_MEMORY).type !== TMPFS_MAGIC) return undefined;
      const file = path.join(SHARED_MEMORY, `lab-state-${process.pid}-${randomBytes(8).toString('hex')}`);
      const fd = openSync(file, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL | constants.O_APPEND, 0o600);
      unlinkSync(file);
      return new DumpFile(fd);
    } catch {
      return undefined;
    }
  }

  /**
   * Before a step: what it writes is read from the end of the last step's writes, so a step that
   * dies before its dump leaves nothing to read. The file is emptied once it holds REWIND_BYTES
   * of earlier dumps, or when where they ended is not known (a dump cut short, a peek only).
   */
  reset(): void {
    if (this.end === undefined || this.end > REWIND_BYTES) {
      ftruncateSync(this.fd, 0);
      this.end = 0;
    }
    this.start = this.end;
  }

  /** The first bytes the running step wrote: the pid it announces first thing. */
  peek(bytes: number): string {
    const count = readSync(this.fd, this.buffer, 0, Math.min(bytes, READ_BYTES), this.start);
    return this.buffer.toString('utf8', 0, count);
  }

  /**
   * What the step wrote (its first `limit` bytes), and whether there was more; read once the step
   * has been reaped, its whole dump. Where it ends is where the next step's writes begin.
   */
  read(limit = Infinity): { text: string; cut: boolean } {
    const count = readSync(this.fd, this.buffer, 0, READ_BYTES, this.start);
    if (count < READ_BYTES && count <= limit) {
      this.end = this.start + count;
      return { text: this.buffer.toString('utf8', 0, count), cut: false };
    }
    const total = fstatSync(this.fd).size - this.start;
    const size = Math.min(total, limit);
    const buffer = Buffer.allocUnsafe(size);
    let done = 0;
    while (done < size) {
      const read = readSync(this.fd, buffer, done, size - done, this.start + done);
      if (read === 0) break;
      done += read;
    }
    this.end = total > limit ? undefined : this.start + done;
    return { text: buffer.toString('utf8', 0, done), cut: total > limit };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

/**
 * Whether a file size limit (`ulimit -f`) holds for this process and so for bash: past it the
 * dump's write fails (EFBIG) and the step's state would be lost; the pipe has no such limit.
 */
function fileSizeLimited(): boolean {
  const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((entry) => entry.startsWith('Max file size'));
  return line !== undefined && !/\sunlimited\s/.test(line);
}
