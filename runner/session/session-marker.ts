// Every process a session starts carries LAB_SESSION_ID in its environment. A daemon that left
// its step's process group (`setsid`, a double fork into a new session) still carries it, so
// close() can find and stop it by scanning /proc, where process groups alone would miss it.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

export const SESSION_ID_VARIABLE = 'LAB_SESSION_ID';

export function newSessionId(): string {
  return randomBytes(9).toString('base64url');
}

/** Live processes whose environment carries this session's id (Linux /proc; none elsewhere). */
export function markedProcesses(sessionId: string): number[] {
  const marker = Buffer.from(`${SESSION_ID_VARIABLE}=${sessionId}\0`);
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const found: number[] = [];
  for (const entry of entries) {
    const code = entry.charCodeAt(0);
    if (code < 48 || code > 57 || Number(entry) === process.pid) continue;
    try {
      if (!readFileSync(`/proc/${entry}/environ`).includes(marker)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (state !== 'Z' && state !== 'X') found.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

/** SIGTERM to every marked process, SIGKILL to what remains after `graceMs`. */
export async function stopMarkedProcesses(sessionId: string, graceMs: number): Promise<void> {
  let remaining = signalAll(markedProcesses(sessionId), 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (remaining.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    remaining = markedProcesses(sessionId);
  }
  signalAll(remaining, 'SIGKILL');
}

function signalAll(pids: number[], signal: NodeJS.Signals): number[] {
  return pids.filter((pid) => {
    try {
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  });
}
