// Counting and describing a run's results the same way for every reporter.
import { stripAnsi } from '../expect/normalize.js';
import { formatPosition, type SourcePosition } from '../errors/index.js';
import type { Failure, RunResult, StepResult } from '../model/result.js';

export interface RunSummary {
  labs: number;
  passed: number;
  failed: number;
  skipped: number;
  /** Labs that could not run at all (stale fixture, missing variables...). */
  errors: number;
}

export function summarize(result: RunResult): RunSummary {
  const steps: StepResult[] = result.labs.flatMap((lab) => lab.steps);
  return {
    labs: result.labs.length,
    passed: steps.filter((s) => s.status === 'passed').length,
    failed: steps.filter((s) => s.status === 'failed').length,
    skipped: steps.filter((s) => s.status === 'skipped').length,
    errors: result.labs.filter((lab) => lab.status === 'error').length,
  };
}

/** Attempts a step made; a remote step counts its busiest host's or pod's (its own list is empty). */
export function attemptCount(result: StepResult): number {
  if (result.remotes?.length) return Math.max(...result.remotes.map((remote) => remote.attempts.length));
  return result.attempts.length;
}

/**
 * A failure's message that always names its place: the session already prefixes
 * `file:line:col: `, but a hand-made failure may not, and every reporter must show it. A failure
 * with no place of its own (the default exit 0, a timeout) is placed at its step (`stepPosition`).
 */
export function failureText(failure: Failure, stepPosition?: SourcePosition): string {
  const message = stripAnsi(failure.message);
  const position = failure.position ?? stepPosition;
  if (!position) return message;
  const where = `${position.file}:${position.line}`;
  return message.includes(where) ? message : `${formatPosition(position)}: ${message}`;
}

export { stripAnsi };
