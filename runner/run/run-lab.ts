// Headless run of one lab through a StepExecutor: steps in order (cleanup ones at the end,
// always), reporter events for each, the rest skipped after a failure, Ctrl-C honoured.
import type { Lab, Step } from '../model/lab.js';
import type { Reporter } from '../report/reporter.js';
import type { StepExecutor } from '../session/executor.js';
import type { LabResult, StepResult } from '../model/result.js';
import { skippedResult } from '../session/step-result.js';

export interface RunLabOptions {
  steps: Step[];
  reporter: Reporter;
  /** Aborted on Ctrl-C: the running step stops, cleanup still runs. */
  signal: AbortSignal;
  yes: boolean;
}

export async function runSteps(lab: Lab, executor: StepExecutor, options: RunLabOptions): Promise<LabResult> {
  const startedAt = Date.now();
  const results: StepResult[] = [];
  const { reporter } = options;
  const run = async (step: Step, signal?: AbortSignal) => {
    const maxAttempts = step.attributes.retry ?? 1;
    reporter.onStepStart?.(lab, step, { attempt: 1, maxAttempts });
    const result = await executor.runStep(step, {
      signal,
      confirmed: options.yes,
      onOutput: (chunk) => reporter.onStepOutput?.(lab, step, chunk),
      onAttempt: (progress) => progress.attempt > 1 && reporter.onStepStart?.(lab, step, progress),
    });
    results.push(result);
    reporter.onStepEnd?.(lab, step, result);
    return result;
  };

  let blockedBy: string | undefined;
  for (const step of options.steps.filter((s) => !s.attributes.cleanup)) {
    if (options.signal.aborted) blockedBy ??= 'the run was interrupted';
    if (blockedBy) {
      const result = skippedResult(step, `not run: ${blockedBy}`, executor.displayCommand(step), executor.mode === 'live' ? 'live' : 'replay');
      results.push(result);
      reporter.onStepEnd?.(lab, step, result);
      continue;
    }
    const result = await run(step, options.signal);
    if (result.status === 'failed') blockedBy = options.signal.aborted ? 'the run was interrupted' : `step \`${step.id}\` failed`;
  }
  // Cleanup runs even after a failure or Ctrl-C, without the interrupted signal.
  for (const step of options.steps.filter((s) => s.attributes.cleanup)) await run(step);
  await executor.close();

  const failed = results.some((result) => result.status === 'failed');
  return {
    labId: lab.meta.id, file: lab.displayPath, status: failed ? 'failed' : 'passed', mode: executor.mode,
    steps: results, durationMs: Date.now() - startedAt,
  };
}
