// The start of a walk: the lab's title and mode, for a live walk its cost and the tools it needs
// (and the go-ahead), and for a lab walked before, where to pick up.
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { formatDuration } from '../text/duration.js';
import type { Lab } from '../model/lab.js';
import type { Prompter } from './prompter.js';
import { displayFolder } from '../lab/trust.js';
import { resumeIndex, type LabProgress } from './state.js';
import type { Terminal } from './terminal.js';
import { MARKS } from '../text/marks.js';

/**
 * `recordedSteps`: how many steps were recorded when only some were (the rest transcribed or
 * written by hand): the duration is then theirs, never "the recorded run".
 */
export function printIntro(terminal: Terminal, lab: Lab, mode: 'live' | 'replay', recordedMs?: number, outputsFrom = 'the recorded run', recordedSteps?: number): void {
  const { style } = terminal;
  terminal.line(style.bold(terminal.rule(lab.meta.title)));
  if (lab.meta.description) terminal.line(lab.meta.description);
  const facts = [`${lab.steps.length} step${lab.steps.length === 1 ? '' : 's'}`];
  if (lab.meta.estimate) facts.push(`~${lab.meta.estimate} min live`);
  if (recordedMs !== undefined) {
    facts.push(recordedSteps === undefined ? `recorded run took ${formatDuration(recordedMs)}` : `${recordedSteps} recorded step${recordedSteps === 1 ? '' : 's'} took ${formatDuration(recordedMs)}`);
  }
  terminal.line(style.dim(`${lab.meta.id} · ${facts.join(' · ')}`));
  terminal.line(
    mode === 'replay'
      ? style.cyan(`Practice mode: outputs come from ${outputsFrom}. Nothing runs, nothing is billed. (--live for real)`)
      : style.yellow('LIVE: commands run for real in your shell and account.'),
  );
}

async function onPath(command: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    try {
      await access(path.join(dir, command), constants.X_OK);
      return true;
    } catch {
      // not in this folder
    }
  }
  return false;
}

/** A cost that says the lab is free (the scaffold's "Free (runs on your machine only).") asks no "costs money". */
export function isFree(cost: string | undefined): boolean {
  return !cost || /^\s*(?:free|none|no cost|nothing|\$?0(?:\.0+)?)\b/i.test(cost);
}

/**
 * Live only: what it costs, which tools are there; 'go' when the learner goes on, 'declined',
 * or 'missing' (a required tool is not on PATH: the caller fails as `lab run --live` does, exit 2).
 */
export async function confirmLiveStart(terminal: Terminal, prompter: Prompter, lab: Lab, env: NodeJS.ProcessEnv): Promise<'go' | 'declined' | 'missing'> {
  const { style } = terminal;
  if (lab.meta.cost) terminal.line(`${style.bold('Cost:')} ${lab.meta.cost}`);
  if (lab.meta.aws) terminal.line(style.dim('Your AWS identity is checked (aws sts get-caller-identity) before the first step.'));
  let missing = 0;
  if (lab.meta.requires.length > 0) {
    const checks = await Promise.all(lab.meta.requires.map(async (tool) => ({ tool, found: await onPath(tool, env) })));
    missing = checks.filter((check) => !check.found).length;
    terminal.line(`${style.bold('Needs:')} ${checks.map(({ tool, found }) => (found ? style.green(`${MARKS.passed} ${tool}`) : style.red(`${MARKS.failed} ${tool}`))).join('  ')}`);
    if (missing) terminal.line(style.red(`Install the missing tool${missing === 1 ? '' : 's'} first, or practise without --live.`));
  }
  if (missing) return 'missing';
  const paid = !isFree(lab.meta.cost);
  const go = await prompter.confirm(paid ? 'This costs money. Go on?' : 'Run this lab for real?', { default: !paid });
  if (!go) terminal.line('Not started: nothing ran.');
  return go ? 'go' : 'declined';
}

/** A live walk of a lab from outside this project's labs/ folder: true only when the learner trusts it. */
export async function confirmTrust(terminal: Terminal, prompter: Prompter, lab: Lab, labsFolder: string, cwd: string): Promise<boolean> {
  const { style } = terminal;
  terminal.line(style.yellow(`${lab.displayPath} is not in ${displayFolder(labsFolder, cwd)}: a live walk runs its commands in your shell, as you.`));
  terminal.line(style.dim('Read it first if you do not know where it comes from. (Practice mode, without --live, runs nothing.)'));
  const trusted = await prompter.confirm('Trust this lab and run its commands?', { default: false });
  if (!trusted) terminal.line('Not trusted: nothing ran.');
  return trusted;
}

export type ResumeChoice = 'resume' | 'restart' | 'quit';

/** For a lab walked before: resume at the saved step, or start over. */
/** `asked`: the learner chose (a finished walk starts again from the top without asking). */
export async function askResume(terminal: Terminal, prompter: Prompter, lab: Lab, progress: LabProgress): Promise<{ choice: ResumeChoice; index: number; asked: boolean }> {
  const index = resumeIndex(lab, progress);
  if (progress.completedAt || index === 0 || index >= lab.steps.length) {
    if (progress.completedAt) terminal.line(terminal.style.dim(`You finished this lab on ${progress.completedAt.slice(0, 10)}; starting again from the top.`));
    return { choice: 'restart', index: 0, asked: false };
  }
  const step = lab.steps[index]!;
  const saved = Object.keys(progress.variables).length;
  terminal.line(`You stopped before step ${index + 1}/${lab.steps.length} (${step.id})${saved ? `; ${saved} variable${saved === 1 ? '' : 's'} saved` : ''}.`);
  const choice = await prompter.select<ResumeChoice>(
    'Pick up where you left off?',
    [
      { value: 'resume', name: `Resume at step ${index + 1}`, key: 'r' },
      { value: 'restart', name: 'Start over', key: 's' },
      { value: 'quit', name: 'Quit', key: 'q' },
    ],
    { default: 'resume' },
  );
  return { choice, index: choice === 'resume' ? index : 0, asked: true };
}
