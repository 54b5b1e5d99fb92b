// A running step on screen: its output streamed as it comes (behind a gutter), attempt k/N for
// retry steps, and a spinner with the elapsed time and, from the fixture, the recorded duration.
import { formatDuration } from '../text/duration.js';
import type { OutputChunk, OutputPressure, StepProgress } from '../report/reporter.js';
import { drained } from '../process/backpressure.js';
import type { Terminal } from './terminal.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const TICK_MS = 200;

export class StepOutputView {
  private atLineStart = true;
  private spinnerShown = false;
  private timer: NodeJS.Timeout | undefined;
  private frame = 0;
  private readonly startedAt = Date.now();
  private attempt = '';

  constructor(private readonly terminal: Terminal, private readonly recordedMs?: number) {}

  start(): void {
    // Only a real terminal gets a spinner: a pipe or a log would fill with redraws.
    if (!this.terminal.output.isTTY) return;
    this.timer = setInterval(() => this.drawSpinner(), TICK_MS);
    this.timer.unref();
  }

  /** Shows a chunk; while the terminal is full, a promise the step's output waits for (backpressure). */
  output(chunk: OutputChunk): OutputPressure {
    this.clearSpinner();
    const { style } = this.terminal;
    const gutter = style.dim(chunk.remote ? `${chunk.remote} │ ` : '│ ');
    const text = chunk.stream === 'stderr' ? chunk.text.split('\n').map((line) => (line ? style.yellow(line) : line)).join('\n') : chunk.text;
    let written = '';
    for (const piece of text.split(/(?<=\n)/)) {
      if (this.atLineStart && piece !== '') written += gutter;
      written += piece;
      this.atLineStart = piece.endsWith('\n');
    }
    if (this.terminal.write(written)) return undefined;
    return drained(this.terminal.output);
  }

  progress(progress: StepProgress): void {
    this.attempt = progress.maxAttempts > 1 ? `attempt ${progress.attempt}/${progress.maxAttempts}` : '';
    if (progress.attempt > 1) {
      this.clearSpinner();
      if (!this.atLineStart) this.terminal.write('\n');
      this.atLineStart = true;
      this.terminal.line(this.terminal.style.dim(`↻ ${this.attempt}`));
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.clearSpinner();
    if (!this.atLineStart) this.terminal.write('\n');
    this.atLineStart = true;
  }

  /** `⠹ 0:42 · ~12m when recorded · attempt 3/40 · Ctrl-C stops this step` */
  statusText(now = Date.now()): string {
    const elapsed = Math.floor((now - this.startedAt) / 1000);
    const clock = `${Math.floor(elapsed / 60)}:${String(elapsed % 60).padStart(2, '0')}`;
    const parts = [clock];
    if (this.recordedMs !== undefined && this.recordedMs >= 1000) parts.push(`~${formatDuration(this.recordedMs)} when recorded`);
    if (this.attempt) parts.push(this.attempt);
    parts.push('Ctrl-C stops this step');
    return parts.join(' · ');
  }

  private drawSpinner(): void {
    if (!this.atLineStart) return; // never draw over a half-written line
    this.frame = (this.frame + 1) % FRAMES.length;
    const text = `${FRAMES[this.frame]} ${this.statusText()}`.slice(0, this.terminal.width - 1);
    this.terminal.clearLine();
    this.terminal.write(this.terminal.style.dim(text));
    this.spinnerShown = true;
  }

  private clearSpinner(): void {
    if (!this.spinnerShown) return;
    this.terminal.clearLine();
    this.spinnerShown = false;
  }
}
