// The cleanup rule: a lab's `cleanup` steps run at the end, in order, after a failure and after
// Ctrl-C too (never stopped by the signal that interrupted the run), so a live run does not leave
// a billable cluster behind. `lab run`, `lab record` and the walk all end through here.
import type { Step } from '../model/lab.js';
import type { StepResult } from '../model/result.js';

/** The cleanup steps among `steps`, less the ones that already passed. */
export function cleanupSteps(steps: Step[], passed: (step: Step) => boolean = () => false): Step[] {
  return steps.filter((step) => step.attributes.cleanup && !passed(step));
}

/** Runs each cleanup step with `runOne` (its front end's own view), one after another. */
export async function runCleanup(steps: Step[], runOne: (step: Step) => Promise<StepResult>): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (const step of steps) results.push(await runOne(step));
  return results;
}
