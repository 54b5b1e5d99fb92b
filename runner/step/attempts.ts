// The retry loop, for a step in the session and for a remote step alike: each round runs the
// script on every slot (the session itself, or each host or pod) that has not passed yet, a
// bounded number at a time, judges each attempt, and retries only the failing slots.
import type { Failure, StepStatus } from '../model/result.js';
import type { AttemptResult } from '../model/result.js';
import type { Remote, TargetAttempt } from './target.js';

/** At most this many hosts or pods run at once. */
export const DEFAULT_FAN_OUT = 8;

/** Where one copy of the step runs, and what happened there so far. */
export interface Slot {
  /** Undefined: the lab's own session. */
  remote?: Remote;
  attempts?: AttemptResult[];
  failures?: Failure[];
  /** The remote could not be reached (or replay recorded so). */
  error?: string;
  status?: StepStatus;
}

export interface AttemptLoopOptions {
  maxAttempts: number;
  /** Pause between rounds; 0 in replay. */
  intervalMs: number;
  signal?: AbortSignal;
  /** A round begins (1-based). */
  onRound?: (attempt: number) => void;
  /** Runs attempt `k` on a slot; undefined when there is none to give (replay ran out). */
  attempt(slot: Slot, attempt: number): Promise<TargetAttempt | undefined>;
  /** The failures of one attempt (none: it passed); also told the variables the attempt set. */
  judge(attempt: AttemptResult, variables: Record<string, string> | undefined): Promise<Failure[]>;
  concurrency?: number;
}

/** Fills in each slot's attempts, failures, error and status. */
export async function runAttempts(slots: Slot[], options: AttemptLoopOptions): Promise<void> {
  for (const slot of slots) Object.assign(slot, { attempts: [], failures: [], status: 'failed' });
  let pending = slots;
  let interrupted = false;
  for (let k = 1; k <= options.maxAttempts && pending.length > 0; k++) {
    options.onRound?.(k);
    const ran = await mapBounded(pending, options.concurrency ?? DEFAULT_FAN_OUT, async (slot) => {
      if (options.signal?.aborted) return notStarted(slot);
      const outcome = await options.attempt(slot, k);
      if (!outcome) return false;
      if (outcome.attempt) {
        slot.attempts!.push(outcome.attempt);
        if (outcome.attempt.interrupted) interrupted = true;
      }
      slot.error = outcome.error;
      slot.failures = outcome.error || !outcome.attempt ? [] : await options.judge(outcome.attempt, outcome.variables);
      slot.status = slot.error || slot.failures.length > 0 || !outcome.attempt ? 'failed' : 'passed';
      return true;
    });
    pending = pending.filter((slot, index) => ran[index] && slot.status === 'failed');
    if (interrupted || options.signal?.aborted) break;
    if (pending.length > 0 && k < options.maxAttempts && options.intervalMs > 0) await sleep(options.intervalMs, options.signal);
  }
  for (const slot of slots) {
    const count = slot.attempts!.length;
    if (count > 1 && slot.failures!.length > 0) slot.failures = slot.failures!.map((failure) => ({ ...failure, message: `${failure.message} (after ${count} attempts)` }));
  }
}

function notStarted(slot: Slot): true {
  slot.attempts!.push({ stdout: '', stderr: '', exitCode: null, durationMs: 0, interrupted: true });
  slot.error = slot.remote ? 'not started: the step was interrupted' : undefined;
  slot.failures = slot.remote ? [] : [{ message: 'interrupted' }];
  slot.status = 'failed';
  return true;
}

/** `fn` over `items`, at most `limit` at a time; results by index, whatever the completion order. */
async function mapBounded<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  if (items.length === 1) return [await fn(items[0]!)]; // a step of the session: no workers needed
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
