// An exclusive lock on a file lab is about to rewrite (a fixture under `lab record`): a file in
// the temp folder named by the target's path, created with O_EXCL and holding the owner's pid.
// Not beside the target: a recording that fails must leave no fixtures/ folder behind, and an
// unwritable folder is the writer's error to report. Two recordings of one lab both exited 0 and
// one update was silently lost; now the second is refused up front. A lock whose owner is gone
// (kill -9) is taken over.
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LabError } from '../errors/index.js';

export interface FileLock {
  release(): void;
}

/** Where the lock on `target` lives. */
export function lockPath(target: string): string {
  const key = createHash('sha256').update(path.resolve(target)).digest('hex').slice(0, 20);
  return path.join(os.tmpdir(), `lab-lock-${key}.lock`);
}

export function lockFile(target: string, what: string): FileLock {
  const lock = lockPath(target);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      return { release: () => rmSync(lock, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new LabError('WRITE_FAILED', `cannot lock ${target}: ${(error as Error).message}`, { hint: `check that ${path.dirname(lock)} is writable` });
      }
      const owner = ownerOf(lock);
      if (owner !== undefined && alive(owner)) {
        throw new LabError('REFUSED', `${what} is already running (pid ${owner}) and will rewrite ${target}`, {
          hint: `wait for it to finish, then run this again (or remove ${lock} if no such process runs)`,
        });
      }
      rmSync(lock, { force: true }); // its owner died without releasing it
    }
  }
  throw new LabError('REFUSED', `${target} is locked by another process`, { hint: `remove ${lock} if no lab runs` });
}

function ownerOf(lock: string): number | undefined {
  try {
    const pid = Number(readFileSync(lock, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
