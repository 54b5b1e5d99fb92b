// A learner task (a `verify` step): the learner does it by hand (in another terminal, or the
// walk's own), then chooses Check; the verify block says passed or not yet, with the section's hint. The
// solution can be shown, or run in a live walk.
import type { Step } from '../model/lab.js';
import { skippedResult } from '../step/result.js';
import type { WalkMove, WalkContext } from './context.js';
import type { Choice } from './prompter.js';
import { runWithView } from './run-view.js';
import { commandBlock, resultReport, stepDetails } from './step-view.js';
import { printStepHeading } from './step-flow.js';
import { backgroundChoice, showBackgroundJobs } from './background.js';
import { autoRuns, chooseJump } from './moves.js';
import { openTerminal, terminalChoice } from './attached-shell.js';
import { MARKS } from '../text/marks.js';

type TaskAction = 'check' | 'hint' | 'solution' | 'solve' | 'skip' | 'details' | 'terminal' | 'jobs' | 'jump' | 'back' | 'quit';

export async function walkTask(context: WalkContext, step: Step): Promise<WalkMove> {
  const { terminal, runner, prompter } = context;
  const { style } = terminal;
  const hint = step.task?.hint ?? context.lab.sections[step.section]?.hint;
  printStepHeading(context, step);
  autoRuns(context, step); // run-all stops at a task, and says so
  terminal.line(style.magenta(context.terminalShell
    ? 'Your task: do what this section asks, by hand (Terminal opens a shell with the lab\'s state, or use another terminal), then choose Check.'
    : 'Your task: do what this section asks, by hand (in another terminal), then choose Check.'));
  terminal.line(style.dim('Check runs:'));
  terminal.line(commandBlock(terminal, runner.displayCommand(step)));
  let hintShown = false;
  for (;;) {
    const action = await prompter.select<TaskAction>(`${step.id}:`, taskChoices(context, step, Boolean(hint)), { default: 'check' });
    switch (action) {
      case 'quit':
        return 'quit';
      case 'back':
        return 'back';
      case 'jump': {
        const move = await chooseJump(context, step);
        // Run up to a later step: this task is the learner's, so the walk moves on to the next.
        if (move === 'run-to') return 'next';
        if (move !== 'stay') return move;
        break;
      }
      case 'skip':
        await context.onStepDone(step.index, skippedResult(step, 'task skipped in the walk', runner.displayCommand(step), runner.mode));
        terminal.line(style.yellow(`${MARKS.skipped} skipped`));
        return 'next';
      case 'details':
        terminal.line(stepDetails(step, context.origins?.get(step.id)));
        break;
      case 'terminal':
        await openTerminal(context, step);
        break;
      case 'jobs':
        showBackgroundJobs(context);
        break;
      case 'hint':
        terminal.line(showHint(context, hint!));
        hintShown = true;
        break;
      case 'solution':
        terminal.line(style.dim('Solution:'));
        terminal.line(commandBlock(terminal, context.runner.displayCommand(step, step.task!.solve!.command)));
        break;
      case 'solve': {
        if (!(await prompter.confirm('Run the solution for you?', { default: false }))) break;
        const { result } = await runWithView(context, step, (s, options) => runner.run(s, { ...options, part: 'solve' }), { confirmed: true });
        terminal.line(result.status === 'passed' ? style.green('Solution ran. Now Check it.') : resultReport(terminal, step, result));
        break;
      }
      case 'check': {
        const { result, interrupted } = await runWithView(context, step, (s, options) => runner.run(s, { ...options, part: 'check' }));
        context.results.set(step.id, result);
        if (result.status === 'passed') {
          terminal.line(style.green(`${MARKS.passed} Task passed. Well done.`));
          await context.onStepDone(step.index, result);
          return 'next';
        }
        if (interrupted) {
          terminal.line(style.yellow('Check stopped (Ctrl-C).'));
          break;
        }
        terminal.line(style.yellow(`${MARKS.failed} Not yet.`));
        terminal.line(resultReport(terminal, step, result));
        if (hint && !hintShown) terminal.line(showHint(context, hint!));
        hintShown = true;
        break;
      }
    }
  }
}

function taskChoices(context: WalkContext, step: Step, hasHint: boolean): Array<Choice<TaskAction>> {
  const solve = step.task?.solve;
  const live = context.runner.mode === 'live';
  return [
    { value: 'check', name: 'Check', key: 'c' },
    ...(hasHint ? [{ value: 'hint' as const, name: 'Hint', key: 'h' }] : []),
    ...(solve ? [{ value: 'solution' as const, name: 'Show solution', key: 'o' }] : []),
    ...(solve && live ? [{ value: 'solve' as const, name: 'Run solution', key: 'u' }] : []),
    { value: 'skip', name: 'Skip', key: 's' },
    { value: 'details', name: 'Details', key: 'd' },
    ...terminalChoice<TaskAction>(context, 'terminal'),
    ...backgroundChoice<TaskAction>(context, 'jobs'),
    { value: 'jump', name: 'Steps', key: 'g' },
    ...(step.index > 0 ? [{ value: 'back' as const, name: 'Back', key: 'b' }] : []),
    { value: 'quit', name: 'Quit', key: 'q' },
  ];
}

/** The hint is Markdown (inline code, bold): rendered like the prose, never shown raw. */
function showHint(context: WalkContext, hint: string): string {
  return context.terminal.style.yellow(context.renderer.prose(`**Hint:** ${hint}`));
}
