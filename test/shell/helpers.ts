// Test helpers for the shell session: temp dirs and a session that is always closed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { ShellSession, type ShellSessionOptions } from '../../runner/shell/session.js';

const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lab-shell-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A started session in a fresh temp dir, closed after the test. */
export async function openSession(options: ShellSessionOptions = {}): Promise<ShellSession> {
  const session = await ShellSession.start({ cwd: tempDir(), ...options });
  cleanups.push(() => session.close());
  return session;
}
