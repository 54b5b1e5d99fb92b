// One step of a walk: header, command, and the Run / Skip / Edit / Details / Quit prompt; after
// a run, each expectation's result and, on a mismatch or Ctrl-C, Retry / Skip / Show output / Quit.
import type { Step } from '../model/lab.js';
import type { StepResult } from '../model/result.js';
import { skippedResult } from '../step/result.js';
import type { WalkMove, WalkContext } from './context.js';
import type { Choice } from './prompter.js';
import { runWithView } from './run-view.js';
import { commandBlock, fullOutput, resultReport, stepBadges, stepDetails, stepHeader } from './step-view.js';
import { backgroundChoice, showBackgroundJobs } from './background.js';
import { autoRuns, chooseJump } from './moves.js';
import { commandView, copyCommand, copyText } from './command-view.js';
import { openTerminal, terminalChoice } from './attached-shell.js';
import { MARKS } from '../text/marks.js';

type StepAction = 'run' | 'all' | 'skip' | 'edit' | 'details' | 'copy' | 'terminal' | 'jobs' | 'jump' | 'back' | 'quit';
type FailureAction = 'retry' | 'skip' | 'output' | 'edit' | 'quit';

/** A practice walk's words for a step edited after its recording (CI fails such a step instead). */
export const STALE_WORDS = '⚠ changed since the recording; output replayed is from the old command';

export function printStepHeading(context: WalkContext, step: Step): void {
  const { terminal } = context;
  const badges = stepBadges(step);
  terminal.line();
  terminal.line(terminal.style.bold(terminal.rule(stepHeader(context.lab, step, terminal.width - 7))));
  if (badges.length > 0) terminal.line(terminal.style.dim(`[${badges.join('] [')}]`));
  if (context.staleSteps?.has(step.id)) terminal.line(terminal.style.yellow(STALE_WORDS));
}

export async function walkStep(context: WalkContext, step: Step): Promise<WalkMove> {
  const { terminal, runner, prompter, lab } = context;
  printStepHeading(context, step);
  terminal.line(commandView(terminal, lab, step.command, runner.variables()));
  if (step.attributes.skip !== false) {
    const result = await runner.run(step);
    terminal.line(resultReport(terminal, step, result));
    await context.onStepDone(step.index, result);
    return 'next';
  }
  // Before Run, not after: the learner decides with the reason in front of them.
  if (runner.mode === 'live' && step.attributes.confirm !== undefined) terminal.line(terminal.style.yellow(`Asks before it runs: ${step.attributes.confirm || 'this step changes real resources'}.`));
  if (step.attributes.tty && runner.mode === 'replay') terminal.line(terminal.style.dim('This step needs a terminal: in practice mode there is nothing to replay, so Run only marks it seen.'));
  const live = runner.mode === 'live';
  let edited: string | undefined;
  let action: StepAction | FailureAction = autoRuns(context, step) ? 'run' : await askStepAction(context, step, live);
  for (;;) {
    if (action === 'quit') return 'quit';
    if (action === 'back') return 'back';
    if (action === 'all') {
      context.autoRunUntil = lab.steps.length;
      action = 'run';
      continue;
    }
    if (action === 'jump') {
      const move = await chooseJump(context, step);
      if (move === 'stay') {
        action = await askStepAction(context, step, live);
        continue;
      }
      if (move !== 'run-to') return move;
      action = 'run';
      continue;
    }
    if (action === 'skip') {
      await context.onStepDone(step.index, skippedResult(step, 'skipped in the walk', runner.displayCommand(step), runner.mode));
      terminal.line(terminal.style.yellow(`${MARKS.skipped} skipped`));
      return 'next';
    }
    if (action === 'details') {
      terminal.line(stepDetails(step, context.origins?.get(step.id)));
      action = await askStepAction(context, step, live);
      continue;
    }
    if (action === 'copy') {
      terminal.line(terminal.style.dim(await copyCommand(terminal, copyText(lab, edited ?? step.command, runner.variables()), context.env ?? process.env)));
      action = await askStepAction(context, step, live);
      continue;
    }
    if (action === 'terminal') {
      await openTerminal(context, step);
      // What the learner changed shows in the command's values before they choose again.
      terminal.line(commandView(terminal, lab, edited ?? step.command, runner.variables()));
      action = await askStepAction(context, step, live);
      continue;
    }
    if (action === 'jobs') {
      showBackgroundJobs(context);
      action = await askStepAction(context, step, live);
      continue;
    }
    if (action === 'edit') {
      edited = await prompter.input('Command for this run only:', { default: edited ?? step.command, prefill: true });
      terminal.line(commandBlock(terminal, edited));
      action = 'run';
      continue;
    }
    if (action === 'output') {
      const last = context.results.get(step.id);
      if (last) terminal.line(fullOutput(last));
      action = await askFailureAction(context, live, false);
      continue;
    }
    // run or retry
    if (live && action === 'run' && context.statusOf(step.id) === 'passed') {
      // Back or a jump to a step that already ran for real: running it again is a choice, not a key slip.
      if (!(await prompter.confirm('This step already ran for real (passed). Run it again?', { default: false }))) {
        action = await askStepAction(context, step, live);
        continue;
      }
    }
    if (live && step.attributes.confirm !== undefined) {
      const why = step.attributes.confirm || 'This step changes real resources';
      if (!(await prompter.confirm(`${why}. Run it?`, { default: false }))) {
        action = await askStepAction(context, step, live);
        continue;
      }
    }
    let remote: string | undefined;
    if (live && step.attributes.tty) {
      const remotes = await runner.remotesOf(step);
      if (remotes.length > 1) {
        remote = await prompter.select(`Open the terminal on which ${step.attributes.hosts !== undefined ? 'host' : 'pod'}?`, remotes.map((name, index) => ({ value: name, name, key: String(index + 1) })), { default: remotes[0] });
      }
      terminal.line(terminal.style.dim(`Handing you the terminal${remote ?? remotes[0] ? ` on ${remote ?? remotes[0]}` : ''}; exit the command to come back to the walk.`));
    }
    const { result, interrupted } = await runWithView(context, step, (s, options) => runner.run(s, { ...options, remote }), { command: edited, confirmed: true });
    context.results.set(step.id, result);
    terminal.line(resultReport(terminal, step, result));
    if (result.status !== 'failed') {
      await context.onStepDone(step.index, result);
      if (step.attributes.background && result.status === 'passed') terminal.line(terminal.style.dim('Left running in the background: choose Jobs at a later prompt to see its log.'));
      return 'next';
    }
    context.autoRunUntil = undefined; // run-all stops at a failure
    await context.onStepDone(step.index, { ...result, status: 'failed' });
    if (interrupted && !context.terminated?.()) terminal.line(terminal.style.yellow('Stopped (Ctrl-C). The walk goes on.'));
    action = await askFailureAction(context, live, interrupted);
  }
}

async function askStepAction(context: WalkContext, step: Step, live: boolean): Promise<StepAction> {
  const choices: Array<Choice<StepAction>> = [
    { value: 'run', name: 'Run', key: 'r' },
    { value: 'all', name: 'Run all', key: 'a' },
    { value: 'skip', name: 'Skip', key: 's' },
    live ? { value: 'edit', name: 'Edit', key: 'e' } : { value: 'edit', name: 'Edit', key: 'e', disabled: 'live only' },
    { value: 'details', name: 'Details', key: 'd' },
    { value: 'copy', name: 'Copy', key: 'y' },
    ...terminalChoice<StepAction>(context, 'terminal'),
    ...backgroundChoice<StepAction>(context, 'jobs'),
    { value: 'jump', name: 'Steps', key: 'g' },
    ...(step.index > 0 ? [{ value: 'back' as const, name: 'Back', key: 'b' }] : []),
    { value: 'quit', name: 'Quit', key: 'q' },
  ];
  return context.prompter.select(`${step.id}:`, choices, { default: 'run' });
}

async function askFailureAction(context: WalkContext, live: boolean, interrupted: boolean): Promise<FailureAction> {
  const choices: Array<Choice<FailureAction>> = [
    { value: 'retry', name: 'Retry', key: 'r' },
    { value: 'skip', name: 'Skip', key: 's' },
    ...(interrupted ? [] : [{ value: 'output' as const, name: 'Show full output', key: 'o' }]),
    ...(live ? [{ value: 'edit' as const, name: 'Edit', key: 'e' }] : []),
    { value: 'quit', name: 'Quit', key: 'q' },
  ];
  return context.prompter.select(interrupted ? 'Stopped:' : 'Not as expected:', choices, { default: 'retry' });
}

export type { StepResult };
