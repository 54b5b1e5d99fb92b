// Moving around a walk: run all remaining steps (or up to a chosen one) without asking, stopping
// where a learner must decide; jump to a step from a list with each step's status; back one step;
// going past steps not run (what they would have set).
import type { Lab, Step } from '../model/lab.js';
import type { WalkContext, WalkMove } from './context.js';
import { stepVariableNames } from '../lab/shell-variables.js';
import { restorableVariables } from './state.js';
import { MARKS } from '../text/marks.js';

/** Why run-all stops before this step (it needs the learner), or undefined to run it unasked. */
export function autoRunStop(step: Step): string | undefined {
  if (step.task) return 'a task for you';
  if (step.attributes.tty) return 'it needs your terminal';
  if (step.attributes.confirm !== undefined) return 'it asks before it runs';
  return undefined;
}

/** Before a step: true when run-all (or run-to-here) runs it without asking; ends run-all where it must stop. */
export function autoRuns(context: WalkContext, step: Step): boolean {
  const until = context.autoRunUntil;
  if (until === undefined) return false;
  if (step.index >= until) {
    context.autoRunUntil = undefined;
    return false;
  }
  const stop = autoRunStop(step);
  if (stop) {
    context.autoRunUntil = undefined;
    context.terminal.line(context.terminal.style.yellow(`Run all stops here: ${stop}.`));
    return false;
  }
  return true;
}

const STATUS_WORDS = { passed: `${MARKS.passed} passed`, failed: `${MARKS.failed} failed`, skipped: `${MARKS.skipped} skipped` } as const;

/**
 * The list of the lab's steps with their status; the chosen one becomes a move. A step ahead
 * may be run up to (the steps between run as run-all does) or just gone to.
 */
export async function chooseJump(context: WalkContext, current: Step): Promise<WalkMove | 'run-to' | 'stay'> {
  const { lab, prompter } = context;
  const choices = lab.steps.map((step) => {
    const status = context.statusOf(step.id);
    const mark = step.index === current.index ? '▶ here' : status ? STATUS_WORDS[status] : '· not run';
    return { value: step.index, name: `${String(step.index + 1).padStart(String(lab.steps.length).length)}. ${step.id}  ${mark}` };
  });
  const target = await prompter.pick('Go to which step?', choices, { default: current.index });
  if (target === current.index) return 'stay';
  if (target > current.index + 1) {
    const how = await prompter.select<'run' | 'go'>(`Step ${target + 1} (${lab.steps[target]!.id}):`, [
      { value: 'run', name: `Run up to it (steps ${current.index + 1}-${target})`, key: 'r' },
      { value: 'go', name: 'Just go there', key: 'g' },
    ], { default: 'run' });
    if (how === 'run') {
      context.autoRunUntil = target;
      return 'run-to';
    }
  }
  return { jump: target };
}

/**
 * What the fixture recorded that the given steps set (captures, assignments), in order: the values
 * a practice walk that skips them would otherwise lack. Only names the lab knows (never a
 * fixture's `PATH`).
 */
export function recordedValues(lab: Lab, recorded: Map<string, Record<string, string>>, steps: Step[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const step of steps) Object.assign(values, recorded.get(step.id));
  return restorableVariables(lab, values);
}

/**
 * "Just go there": from step `from` to a later step `to`, past steps that have not passed. In
 * practice the values they recorded are filled in (so a later `$NODE` has its value), and said;
 * live nothing is invented: the names they would have set that have no value now are named.
 */
export function goPast(context: WalkContext, from: number, to: number): void {
  const { lab, runner, terminal } = context;
  const gone = lab.steps.slice(from, to).filter((step) => context.statusOf(step.id) !== 'passed');
  if (gone.length === 0) return;
  if (context.recordedVariables) {
    const values = recordedValues(lab, context.recordedVariables, gone);
    const names = Object.keys(values);
    if (names.length === 0) return;
    runner.setVariables(values);
    terminal.line(terminal.style.dim(`Filled in from the recording of the steps gone past: ${names.join(', ')}.`));
    return;
  }
  const current = runner.variables();
  const missing = [...new Set(gone.flatMap((step) => [...stepVariableNames(step)]))].filter((name) => current[name] === undefined);
  if (missing.length === 0) return;
  terminal.line(terminal.style.yellow(`Not set: ${missing.join(', ')} (the steps gone past set ${missing.length === 1 ? 'it' : 'them'}; a later step using ${missing.length === 1 ? 'it' : 'them'} may fail). [b] Back or [g] Steps to run them.`));
}
