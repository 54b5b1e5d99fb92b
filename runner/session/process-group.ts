// Process groups: every step leads its own group, so a timeout, a `for=` stop or close() can
// signal the step and everything it started at once, and tell when none of them remains.
import { readdirSync, readFileSync } from 'node:fs';

export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGKILL';

/** Sends a signal to the whole group; false when the group no longer exists. */
export function signalGroup(pgid: number, signal: StopSignal): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Live (non-zombie) members of a process group. Uses /proc on Linux, kill(0) elsewhere. */
export function groupMembers(pgid: number): number[] {
  // Fast path: no process at all (not even a zombie) in the group, no need to read /proc.
  if (!signalGroupExists(pgid)) return [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [pgid];
  }
  const members: number[] = [];
  for (const entry of entries) {
    if (entry.charCodeAt(0) < 48 || entry.charCodeAt(0) > 57) continue;
    const stat = readStat(entry);
    // Zombies count as gone: they run nothing and their parent (maybe init) reaps them later.
    if (stat && stat.pgrp === pgid && stat.state !== 'Z' && stat.state !== 'X') members.push(Number(entry));
  }
  return members;
}

export function groupAlive(pgid: number): boolean {
  return groupMembers(pgid).length > 0;
}

function signalGroupExists(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function readStat(pid: string): { state: string; pgrp: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may itself contain spaces or parentheses.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0]!, pgrp: Number(fields[2]) };
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until the group is empty; resolves false if it still has members after `withinMs`. */
export async function waitGroupGone(pgid: number, withinMs: number, pollMs = 50): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    if (!groupAlive(pgid)) return true;
    if (Date.now() >= deadline) return false;
    await sleep(Math.min(pollMs, Math.max(1, deadline - Date.now())));
  }
}

/**
 * Stops a whole group: the first signal (SIGTERM by default), then SIGKILL for whatever is
 * still there after `graceMs`. Resolves once no member remains (or SIGKILL could not help).
 */
export async function stopGroup(pgid: number, options: { graceMs: number; first?: StopSignal }): Promise<void> {
  if (!groupAlive(pgid)) return;
  signalGroup(pgid, options.first ?? 'SIGTERM');
  if (await waitGroupGone(pgid, options.graceMs)) return;
  signalGroup(pgid, 'SIGKILL');
  await waitGroupGone(pgid, 5_000);
}
