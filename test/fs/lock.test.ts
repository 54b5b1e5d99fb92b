// The lock `lab record` takes on its fixture (issue 18 item 9): exclusive while its owner lives,
// released on release(), taken over when its owner died without releasing it.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockFile, lockPath } from '../../runner/fs/lock.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lab-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lockFile', () => {
  it('refuses a second lock while the first is held, naming its owner, and allows one after release', () => {
    const target = path.join(dir, 'fixtures', 'a.yaml');
    const first = lockFile(target, 'another recording');
    expect(existsSync(lockPath(target))).toBe(true);
    expect(existsSync(path.join(dir, 'fixtures'))).toBe(false); // a failed recording leaves no folder
    expect(() => lockFile(target, 'another recording')).toThrow(expect.objectContaining({ code: 'REFUSED', message: expect.stringContaining(`another recording is already running (pid ${process.pid})`) }));
    first.release();
    expect(existsSync(lockPath(target))).toBe(false);
    lockFile(target, 'another recording').release();
  });

  it('takes over a lock whose owner is gone (kill -9)', () => {
    const target = path.join(dir, 'b.yaml');
    // pid 2^22 + 1 is above Linux's pid_max default: no such process.
    writeFileSync(lockPath(target), `${4_194_305}\n`);
    const lock = lockFile(target, 'another recording');
    lock.release();
  });
});
