// Running one step (or a task's check or solution) with its output on screen: streams output,
// shows attempts and the spinner, and turns Ctrl-C into stopping this step only.
import type { Step } from '../model/lab.js';
import type { RunStepOptions } from '../session/executor.js';
import type { StepResult } from '../model/result.js';
import type { WalkContext } from './context.js';
import { LiveOutput } from './live-output.js';

export type StepRunner = (step: Step, options: RunStepOptions) => Promise<StepResult>;

export async function runWithView(context: WalkContext, step: Step, run: StepRunner, options: RunStepOptions = {}): Promise<{ result: StepResult; interrupted: boolean }> {
  const view = new LiveOutput(context.terminal, context.recordedMs.get(step.id));
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
    interrupted ||= result.attempts.some((attempt) => attempt.interrupted) || Boolean(result.hosts?.some((host) => host.attempts.some((a) => a.interrupted)));
    return { result, interrupted };
  } finally {
    view.stop();
    unsubscribe();
  }
}
