// `--reporter pretty`: what a person reads. On a TTY, a spinner with elapsed time while a step
// runs and live output as it comes; otherwise plain lines (CI logs), never cursor movement.
import { colorizeDiff } from '../expect/index.js';
import { formatDuration } from '../lab/duration.js';
import type { Lab, Step } from '../lab/model.js';
import type { LabResult, RunResult, StepResult } from '../session/result.js';
import type { OutputChunk, Reporter, RunInfo, StepProgress } from './reporter.js';
import { stripAnsi, summarize } from './summary.js';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface PrettyOptions {
  isTTY: boolean;
  color: boolean;
}

export class PrettyReporter implements Reporter {
  private mode: 'live' | 'replay' = 'replay';
  private spinner?: { timer: NodeJS.Timeout; text: string; startedAt: number; frame: number };
  private readonly partial = new Map<string, string>();

  constructor(private readonly out: { write(text: string): unknown }, private readonly options: PrettyOptions, private readonly finish?: () => Promise<void>) {}

  private paint(code: string, text: string): string {
    return this.options.color ? `\u001b[${code}m${text}\u001b[0m` : text;
  }

  private print(text: string): void {
    this.clearSpinnerLine();
    this.out.write(`${this.options.color ? text : stripAnsi(text)}\n`);
    this.drawSpinner();
  }

  onRunStart(info: RunInfo): void {
    this.mode = info.mode;
  }

  onLabStart(lab: Lab, mode: 'live' | 'replay'): void {
    this.print(`${this.paint('1', `▶ ${lab.meta.id}`)}  ${lab.meta.title}  ${this.paint('2', `(${mode === 'replay' ? 'replay' : 'live'})`)}`);
  }

  onStepStart(_lab: Lab, step: Step, progress: StepProgress): void {
    const attempt = progress.maxAttempts > 1 ? `  attempt ${progress.attempt}/${progress.maxAttempts}` : '';
    if (!this.options.isTTY) {
      if (this.mode === 'live' && progress.attempt > 1) this.print(`  … ${step.id}${attempt}`);
      return;
    }
    this.stopSpinner();
    const text = `${step.id}${attempt}`;
    this.spinner = { text, startedAt: Date.now(), frame: 0, timer: setInterval(() => this.drawSpinner(), 100) };
    this.spinner.timer.unref();
    this.drawSpinner();
  }

  onStepOutput(_lab: Lab, step: Step, chunk: OutputChunk): void {
    if (this.mode === 'replay') return; // recorded output is shown on failure, not replayed line by line
    const key = `${step.id}\u0000${chunk.host ?? ''}\u0000${chunk.stream}`;
    const text = (this.partial.get(key) ?? '') + chunk.text;
    const lines = text.split('\n');
    this.partial.set(key, lines.pop() ?? '');
    for (const line of lines) this.print(this.paint('2', `    │ ${chunk.host ? `${chunk.host}: ` : ''}${line}`));
  }

  onStepEnd(_lab: Lab, step: Step, result: StepResult): void {
    this.stopSpinner();
    for (const [key, rest] of this.partial) {
      if (key.startsWith(`${step.id}\u0000`) && rest) this.print(this.paint('2', `    │ ${rest}`));
      if (key.startsWith(`${step.id}\u0000`)) this.partial.delete(key);
    }
    const time = result.source === 'replay' && result.recordedDurationMs !== undefined
      ? this.paint('2', `recorded ${formatDuration(result.recordedDurationMs)}`)
      : this.paint('2', formatDuration(result.durationMs));
    const attempts = result.attempts.length > 1 ? `  ${result.attempts.length} attempts` : '';
    if (result.status === 'passed') this.print(`  ${this.paint('32', '✓')} ${step.id}  ${time}${attempts}`);
    else if (result.status === 'skipped') this.print(`  ${this.paint('33', '○')} ${step.id}  ${this.paint('2', `skipped: ${result.skipReason ?? ''}`)}`);
    else this.print(`  ${this.paint('31', '✗')} ${step.id}  ${time}${attempts}`);
    for (const host of result.hosts ?? []) {
      const mark = host.status === 'passed' ? this.paint('32', '✓') : this.paint('31', '✗');
      this.print(`      ${mark} ${host.host}${host.error ? `  ${host.error}` : ''}`);
    }
    if (result.status === 'failed') {
      for (const failure of result.failures) {
        this.print(`      ${this.paint('31', failure.message)}`);
        if (failure.diff) this.print(indent(this.options.color ? colorizeDiff(failure.diff) : failure.diff, 8));
      }
    }
  }

  onLabEnd(_lab: Lab, result: LabResult): void {
    if (!result.error) return;
    const where = result.error.position ? `${result.error.position.file}:${result.error.position.line}: ` : '';
    this.print(`  ${this.paint('31', '✗')} ${where}${result.error.message}`);
    if (result.error.hint) this.print(`    ${this.paint('2', `hint: ${result.error.hint}`)}`);
  }

  async onRunEnd(result: RunResult): Promise<void> {
    this.stopSpinner();
    const s = summarize(result);
    const parts = [`${s.labs} lab${s.labs === 1 ? '' : 's'}`, this.paint('32', `${s.passed} passed`)];
    if (s.failed) parts.push(this.paint('31', `${s.failed} failed`));
    if (s.skipped) parts.push(this.paint('33', `${s.skipped} skipped`));
    if (s.errors) parts.push(this.paint('31', `${s.errors} could not run`));
    parts.push(formatDuration(result.durationMs));
    this.print(`\n${parts.join(' · ')}${result.interrupted ? '  (interrupted)' : ''}`);
    await this.finish?.();
  }

  private drawSpinner(): void {
    if (!this.spinner) return;
    const frame = SPINNER[this.spinner.frame++ % SPINNER.length];
    const elapsed = formatDuration(Date.now() - this.spinner.startedAt);
    this.out.write(`\r\u001b[K  ${this.paint('36', frame!)} ${this.spinner.text}  ${this.paint('2', elapsed)}`);
  }

  private clearSpinnerLine(): void {
    if (this.spinner) this.out.write('\r\u001b[K');
  }

  private stopSpinner(): void {
    if (!this.spinner) return;
    clearInterval(this.spinner.timer);
    this.clearSpinnerLine();
    this.spinner = undefined;
  }
}

function indent(text: string, width: number): string {
  const pad = ' '.repeat(width);
  return text.replace(/\n$/, '').split('\n').map((line) => pad + line).join('\n');
}
