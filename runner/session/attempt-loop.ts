// The retry loop shared by live runs and replay: take attempts one by one, check each against
// the expectations, stop at the first that passes. Live attempts come from a process; replayed
// ones from the fixture, in the order they were recorded, with no waiting between them.
import { evaluateAttempt } from '../expect/index.js';
import type { ExitSpec, Expectation } from '../expect/index.js';
import type { AttemptResult, Failure } from '../model/result.js';

export interface AttemptLoopOptions {
  expectations: Expectation[];
  exit?: ExitSpec;
  vars: () => Record<string, string>;
  maxAttempts: number;
  /** Pause between attempts; 0 in replay. */
  intervalMs: number;
  signal?: AbortSignal;
  onAttempt?: (attempt: number) => void;
}

export interface AttemptLoopResult {
  attempts: AttemptResult[];
  failures: Failure[];
  passed: boolean;
}

/** `next(k)` gives attempt k (1-based) or undefined when there is none (replay ran out). */
export async function runAttempts(
  next: (attempt: number) => Promise<AttemptResult | undefined>,
  options: AttemptLoopOptions,
): Promise<AttemptLoopResult> {
  const attempts: AttemptResult[] = [];
  let failures: Failure[] = [];
  for (let k = 1; k <= options.maxAttempts; k++) {
    options.onAttempt?.(k);
    const attempt = await next(k);
    if (!attempt) break;
    attempts.push(attempt);
    failures = evaluateAttempt(options.expectations, attempt, { exit: options.exit, vars: options.vars() });
    if (failures.length === 0) return { attempts, failures, passed: true };
    if (attempt.interrupted || options.signal?.aborted) break;
    if (k < options.maxAttempts && options.intervalMs > 0) await sleep(options.intervalMs, options.signal);
  }
  if (attempts.length > 1 && failures.length > 0) {
    failures = failures.map((failure) => ({ ...failure, message: `${failure.message} (after ${attempts.length} attempts)` }));
  }
  return { attempts, failures, passed: false };
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
