// Running one step (or a task's check or solution) with its output on screen: streams output,
// shows attempts and the spinner, and turns Ctrl-C into stopping this step only.
import type { Step } from '../model/lab.js';
import type { RunOptions } from '../step/runner.js';
import type { StepResult } from '../model/result.js';
import type { WalkContext } from './context.js';
import { StepOutputView } from './live-output.js';

export type RunStep = (step: Step, options: RunOptions) => Promise<StepResult>;

export async function runWithView(context: WalkContext, step: Step, run: RunStep, options: RunOptions = {}): Promise<{ result: StepResult; interrupted: boolean }> {
  const view = new StepOutputView(context.terminal, context.recordedMs.get(step.id), await context.runner.knownRemotes(step));
  const controller = new AbortController();
  let interrupted = false;
  const unsubscribe = context.interrupts(() => {
    interrupted = true;
    controller.abort();
  });
  view.start();
  try {
    const result = await run(step, {
      ...options,
      signal: controller.signal,
      onOutput: (chunk) => view.output(chunk),
      onAttempt: (progress) => view.progress(progress),
    });
    interrupted ||= result.attempts.some((attempt) => attempt.interrupted) || Boolean(result.remotes?.some((remote) => remote.attempts.some((a) => a.interrupted)));
    return { result, interrupted };
  } finally {
    view.stop();
    unsubscribe();
  }
}
