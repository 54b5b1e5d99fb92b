// Where a step's state dump goes on Linux: a file on tmpfs (memory, never a disk), unlinked the
// moment it is opened, that only the runner and the session's bash hold open. Bash writes the dump
// line by line (`declare -p` makes one write() per variable, ~100 a step); into a pipe each of
// those woke the runner, into this file they wake nobody, and the runner reads it once, after the
// step. Opened for appending: bash writes to the fd it inherited (no path to reopen), and each
// write lands after what the step wrote before (its pid, then its dump), from 0 after reset().
// Elsewhere (no /proc/self/fd, no tmpfs) the dump takes the state pipe as before.
import { closeSync, constants, fstatSync, ftruncateSync, openSync, readFileSync, readSync, statfsSync, unlinkSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

const TMPFS_MAGIC = 0x01021994;
const SHARED_MEMORY = '/dev/shm';

export class DumpFile {
  private closed = false;

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

  /** Before a step: an empty file, so a step that dies before its dump leaves nothing to read. */
  reset(): void {
    ftruncateSync(this.fd, 0);
  }

  /**
   * What the step wrote (its first `limit` bytes), and whether there was more: after the step was
   * reaped its whole dump; while it runs, the pid it announced first.
   */
  read(limit = Infinity): { text: string; cut: boolean } {
    const total = fstatSync(this.fd).size;
    const size = Math.min(total, limit);
    const buffer = Buffer.allocUnsafe(size);
    let done = 0;
    while (done < size) {
      const count = readSync(this.fd, buffer, done, size - done, done);
      if (count === 0) break;
      done += count;
    }
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
