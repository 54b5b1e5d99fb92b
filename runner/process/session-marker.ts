// Every process a session starts carries LAB_SESSION_ID in its environment. A daemon that left
// its step's process group (`setsid`, a double fork into a new session) still carries it, so
// close() can find and stop it by scanning /proc, where process groups alone would miss it.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { processStat, procPids, running } from './process-group.js';

export const SESSION_ID_VARIABLE = 'LAB_SESSION_ID';

export function newSessionId(): string {
  return randomBytes(9).toString('base64url');
}

/** Live processes whose environment carries this session's id (Linux /proc; none elsewhere). */
export function markedProcesses(sessionId: string): number[] {
  const marker = Buffer.from(`${SESSION_ID_VARIABLE}=${sessionId}\0`);
  return (procPids() ?? []).filter((pid) => {
    if (pid === process.pid) return false;
    try {
      if (!readFileSync(`/proc/${pid}/environ`).includes(marker)) return false;
    } catch {
      return false; // gone meanwhile, or not ours to read
    }
    const stat = processStat(pid);
    return stat !== undefined && running(stat);
  });
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
