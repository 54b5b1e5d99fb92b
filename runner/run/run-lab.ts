// Headless run of one lab through its step runner: steps in order (cleanup ones at the end,
// always), reporter events for each, the rest skipped after a failure (or, with --keep-going, only
// the steps that need a failed step's capture), Ctrl-C honoured.
import type { Lab, Step } from '../model/lab.js';
import type { LabResult, StepResult } from '../model/result.js';
import type { OutputChunk, Reporter } from '../report/reporter.js';
import { cleanupSteps, runCleanup } from '../step/cleanup.js';
import { skippedResult } from '../step/result.js';
import type { StepRunner } from '../step/runner.js';
import { MissingCaptures } from '../step/needs.js';

export interface RunLabOptions {
  steps: Step[];
  reporter: Reporter;
  /** Aborted on Ctrl-C: the running step stops, cleanup still runs. */
  signal: AbortSignal;
  yes: boolean;
  /** `--keep-going`: a failure does not stop the run; only steps needing its capture are skipped. */
  keepGoing?: boolean;
}

export async function runSteps(lab: Lab, runner: StepRunner, options: RunLabOptions): Promise<LabResult> {
  const startedAt = Date.now();
  const results: StepResult[] = [];
  const { reporter } = options;
  const run = async (step: Step, signal?: AbortSignal) => {
    const maxAttempts = step.attributes.retry ?? 1;
    const recordedDurationMs = runner.recordedDuration(step);
    const recorded = recordedDurationMs !== undefined ? { recordedDurationMs } : {};
    // Live output of a multi-host step is prefixed with the host: named before the run, the prefixes line up.
    const remotes = runner.mode === 'live' ? await runner.knownRemotes(step) : [];
    reporter.onStepStart?.(lab, step, { attempt: 1, maxAttempts, ...recorded, ...(remotes.length > 1 ? { remotes } : {}) });
    const result = await runner.run(step, {
      signal,
      confirmed: options.yes,
      // Nobody shows live output (a json or junit report alone): the step runner is given nowhere
      // to send it. Nor is a replay's recorded output streamed: it is in the step's result (shown
      // on failure); cut into lines and redacted for a reporter that drops it, it was a third of
      // the step's cost.
      ...(runner.mode === 'live' && reporter.onStepOutput ? { onOutput: (chunk: OutputChunk) => reporter.onStepOutput!(lab, step, chunk) } : {}),
      outputLines: reporter.liveOutputLines,
      onAttempt: (progress) => progress.attempt > 1 && reporter.onStepStart?.(lab, step, { ...progress, ...recorded }),
    });
    results.push(result);
    reporter.onStepEnd?.(lab, step, result);
    return result;
  };

  const skip = (step: Step, reason: string) => {
    const result = skippedResult(step, reason, runner.displayCommand(step), runner.mode);
    results.push(result);
    reporter.onStepEnd?.(lab, step, result);
  };
  let blockedBy: string | undefined;
  const missing = new MissingCaptures();
  for (const step of options.steps.filter((s) => !s.attributes.cleanup)) {
    if (options.signal.aborted) blockedBy ??= 'the run was interrupted';
    if (blockedBy) {
      skip(step, `not run: ${blockedBy}`);
      continue;
    }
    const needs = missing.missingFor(step);
    if (needs) {
      missing.lost(step, 'skipped');
      skip(step, `not run: ${needs}`);
      continue;
    }
    const result = await run(step, options.signal);
    if (result.status === 'passed') missing.restored(step);
    if (result.status === 'failed') missing.lost(step, 'failed');
    if (result.status === 'failed' && (options.signal.aborted || !options.keepGoing)) {
      blockedBy = options.signal.aborted ? 'the run was interrupted' : `step \`${step.id}\` failed`;
    }
  }
  await runCleanup(cleanupSteps(options.steps), (step) => run(step));
  await runner.close();

  const failed = results.some((result) => result.status === 'failed');
  return {
    labId: lab.meta.id, file: lab.displayPath, status: failed ? 'failed' : 'passed', mode: runner.mode,
    steps: results, durationMs: Date.now() - startedAt,
  };
}
