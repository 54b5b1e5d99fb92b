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
  const pids = procPids();
  if (!pids) return [pgid];
  return pids.filter((pid) => {
    const stat = processStat(pid);
    return stat !== undefined && stat.pgrp === pgid && running(stat);
  });
}

/** Every pid in /proc, or undefined where there is no /proc. */
export function procPids(): number[] | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  return entries.filter((entry) => entry.charCodeAt(0) >= 48 && entry.charCodeAt(0) <= 57).map(Number);
}

/** Zombies count as gone: they run nothing and their parent (maybe init) reaps them later. */
export function running(stat: { state: string }): boolean {
  return stat.state !== 'Z' && stat.state !== 'X';
}

export function groupAlive(pgid: number): boolean {
  return groupMembers(pgid).length > 0;
}

/**
 * Whether any process (a zombie included) is in the group; EPERM: one we may not signal (sudo) is.
 * Asked after every live step, and usually answered by ESRCH: the error is made without a stack
 * trace (capturing one was most of the call's ~20 µs).
 */
function signalGroupExists(pgid: number): boolean {
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/** State and process group of a process, from /proc/PID/stat; undefined once it is gone. */
export function processStat(pid: number): { state: string; pgrp: number } | undefined {
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
 * Signals the group, waiting `graceMs` after each signal, until none of it remains; SIGKILL, if
 * it comes to that, gets 5 s. Resolves once no member remains (or SIGKILL could not help).
 */
export async function escalate(pgid: number, signals: StopSignal[], graceMs: number): Promise<void> {
  for (const signal of signals) {
    if (!signalGroup(pgid, signal)) return;
    if (await waitGroupGone(pgid, signal === 'SIGKILL' ? 5_000 : graceMs)) return;
  }
}

/** Stops a whole group: the first signal (SIGTERM by default), then SIGKILL after `graceMs`. */
export async function stopGroup(pgid: number, options: { graceMs: number; first?: StopSignal }): Promise<void> {
  if (!groupAlive(pgid)) return;
  await escalate(pgid, [options.first ?? 'SIGTERM', 'SIGKILL'], options.graceMs);
}
