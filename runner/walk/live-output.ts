// A running step on screen: its output streamed as it comes (behind a gutter), attempt k/N for
// retry steps, and a spinner with the elapsed time and, from the fixture, the recorded duration.
import { formatDuration } from '../text/duration.js';
import type { OutputChunk, OutputPressure, StepProgress } from '../report/reporter.js';
import { drained } from '../process/backpressure.js';
import type { Terminal } from './terminal.js';
import { charWidth, codeWidth } from './ansi.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const TICK_MS = 200;
const RESET = '\x1b[0m';
// An escape sequence, a tab, a line end, a carriage return, a run of printable ASCII, a run of
// printable characters that starts with a non-ASCII one (Hangul and the spaces between its
// words: one token), or one control character. Every run is bounded by a class: linear.
const OUTPUT_TOKEN = /(\x1b\[[0-?]*[ -/]*[@-~])|(\t)|(\r?\n)|(\r)|([\x20-\x7e]+)|([^\x00-\x9f][^\x00-\x1f\x7f-\x9f]*)|[\s\S]/gu;

export class StepOutputView {
  private atLineStart = true;
  private spinnerShown = false;
  private timer: NodeJS.Timeout | undefined;
  private frame = 0;
  private readonly startedAt = Date.now();
  private attempt = '';
  /** Columns written on the current screen row after the gutter, and the colour open there. */
  private column = 0;
  private colour: string[] = [];
  /** The next character starts a screen row (a new line, a cut, or a carriage return's redraw). */
  private needsGutter = true;
  private remoteWidth: number;

  /** `remotes`: the hosts or pods known before the run, so their prefixes line up from the first line. */
  constructor(private readonly terminal: Terminal, private readonly recordedMs?: number, remotes: string[] = []) {
    this.remoteWidth = Math.max(0, ...remotes.map((name) => name.length));
  }

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
    if (chunk.remote && chunk.remote.length > this.remoteWidth) this.remoteWidth = chunk.remote.length;
    const text = chunk.stream === 'stderr' ? chunk.text.split('\n').map((line) => (line ? style.yellow(line) : line)).join('\n') : chunk.text;
    const gutter = (continued: boolean) => style.dim(chunk.remote
      ? `${(continued ? '' : chunk.remote).padEnd(this.remoteWidth)} │ `
      : '│ ');
    // The terminal would wrap a long line at its edge, under the gutter: it is cut here instead,
    // each screen row behind the gutter, so output never looks like the walk's own text.
    const room = Math.max(10, this.terminal.width - (chunk.remote ? this.remoteWidth + 3 : 2));
    let written = '';
    const begin = (continued: boolean) => {
      written += gutter(continued) + this.colour.join('');
      this.atLineStart = false;
      this.needsGutter = false;
      this.column = 0;
    };
    const breakRow = () => {
      written += `${this.colour.length > 0 ? RESET : ''}\n`;
      begin(true);
    };
    for (const [token, escape, tab, newline, cr, plain, wide] of text.matchAll(OUTPUT_TOKEN)) {
      if (newline) {
        written += newline;
        this.atLineStart = true;
        this.needsGutter = true;
        this.colour = [];
        continue;
      }
      if (cr) {
        // A progress bar redraws its line: back to the start, the gutter written again.
        written += cr;
        this.needsGutter = true;
        continue;
      }
      if (this.needsGutter) begin(false);
      if (escape) {
        written += escape;
        // The colour open on this line, put back after the gutter of a cut row (the last few codes are enough).
        if (escape.endsWith('m')) this.colour = /^\x1b\[0?m$/.test(escape) ? [] : [...this.colour.slice(-7), escape];
      } else if (tab) {
        const spaces = 8 - (this.column % 8);
        if (this.column + spaces > room) breakRow();
        else {
          written += ' '.repeat(spaces);
          this.column += spaces;
        }
      } else if (plain) {
        let rest = plain;
        while (this.column + rest.length > room) {
          written += rest.slice(0, room - this.column);
          rest = rest.slice(room - this.column);
          breakRow();
        }
        written += rest;
        this.column += rest.length;
      } else if (wide) {
        // Columns counted per character (Hangul, CJK: 2), the run written in slices between cuts.
        let start = 0;
        for (let at = 0; at < wide.length;) {
          const code = wide.codePointAt(at)!;
          const width = codeWidth(code);
          if (this.column + width > room) {
            written += wide.slice(start, at);
            start = at;
            breakRow();
          }
          this.column += width;
          at += code > 0xffff ? 2 : 1;
        }
        written += wide.slice(start);
      } else {
        const width = charWidth(token);
        if (this.column + width > room) breakRow();
        written += token;
        this.column += width;
      }
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
      this.needsGutter = true;
      this.terminal.line(this.terminal.style.dim(`↻ ${this.attempt}`));
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.clearSpinner();
    if (!this.atLineStart) this.terminal.write('\n');
    this.atLineStart = true;
    this.needsGutter = true;
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
