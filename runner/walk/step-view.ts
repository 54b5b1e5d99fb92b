// How a step looks in the walk: its header, its command, its attributes and expectations in
// words (Details), and what happened (each expectation passed or not, diffs for mismatches).
import { formatDuration } from '../text/duration.js';
import type { Expectation } from '../expect/index.js';
import { EXPECT_MODES } from '../expect/index.js';
import type { Lab, Step } from '../model/lab.js';
import type { StepResult } from '../model/result.js';
import { colorizeDiff } from '../expect/colorize.js';
import type { Terminal } from './terminal.js';
import { wrapText } from './wrap.js';
import { splitAtColumns, visibleLength } from './ansi.js';
import { provenanceWords } from '../report/provenance.js';
import { MARKS } from '../text/marks.js';

/** `Step 2/5 · id · Section`, within `room` columns: the section shortened first, then the id, never cut mid-line. */
export function stepHeader(lab: Lab, step: Step, room = Infinity): string {
  const count = `Step ${step.index + 1}/${lab.steps.length}`;
  const section = lab.sections[step.section]?.title;
  const full = [count, step.id, ...(section ? [section] : [])].join(' · ');
  if (visibleLength(full) <= room) return full;
  const head = `${count} · ${step.id}`;
  if (section && visibleLength(head) + 4 + 3 <= room) return `${head} · ${shorten(section, room - visibleLength(head) - 3)}`;
  if (visibleLength(head) <= room) return head;
  return `${count} · ${shorten(step.id, Math.max(4, room - count.length - 3))}`;
}

/** `text` (no ANSI codes) in at most `room` columns, `…` marking a cut. */
export function shorten(text: string, room: number): string {
  return visibleLength(text) <= room ? text : `${splitAtColumns(text, Math.max(1, room - 1))[0]}…`;
}

/** "6s", not "6.0s": a duration the lab wrote (an interval, a timeout) as a whole number of seconds reads as written. */
function roundDuration(ms: number): string {
  return formatDuration(ms).replace(/^(\d+)\.0s$/, '$1s');
}

/** Short badges after the header: what is special about this step. */
export function stepBadges(step: Step): string[] {
  const { attributes: a } = step;
  const badges: string[] = [];
  if (step.task) badges.push('task');
  if (a.retry) badges.push(`retry ${a.retry}×${a.intervalMs ? ` every ${roundDuration(a.intervalMs)}` : ''}`);
  if (a.confirm !== undefined) badges.push('asks first');
  if (a.tty) badges.push('terminal');
  if (a.background) badges.push('background');
  if (a.cleanup) badges.push('cleanup');
  if (a.hosts) badges.push(`on ${a.hosts}`);
  if (a.pods ?? a.selector) badges.push(`in pods ${a.pods ?? a.selector}`);
  if (a.forMs) badges.push(`runs ${formatDuration(a.forMs)}`);
  return badges;
}

/** The command as it will run, one `$ ` per first line, continuation lines indented. */
export function commandBlock(terminal: Terminal, command: string): string {
  const { style } = terminal;
  const lines = command.split('\n');
  const body = lines.map((line, index) => `${index === 0 ? style.cyan('$') : ' '} ${style.bold(line)}`).join('\n');
  return wrapText(body, terminal.width);
}

export function describeExpectation(expectation: Expectation): string {
  const stream = expectation.stream === 'both' ? 'stdout and stderr' : expectation.stream;
  const exit = expectation.exit === undefined ? '' : expectation.exit === 'any' ? ', any exit code' : `, exit code ${expectation.exit}`;
  if (expectation.text.trim() === '' && expectation.exit !== undefined) return `exits with ${expectation.exit === 'any' ? 'any code' : `code ${expectation.exit}`}`;
  return `${EXPECT_MODES[expectation.mode].describe(stream)}${exit}`;
}

/** Details: the step's attributes and expectations in plain words; in practice, where its output came from. */
export function stepDetails(step: Step, origin?: { words: string; note?: string }): string {
  const { attributes: a } = step;
  const lines: string[] = [];
  const say = (text: string) => lines.push(`  • ${text}`);
  say(`written at ${step.position.file}:${step.position.line}`);
  if (origin) say(`replayed output: ${origin.words}${origin.note ? ` (note: ${origin.note})` : ''}`);
  if (a.timeoutMs) say(`stopped after ${roundDuration(a.timeoutMs)}`);
  if (a.retry) say(`run again until the expectations pass, at most ${a.retry} times${a.intervalMs ? `, ${roundDuration(a.intervalMs)} apart` : ''}`);
  if (a.capture) say(`its output becomes the variable ${a.capture}`);
  if (a.forMs) say(`a never-ending command: runs for ${roundDuration(a.forMs)}, then stopped (passes if still running)`);
  if (a.background) say('started in the background and left running until the lab ends');
  if (a.cleanup) say('a cleanup step: offered again when you quit a live walk');
  if (a.confirm !== undefined) say(`asks before running${a.confirm ? `: ${a.confirm}` : ''}`);
  if (a.tty) say('needs your terminal: you type in it, and come back when it exits');
  if (a.hosts) say(`runs on each of ${a.hosts} over ssh${a.sshUser ? ` as ${a.sshUser}` : ''}`);
  if (a.pods) say(`runs in each of the pods ${a.pods} through kubectl exec${a.container ? `, container ${a.container}` : ''}`);
  if (a.selector) say(`runs in every pod matching ${a.selector}${a.namespace ? ` in ${a.namespace}` : ''} through kubectl exec${a.container ? `, container ${a.container}` : ''}`);
  if (a.cwd) say(`runs in ${a.cwd}`);
  if (a.skip !== false) say(`skipped${a.skip === true ? '' : `: ${a.skip}`}`);
  if (a.exit !== undefined) say(`expected exit code: ${a.exit}`);
  if (a.stdin) say('gets answers on its input');
  if (step.task) say(`a task for you: do it by hand, then Check${step.task.solve ? ' (a solution is available)' : ''}`);
  if (step.expectations.length === 0 && a.exit === undefined) say('passes when it exits with code 0');
  for (const expectation of step.expectations) {
    say(describeExpectation(expectation));
    if (expectation.text.trim()) lines.push(...expectation.text.split('\n').map((line) => `      ${line}`));
  }
  return lines.join('\n');
}

/** After a run: one line per expectation (✓/✗), then each failure with its diff. */
export function resultReport(terminal: Terminal, step: Step, result: StepResult): string {
  const { style } = terminal;
  const lines: string[] = [];
  const failedAt = new Set(result.failures.map((failure) => failure.position && `${failure.position.line}:${failure.position.column}`));
  if (result.status === 'skipped') return style.yellow(`${MARKS.skipped} skipped${result.skipReason ? `: ${result.skipReason}` : ''}`);
  // Two expectations described alike are one line with a count, not the same line twice.
  const described = new Map<string, { failed: boolean; count: number }>();
  for (const expectation of step.expectations) {
    const failed = failedAt.has(`${expectation.position.line}:${expectation.position.column}`);
    const key = `${failed ? 'x' : 'v'}${describeExpectation(expectation)}`;
    const seen = described.get(key);
    if (seen) seen.count += 1;
    else described.set(key, { failed, count: 1 });
  }
  for (const [key, { failed, count }] of described) {
    lines.push(`${failed ? style.red(MARKS.failed) : style.green(MARKS.passed)} ${key.slice(1)}${count > 1 ? ` (×${count})` : ''}`);
  }
  if (result.status === 'failed') {
    for (const failure of result.failures) {
      lines.push(style.red(`  ${failure.message}`));
      if (failure.diff) lines.push(indent(terminal.color ? colorizeDiff(failure.diff) : failure.diff, '    '));
    }
  }
  // A hand-written output's duration is invented: never shown. A transcript names its source.
  const took = result.source !== 'replay' ? formatDuration(result.durationMs)
    : result.provenance ? provenanceWords(result.provenance, result.recordedDurationMs)
      : result.recordedDurationMs !== undefined ? `recorded ${formatDuration(result.recordedDurationMs)}` : 'replayed';
  const attempts = result.attempts.length > 1 ? ` after ${result.attempts.length} attempts` : '';
  lines.push(result.status === 'passed' ? style.green(`${MARKS.passed} passed${attempts} (${took})`) : style.red(`${MARKS.failed} failed${attempts} (${took})`));
  return lines.join('\n');
}

/** Everything the step printed, last attempt (per host or pod for remote steps). */
export function fullOutput(result: StepResult): string {
  const show = (attempt: { stdout: string; stderr: string; exitCode: number | null }) =>
    `${attempt.stdout}${attempt.stderr ? `${attempt.stdout.endsWith('\n') || !attempt.stdout ? '' : '\n'}[stderr]\n${attempt.stderr}` : ''}` +
    `\n[exit ${attempt.exitCode ?? 'signal'}]`;
  if (result.remotes) {
    return result.remotes.map((remote) => `── ${remote.name}\n${remote.error ?? (remote.attempts.at(-1) ? show(remote.attempts.at(-1)!) : '(no output)')}`).join('\n');
  }
  const last = result.attempts.at(-1);
  return last ? show(last) : '(no output)';
}

function indent(text: string, prefix: string): string {
  return text.split('\n').map((line) => `${prefix}${line}`).join('\n');
}
