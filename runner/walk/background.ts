// Background steps (port-forwards, watchers) while a walk goes on: listed with their state
// and their log so far, from any step prompt.
import type { WalkContext } from './context.js';
import type { Choice } from './prompter.js';
import { shorten } from './step-view.js';

export function backgroundChoice<T>(context: WalkContext, value: T): Array<Choice<T>> {
  const jobs = context.runner.backgroundJobs();
  return jobs.length > 0 ? [{ value, name: `Jobs (${jobs.length})`, key: 'j' }] : [];
}

const LOG_TAIL_LINES = 20;
/** Screen lines one log line may fill: a job printing megabytes without a newline shows its start. */
const SCREEN_LINES_PER_LOG_LINE = 3;

export function showBackgroundJobs(context: WalkContext): void {
  const { terminal } = context;
  const room = terminal.width * SCREEN_LINES_PER_LOG_LINE - 4;
  for (const job of context.runner.backgroundJobs()) {
    terminal.line(terminal.style.bold(`● ${job.stepId} — ${job.running ? 'running' : 'stopped'}`));
    const lines = job.log().replace(/\n$/, '').split('\n');
    const tail = lines.slice(-LOG_TAIL_LINES);
    if (lines.length > tail.length) terminal.line(terminal.style.dim(`  … ${lines.length - tail.length} earlier lines`));
    for (const line of tail) terminal.line(terminal.style.dim('  │ ') + shorten(line, room));
  }
}
