// The walk itself: the lab's sections in order, prose rendered, each step offered in turn, from
// the step the learner resumes at; then the summary, or on Quit the cleanup offer.
import { formatDuration } from '../text/duration.js';
import type { Lab } from '../model/lab.js';
import type { StepStatus } from '../model/result.js';
import type { WalkContext } from './context.js';
import { cleanupSteps, runCleanup } from '../step/cleanup.js';
import { runWithView } from './run-view.js';
import { resultReport } from './step-view.js';
import { walkStep } from './step-flow.js';
import { walkTask } from './task-flow.js';
import { goPast } from './moves.js';

export type WalkOutcome = 'completed' | 'quit';

type Entry = { kind: 'heading'; section: number } | { kind: 'prose'; markdown: string } | { kind: 'code'; language: string; text: string } | { kind: 'step'; index: number };

/** The lab as one sequence: headings, prose, code and steps in reading order. */
function readingOrder(lab: Lab): Entry[] {
  const entries: Entry[] = [];
  for (const [index, section] of lab.sections.entries()) {
    entries.push({ kind: 'heading', section: index });
    for (const item of section.items) {
      if (item.kind === 'prose') entries.push({ kind: 'prose', markdown: item.markdown });
      else if (item.kind === 'code') entries.push({ kind: 'code', language: item.language, text: item.text });
      else entries.push({ kind: 'step', index: item.step });
    }
  }
  return entries;
}

export async function walkLab(context: WalkContext, startIndex: number): Promise<WalkOutcome> {
  const { lab, renderer, terminal } = context;
  const entries = readingOrder(lab);
  const positionOf = (stepIndex: number) => (stepIndex >= lab.steps.length ? entries.length : entries.findIndex((entry) => entry.kind === 'step' && entry.index === stepIndex));
  const show = (from: number, to: number) => {
    for (const entry of entries.slice(from, to)) {
      if (entry.kind === 'heading') {
        const section = lab.sections[entry.section]!;
        if (section.depth === 0) continue;
        terminal.line();
        terminal.line(renderer.prose(`${'#'.repeat(Math.min(section.depth, 6))} ${section.title}`));
      } else if (entry.kind === 'prose') {
        terminal.line();
        terminal.line(renderer.prose(entry.markdown));
      } else if (entry.kind === 'code') {
        terminal.line();
        terminal.line(renderer.code(entry.language, entry.text));
      }
    }
  };
  /** Arriving at a step out of order (a resume, a jump, back): its section's heading and the prose before it. */
  const arrive = (stepIndex: number) => {
    const at = positionOf(stepIndex);
    let from = at;
    while (from > 0 && entries[from - 1]!.kind !== 'heading') from -= 1;
    show(Math.max(0, from - 1), at);
  };
  let index = startIndex;
  if (index === 0) show(0, positionOf(0));
  else arrive(index);
  while (index < lab.steps.length) {
    const step = lab.steps[index]!;
    const move = step.task ? await walkTask(context, step) : await walkStep(context, step);
    if (move === 'quit') return 'quit';
    if (move === 'next') {
      index += 1;
      show(positionOf(index - 1) + 1, positionOf(index));
      continue;
    }
    const target = move === 'back' ? Math.max(0, index - 1) : Math.min(Math.max(0, move.jump), lab.steps.length - 1);
    context.autoRunUntil = undefined;
    if (target > index) goPast(context, index, target);
    index = target;
    arrive(index);
  }
  return 'completed';
}

/**
 * On quitting a live walk: the lab's cleanup steps, if the learner wants them now. `ask: false`
 * (the walk was terminated, nobody is there to answer) runs them without asking.
 */
export async function offerCleanup(context: WalkContext, options: { ask: boolean } = { ask: true }): Promise<void> {
  const { lab, runner, prompter, terminal } = context;
  const cleanup = cleanupSteps(lab.steps, (step) => context.results.get(step.id)?.status === 'passed');
  if (runner.mode !== 'live' || cleanup.length === 0) return;
  terminal.line();
  terminal.line(terminal.style.yellow(`This lab has cleanup steps (${cleanup.map((step) => step.id).join(', ')}): they remove what the lab created.`));
  if (options.ask && !(await prompter.confirm('Run them now?', { default: true }))) return;
  await runCleanup(cleanup, async (step) => {
    terminal.line(terminal.style.bold(`── cleanup · ${step.id}`));
    const { result } = await runWithView(context, step, (s, options) => runner.run(s, options), { confirmed: true });
    context.results.set(step.id, result);
    terminal.line(resultReport(terminal, step, result));
    return result;
  });
}

export interface WalkTally {
  passed: number;
  failed: number;
  skipped: number;
  notRun: number;
}

export function tally(lab: Lab, statuses: Record<string, StepStatus>): WalkTally {
  const counts: WalkTally = { passed: 0, failed: 0, skipped: 0, notRun: 0 };
  for (const step of lab.steps) {
    const status = statuses[step.id];
    if (status === undefined) counts.notRun += 1;
    else counts[status] += 1;
  }
  return counts;
}

export function summaryText(context: WalkContext, counts: WalkTally, elapsedMs: number, next?: Lab): string {
  const { style } = context.terminal;
  const parts = [style.green(`${counts.passed} passed`), counts.failed ? style.red(`${counts.failed} failed`) : `0 failed`, `${counts.skipped} skipped`];
  if (counts.notRun) parts.push(`${counts.notRun} not run`);
  const lines = [
    '',
    style.bold(context.terminal.rule(`Done · ${context.lab.meta.title}`)),
    `${parts.join(' · ')} · ${formatDuration(elapsedMs)}`,
  ];
  if (next) lines.push(`Next this week: ${style.bold(next.meta.title)}  →  ${style.cyan(`lab walk ${next.meta.id}`)}`);
  // Only a lab in a week's folder (an id with a folder) has a week to be the last of.
  else if (context.lab.meta.id.includes('/')) lines.push(style.dim('That was the last lab of this week.'));
  return lines.join('\n');
}
