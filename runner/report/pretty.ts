// `--reporter pretty`: what a person reads. On a TTY, a spinner with elapsed time while a step
// runs and live output as it comes; otherwise plain lines (CI logs), never cursor movement.
import { provenanceWords } from './provenance.js';
import { colorizeDiff } from '../expect/index.js';
import { formatDuration } from '../text/duration.js';
import { terminalText } from '../text/terminal-text.js';
import type { Lab, Step } from '../model/lab.js';
import type { Failure, LabResult, RemoteResult, RunResult, StepResult } from '../model/result.js';
import type { OutputChunk, OutputPressure, Reporter, RunInfo, StepProgress } from './reporter.js';
import { attemptCount, failureText, stripAnsi, summarize } from './summary.js';
import { drained, type DrainableOut } from '../process/backpressure.js';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const CLEAR_LINE = '\r\u001b[K';
const TRAILING_NEWLINE = /\r?\n$/;
const NEWLINES = /\r?\n/g;

/** stdout or a report file (streams: full buffers are waited for). */
type PrettyOut = DrainableOut;

export interface PrettyOptions {
  /** Spinner and live redrawing only on a terminal; a log gets plain lines. */
  isTTY: boolean;
  color: boolean;
}

type Paint = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan';
const CODES: Record<Paint, string> = { bold: '1', dim: '2', red: '31', green: '32', yellow: '33', cyan: '36' };

export class PrettyReporter implements Reporter {
  private mode: 'live' | 'replay' = 'replay';
  private spinner?: { timer: NodeJS.Timeout; stepId: string; text: string; startedAt: number; frame: number };

  constructor(private readonly out: PrettyOut, private readonly options: PrettyOptions, private readonly finish?: () => Promise<void>) {}

  private paint(style: Paint, text: string): string {
    return this.options.color ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text;
  }

  /** false when the writer's buffer is full (a pipe or terminal slower than the output). */
  private print(text: string): boolean {
    this.clearSpinnerLine();
    // A flood of plain text need not go through the escape-stripping regex: most chunks hold no ESC or CSI at all.
    const plain = this.options.color || (!text.includes('\u001b') && !text.includes('\u009b')) ? text : stripAnsi(text);
    const written = this.out.write(`${plain}\n`);
    this.drawSpinner();
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
    if (!this.options.isTTY) {
      // A log cannot redraw; a line per new attempt shows a long wait is alive.
      if (this.mode === 'live' && progress.attempt > 1) this.print(`  … ${text}`);
      return;
    }
    if (this.spinner?.stepId === step.id) {
      this.spinner.text = text; // a new attempt of the same step: elapsed time keeps counting
      return;
    }
    this.stopSpinner();
    this.spinner = { stepId: step.id, text, startedAt: Date.now(), frame: 0, timer: setInterval(() => this.drawSpinner(), 100) };
    this.spinner.timer.unref();
    this.drawSpinner();
  }

  onStepOutput(_lab: Lab, step: Step, chunk: OutputChunk): OutputPressure {
    if (this.mode === 'replay') return; // recorded output is shown on failure, not replayed line by line
    // The step runner sends whole lines. One write per chunk, not per line: a step printing
    // millions of lines must not pay a write (a syscall on a file or pipe) for each; and one
    // regex pass per chunk puts the margin on every line, with no array of lines.
    if (this.print(this.outputLines(chunk.remote, chunk.text))) return;
    return drained(this.out);
  }

  onStepEnd(_lab: Lab, step: Step, result: StepResult): void {
    this.stopSpinner();
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
    this.print(`  ${this.paint('red', '✗')} ${terminalText(where + result.error.message)}`);
    if (result.error.hint) this.print(`    ${this.paint('dim', `hint: ${terminalText(result.error.hint)}`)}`);
  }

  async onRunEnd(result: RunResult): Promise<void> {
    this.stopSpinner();
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
    if (result.status === 'skipped') return `${this.paint('yellow', '○')} ${step.id}  ${this.paint('dim', `skipped: ${result.skipReason ?? 'no reason given'}`)}`;
    const maxAttempts = step.attributes.retry ?? 1;
    const count = attemptCount(result);
    // `attempt 1/30` on a quick pass is noise; a wait that took several tries, or gave up, is news.
    const attempts = maxAttempts > 1 && (count > 1 || result.status === 'failed') ? `  attempt ${count}/${maxAttempts}` : '';
    const time = result.source === 'replay' && result.provenance
      ? provenanceWords(result.provenance, result.recordedDurationMs)
      : result.source === 'replay' && result.recordedDurationMs !== undefined
        ? `recorded ${formatDuration(result.recordedDurationMs)}`
        : formatDuration(result.durationMs);
    const mark = result.status === 'passed' ? this.paint('green', '✓') : this.paint('red', '✗');
    return `${mark} ${step.id}${attempts}  ${this.paint('dim', time)}`;
  }

  private remoteLine(remote: RemoteResult): string {
    const mark = remote.status === 'passed' ? this.paint('green', '✓') : remote.status === 'skipped' ? this.paint('yellow', '○') : this.paint('red', '✗');
    return `${mark} ${remote.name}${remote.error ? `  ${remote.error}` : ''}`;
  }

  private printFailures(failures: Failure[], indentWidth: number, step: Step): void {
    const pad = ' '.repeat(indentWidth);
    for (const failure of failures) {
      this.print(`${pad}${this.paint('red', failureText(failure, step.position))}`);
      if (failure.diff) this.print(indent(this.options.color ? colorizeDiff(failure.diff) : failure.diff, indentWidth + 2));
    }
  }

  private outputLines(remote: string | undefined, text: string): string {
    const margin = `    │ ${remote ? `${remote}: ` : ''}`;
    const [open, close] = this.options.color ? [`\u001b[${CODES.dim}m`, '\u001b[0m'] : ['', ''];
    const between = `${close}\n${open}${margin}`.replaceAll('$', '$$$$');
    const body = text.replace(TRAILING_NEWLINE, '');
    // replaceAll with a plain string is the cheapest pass V8 has; the regex only where a \r may precede \n.
    return `${open}${margin}${body.includes('\r') ? body.replace(NEWLINES, between) : body.replaceAll('\n', between)}${close}`;
  }

  private drawSpinner(): void {
    if (!this.spinner) return;
    const frame = SPINNER[this.spinner.frame++ % SPINNER.length]!;
    const elapsed = formatDuration(Date.now() - this.spinner.startedAt);
    this.out.write(`${CLEAR_LINE}  ${this.paint('cyan', frame)} ${this.spinner.text}  ${this.paint('dim', elapsed)}`);
  }

  private clearSpinnerLine(): void {
    if (this.spinner) this.out.write(CLEAR_LINE);
  }

  private stopSpinner(): void {
    if (!this.spinner) return;
    clearInterval(this.spinner.timer);
    this.clearSpinnerLine();
    this.spinner = undefined;
  }
}

/** A connection failure is already on its host's (or pod's) line; saying it twice is noise. */
function restatesRemoteError(failure: Failure, remote: RemoteResult): boolean {
  return Boolean(remote.error) && stripAnsi(failure.message).endsWith(remote.error!) && !failure.diff;
}

function indent(text: string, width: number): string {
  const pad = ' '.repeat(width);
  return text.replace(/\n$/, '').split('\n').map((line) => pad + line).join('\n');
}
