// The walk's view of its terminal: where text goes, how wide it is, and whether colour is on.
// Everything the walk prints goes through here, so tests can capture it and NO_COLOR is honoured once.
import type { Writable } from 'node:stream';
import { stripAnsi, visibleLength } from './ansi.js';
import { wrapText } from './wrap.js';
import { colorWanted } from '../report/color.js';

export interface WalkOutput extends Writable {
  columns?: number;
  isTTY?: boolean;
}

export { stripAnsi, visibleLength };

type Paint = (text: string) => string;

export interface Styles {
  bold: Paint;
  dim: Paint;
  red: Paint;
  green: Paint;
  yellow: Paint;
  cyan: Paint;
  magenta: Paint;
}

function sgr(open: number, close: number): Paint {
  return (text) => `\x1b[${open}m${text}\x1b[${close}m`;
}

const COLOURED: Styles = {
  bold: sgr(1, 22), dim: sgr(2, 22), red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39), cyan: sgr(36, 39), magenta: sgr(35, 39),
};
const identity: Paint = (text) => text;
const PLAIN: Styles = { bold: identity, dim: identity, red: identity, green: identity, yellow: identity, cyan: identity, magenta: identity };

export class Terminal {
  readonly color: boolean;
  readonly style: Styles;

  constructor(readonly output: WalkOutput, options: { noColor?: boolean; env?: NodeJS.ProcessEnv } = {}) {
    this.color = colorWanted(output, options);
    this.style = this.color ? COLOURED : PLAIN;
  }

  /** The width to wrap at: the stream's columns, 80 when unknown, never below 20. */
  get width(): number {
    const columns = this.output.columns;
    return Math.max(20, typeof columns === 'number' && columns > 0 ? columns : 80);
  }

  /** false when the output is full (a terminal or pipe slower than the step): wait for its 'drain'. */
  write(text: string): boolean {
    return this.output.write(this.color ? text : stripAnsi(text));
  }

  /** Erases the current line (a spinner): cursor control, not colour, so NO_COLOR keeps it. */
  clearLine(): void {
    this.output.write('\r\x1b[2K');
  }

  /** A line (or lines) of text, wrapped at the terminal's width. */
  line(text = ''): void {
    this.write(`${wrapText(text, this.width)}\n`);
  }

  /** A rule across the terminal with an optional title, e.g. `── Step 2/5 · id ──────`. */
  rule(title = ''): string {
    const head = title ? `── ${title} ` : '';
    return `${head}${'─'.repeat(Math.max(3, this.width - visibleLength(head)))}`;
  }
}
