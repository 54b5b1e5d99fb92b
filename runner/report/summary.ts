// Counting a run's results the same way for every reporter.
import type { RunResult, StepResult } from '../session/result.js';

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

/** Removes ANSI escapes: machine-readable reports carry plain text. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)?/g, '');
}
