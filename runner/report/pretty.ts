// `--reporter pretty`: what a person reads. A live step's name comes before its output, which
// streams as it comes. On a terminal (not CI), a step running over a second gets one redrawn
// progress line (elapsed, and the recorded duration); otherwise (CI logs, pipes) plain lines only,
// never cursor movement, and a "still running" line after a silent minute so a log shows life.
import { provenanceWords } from './provenance.js';
import { colorizeDiff } from '../expect/index.js';
import { formatDuration } from '../text/duration.js';
import { terminalText } from '../text/terminal-text.js';
import type { Lab, Step } from '../model/lab.js';
import type { Failure, LabResult, RemoteResult, RunResult, StepResult } from '../model/result.js';
import type { OutputChunk, OutputPressure, Reporter, RunInfo, StepProgress } from './reporter.js';
import { attemptCount, failureText, stripAnsi, summarize } from './summary.js';
import { MARKS } from '../text/marks.js';
import { LineMargin } from './line-margin.js';
import { drained, type DrainableOut } from '../process/backpressure.js';
import { TAIL_LINES } from '../model/events.js';

/** The progress line appears once a step has run this long, and is redrawn this often. */
const PROGRESS_AFTER_MS = 1000;
/** Not on a terminal: a live step silent this long says it is still running (and again after as long). */
export const STILL_RUNNING_EVERY_MS = 60_000;
const CLEAR_LINE = '\r\u001b[K';

/** stdout or a report file (streams: full buffers are waited for); a terminal says its width. */
type PrettyOut = DrainableOut & { columns?: number };

export interface PrettyOptions {
  /** A terminal a person watches (a TTY, not CI): the redrawn progress line. A log gets plain lines. */
  isTTY: boolean;
  color: boolean;
  /** Not a terminal, live: after how long a silent step prints "still running" (default STILL_RUNNING_EVERY_MS). */
  stillRunningEveryMs?: number;
  /** Lines of a step's live output shown as they come, then its last lines at the end; undefined: every line. */
  outputLines?: number;
}

/** The step that is running: its name is printed once, before its first output line. */
interface RunningStep {
  stepId: string;
  /** The step's id, and `attempt k/N` for a retried one. */
  text: string;
  startedAt: number;
  recordedDurationMs?: number;
  /** Its name is on a line of its own already (before its output, or a "still running" line). */
  named: boolean;
  /** When it last printed a line (or said it is still running). */
  lastLineAt: number;
  /** Past --output-lines: what has not been shown so far. */
  notShown?: () => { lines: number; bytes: number };
  timer?: NodeJS.Timeout;
}

type Paint = 'bold' | 'dim' | 'red' | 'green' | 'yellow';
const CODES: Record<Paint, string> = { bold: '1', dim: '2', red: '31', green: '32', yellow: '33' };

export class PrettyReporter implements Reporter {
  private mode: 'live' | 'replay' = 'replay';
  private running?: RunningStep;
  /** The progress line is on screen (the cursor is at its end, never at the start of a line). */
  private progressShown = false;
  /** The last margin, kept: a flood's chunks all come from the same remote (or none). */
  private margin?: { remote: string | undefined; width: number; lines: LineMargin };
  /** The widest host or pod name of the running step so far (those known before it ran, then any longer one seen). */
  private remoteWidth = 0;

  readonly liveOutputLines?: number;

  constructor(private readonly out: PrettyOut, private readonly options: PrettyOptions, private readonly finish?: () => Promise<void>) {
    if (options.outputLines !== undefined) this.liveOutputLines = options.outputLines;
  }

  private paint(style: Paint, text: string): string {
    return this.options.color ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text;
  }

  /** One line (or several) of the reporter's own; false when the writer's buffer is full. */
  private print(text: string): boolean {
    return this.emit(`${this.plain(text)}\n`);
  }

  /** Without colour, no escape sequence gets through; most texts hold no ESC or CSI at all, so the regex is seldom run. */
  private plain(text: string): string {
    return this.options.color || (!text.includes('\u001b') && !text.includes('\u009b')) ? text : stripAnsi(text);
  }

  /**
   * false when the writer's buffer is full (a pipe or terminal slower than the output). One write:
   * with the progress line up, it is cleared, the lines written whole, and drawn again under them,
   * so nothing lands in the middle of it (and a flood costs one write per chunk).
   */
  private emit(data: string | Uint8Array): boolean {
    let out = data;
    if (this.progressShown) {
      out = typeof data === 'string'
        ? `${CLEAR_LINE}${data}${this.progressLine()}`
        : Buffer.concat([Buffer.from(CLEAR_LINE), data, Buffer.from(this.progressLine())]);
    }
    const written = this.out.write(out);
    return written !== false;
  }

  onRunStart(info: RunInfo): void {
    this.mode = info.mode;
  }

  onLabStart(lab: Lab, mode: 'live' | 'replay'): void {
    this.mode = mode;
    this.print(`${this.paint('bold', `▶ ${lab.meta.id}`)}  ${lab.meta.title}  ${this.paint('dim', `(${mode})`)}`);
  }

  onStepStart(_lab: Lab, step: Step, progress: StepProgress): void {
    const attempt = progress.maxAttempts > 1 ? `  attempt ${progress.attempt}/${progress.maxAttempts}` : '';
    const text = `${step.id}${attempt}`;
    if (this.running?.stepId === step.id) {
      this.running.text = text; // a new attempt of the same step: elapsed time keeps counting
      // A log cannot redraw: a line per new attempt shows a long wait is alive. On a terminal the
      // progress line says it, and a line is printed only to part this attempt's output from the last's.
      if (this.mode === 'live' && progress.attempt > 1 && (!this.options.isTTY || this.running.named)) {
        this.running.named = true;
        this.print(`  … ${text}`);
      }
      return;
    }
    this.stopRunning();
    this.remoteWidth = Math.max(0, ...(progress.remotes ?? []).map((name) => name.length));
    const running: RunningStep = { stepId: step.id, text, startedAt: Date.now(), lastLineAt: Date.now(), named: false, ...(progress.recordedDurationMs !== undefined ? { recordedDurationMs: progress.recordedDurationMs } : {}) };
    this.running = running;
    if (this.options.isTTY) running.timer = setInterval(() => this.drawProgress(), PROGRESS_AFTER_MS);
    // Looked at four times per period, so the line comes at most a quarter period late.
    else if (this.mode === 'live') running.timer = setInterval(() => this.stillRunning(), (this.options.stillRunningEveryMs ?? STILL_RUNNING_EVERY_MS) / 4);
    running.timer?.unref();
  }

  onStepOutput(_lab: Lab, step: Step, chunk: OutputChunk): OutputPressure {
    if (this.mode === 'replay') return; // recorded output is shown on failure, not replayed line by line
    // Its name first, so a log never shows minutes of output without saying whose it is.
    if (this.running) {
      this.running.lastLineAt = Date.now();
      if (!this.running.named) {
        this.running.named = true;
        this.print(`  … ${this.running.text}`);
      }
    }
    // The step runner sends whole lines. One write per chunk, not per line: a step printing
    // millions of lines must not pay a write (a syscall on a file or pipe) for each; and one
    // pass over the chunk's bytes puts the margin on every line, with no array of lines.
    let text = this.plain(chunk.text);
    if (chunk.cut && this.running) this.running.notShown = chunk.cut.notShown;
    // Past --output-lines: one line says so, then nothing until the step ends and its last lines come.
    if (chunk.cut) text = `… more than ${'lines' in chunk.cut ? `${grouped(chunk.cut.lines)} lines` : `${grouped(chunk.cut.characters)} characters`}: the rest is not shown as it comes; the last ${TAIL_LINES} lines when the step ends (--output-lines all shows every line)\n`;
    else if (chunk.hidden && (chunk.hidden.lines > 0 || chunk.hidden.bytes > 0)) text = `[… ${chunk.hidden.lines > 0 ? `${grouped(chunk.hidden.lines)} line${chunk.hidden.lines === 1 ? '' : 's'}, ` : ''}${grouped(chunk.hidden.bytes)} bytes not shown …]\n${text}`;
    if (!text) return;
    if (this.emit(this.lineMargin(chunk.cut ? undefined : chunk.remote).apply(text))) return;
    return drained(this.out);
  }

  onStepEnd(_lab: Lab, step: Step, result: StepResult): void {
    this.stopRunning();
    this.print(`  ${this.stepLine(step, result)}`);
    const remoteNames = new Set(result.remotes?.map((remote) => remote.name));
    for (const remote of result.remotes ?? []) {
      this.print(`      ${this.remoteLine(remote)}`);
      if (result.status === 'failed') this.printFailures(result.failures.filter((f) => f.remote === remote.name && !restatesRemoteError(f, remote)), 10, step);
    }
    if (result.status === 'failed') {
      const unplaced = result.failures.filter((f) => !f.remote || !remoteNames.has(f.remote));
      this.printFailures(result.failures.length === 0 ? [{ message: `step \`${step.id}\` failed`, position: step.position }] : unplaced, 6, step);
    }
    for (const hook of result.hooks ?? []) {
      const exit = hook.attempts.at(-1)?.exitCode;
      this.print(`      ${this.paint('dim', `hook ${hook.name} ${hook.phase}: exit ${exit ?? 'none'}${result.source === 'replay' ? ' (recorded)' : ''}`)}`);
    }
    for (const warning of result.warnings ?? []) {
      this.print(`      ${this.paint('yellow', `warning: ${failureText(warning, step.position)}`)}`);
      if (warning.diff) this.print(indent(this.options.color ? colorizeDiff(warning.diff) : warning.diff, 8));
    }
  }

  onLabEnd(_lab: Lab, result: LabResult): void {
    if (!result.error) return;
    const where = result.error.position ? `${result.error.position.file}:${result.error.position.line}: ` : '';
    // The message may quote the lab (a `requires:` entry): its control characters never reach the terminal raw.
    this.print(`  ${this.paint('red', MARKS.failed)} ${terminalText(where + result.error.message)}`);
    if (result.error.hint) this.print(`    ${this.paint('dim', `hint: ${terminalText(result.error.hint)}`)}`);
  }

  async onRunEnd(result: RunResult): Promise<void> {
    this.stopRunning();
    const s = summarize(result);
    const parts = [`${s.labs} lab${s.labs === 1 ? '' : 's'}`, this.paint('green', `${s.passed} passed`)];
    parts.push(s.failed ? this.paint('red', `${s.failed} failed`) : '0 failed');
    parts.push(s.skipped ? this.paint('yellow', `${s.skipped} skipped`) : '0 skipped');
    if (s.errors) parts.push(this.paint('red', `${s.errors} could not run`));
    parts.push(formatDuration(result.durationMs));
    this.print(`\n${parts.join(' · ')}${result.interrupted ? '  (interrupted)' : ''}`);
    await this.finish?.();
  }

  private stepLine(step: Step, result: StepResult): string {
    if (result.status === 'skipped') return `${this.paint('yellow', MARKS.skipped)} ${step.id}  ${this.paint('dim', `skipped: ${result.skipReason ?? 'no reason given'}`)}`;
    const maxAttempts = step.attributes.retry ?? 1;
    const count = attemptCount(result);
    // `attempt 1/30` on a quick pass is noise; a wait that took several tries, or gave up, is news.
    const attempts = maxAttempts > 1 && (count > 1 || result.status === 'failed') ? `  attempt ${count}/${maxAttempts}` : '';
    const time = result.source === 'replay' && result.provenance
      ? provenanceWords(result.provenance, result.recordedDurationMs)
      : result.source === 'replay' && result.recordedDurationMs !== undefined
        ? `recorded ${formatDuration(result.recordedDurationMs)}`
        : `${formatDuration(result.durationMs)}${recordedBeside(result)}`;
    const mark = result.status === 'passed' ? this.paint('green', MARKS.passed) : this.paint('red', MARKS.failed);
    return `${mark} ${step.id}${attempts}  ${this.paint('dim', time)}`;
  }

  private remoteLine(remote: RemoteResult): string {
    const mark = remote.status === 'passed' ? this.paint('green', MARKS.passed) : remote.status === 'skipped' ? this.paint('yellow', MARKS.skipped) : this.paint('red', MARKS.failed);
    return `${mark} ${remote.name}${remote.error ? `  ${remote.error}` : ''}`;
  }

  private printFailures(failures: Failure[], indentWidth: number, step: Step): void {
    const pad = ' '.repeat(indentWidth);
    for (const failure of failures) {
      this.print(`${pad}${this.paint('red', failureText(failure, step.position))}`);
      if (failure.diff) this.print(indent(this.options.color ? colorizeDiff(failure.diff) : failure.diff, indentWidth + 2));
    }
  }

  /** What goes before and after each output line: the dim `│` margin (and host), and the colour's end. */
  private lineMargin(remote: string | undefined): LineMargin {
    if (remote && remote.length > this.remoteWidth) this.remoteWidth = remote.length;
    const width = remote ? this.remoteWidth : 0;
    if (!this.margin || this.margin.remote !== remote || this.margin.width !== width) {
      const [open, close] = this.options.color ? [`\u001b[${CODES.dim}m`, '\u001b[0m'] : ['', ''];
      // `node1:  ` and `node10: `: the output after the names lines up.
      this.margin = { remote, width, lines: new LineMargin(this.plain(`${open}    │ ${remote ? `${`${remote}:`.padEnd(width + 1)} ` : ''}`), close) };
    }
    return this.margin.lines;
  }

  /** `⏳ apply 12s (recorded 11m 58s)` (` · 1,234 lines not shown` past --output-lines), cut to the terminal's width: a wrapped line could not be cleared. */
  private progressLine(): string {
    const running = this.running!;
    const elapsed = ` ${wholeSeconds(Date.now() - running.startedAt)}`;
    const recorded = running.recordedDurationMs !== undefined ? ` (recorded ${formatDuration(running.recordedDurationMs)})` : '';
    // ⏳ takes two columns; one more is left free so the cursor never wraps onto a new row.
    const columns = (this.out.columns ?? 80) - 6;
    const times = columns - elapsed.length - recorded.length >= 8 ? elapsed + recorded : elapsed;
    const room = Math.max(2, columns - times.length);
    const name = room >= running.text.length ? running.text : `${running.text.slice(0, room - 1)}…`;
    const hidden = running.notShown?.();
    const notShown = hidden ? ` · ${grouped(hidden.lines)} lines not shown` : '';
    // Past --output-lines, what is not shown so far, when the line has room for it.
    const fits = name.length + times.length + notShown.length <= columns;
    return `  ⏳ ${name}${this.paint('dim', times + (fits ? notShown : ''))}`;
  }

  /** Redrawn in place, once a second from the first second on; a write of its own only while the step is silent. */
  private drawProgress(): void {
    if (!this.running) return;
    this.out.write(`${CLEAR_LINE}${this.progressLine()}`);
    this.progressShown = true;
  }

  /** A log's sign of life after a silence: `… still running apply: 5m (recorded 11m 58s)`; output after it is the step's. */
  private stillRunning(): void {
    const every = this.options.stillRunningEveryMs ?? STILL_RUNNING_EVERY_MS;
    if (!this.running || Date.now() - this.running.lastLineAt < every) return;
    this.running.named = true;
    this.running.lastLineAt = Date.now();
    const recorded = this.running.recordedDurationMs !== undefined ? ` (recorded ${formatDuration(this.running.recordedDurationMs)})` : '';
    const hidden = this.running.notShown?.();
    const notShown = hidden ? `; ${grouped(hidden.lines)} lines, ${grouped(hidden.bytes)} bytes not shown so far` : '';
    this.print(`  … still running ${this.running.text}: ${formatDuration(Date.now() - this.running.startedAt)}${recorded}${notShown}`);
  }

  private stopRunning(): void {
    if (!this.running) return;
    clearInterval(this.running.timer);
    if (this.progressShown) this.out.write(CLEAR_LINE);
    this.progressShown = false;
    this.running = undefined;
  }
}

/** A live step's time and, when its fixture knows and either took a second or more, the recorded one beside it. */
function recordedBeside(result: StepResult): string {
  const recorded = result.recordedDurationMs;
  if (recorded === undefined || Math.max(recorded, result.durationMs) < 1000) return '';
  return ` (recorded ${formatDuration(recorded)})`;
}

/** An elapsed time that ticks once a second: `7s`, `1m 5s` (not `7.3s`, which would change between redraws). */
function wholeSeconds(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return seconds < 60 ? `${seconds}s` : formatDuration(seconds * 1000);
}

/** A connection failure is already on its host's (or pod's) line; saying it twice is noise. */
function restatesRemoteError(failure: Failure, remote: RemoteResult): boolean {
  return Boolean(remote.error) && stripAnsi(failure.message).endsWith(remote.error!) && !failure.diff;
}

/** `49,799,800`: a count a person can read (toLocaleString would set up ICU for it). */
function grouped(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+$)/g, ',');
}

function indent(text: string, width: number): string {
  const pad = ' '.repeat(width);
  return text.replace(/\n$/, '').split('\n').map((line) => pad + line).join('\n');
}
