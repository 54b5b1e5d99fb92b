// kubectl's "command terminated with exit code N" line: kubectl adds it to stderr when the block
// exits non-zero. It is kubectl's, not the block's, so it leaves the attempt's stderr (expectations
// see what the block printed) and the live output; its presence is also the proof the block ran.
// kubectl prints it right after the block's last byte, so it can follow unfinished block output.

const PREFIX = 'command terminated with exit code ';
const AT_END = /command terminated with exit code (\d+)\n?$/;

/** What kubectl printed, without its exit line; `blockRan`: the line was there, so the exit code is the block's. */
export interface ExitLineResult {
  stderr: string;
  blockRan: boolean;
}

/**
 * Removes kubectl's exit line: the end of stderr, naming the very exit code kubectl ended with.
 * A block that prints the same words itself keeps them: kubectl's own line still comes after them.
 */
export function stripExitLine(stderr: string, exitCode: number | null): ExitLineResult {
  const match = AT_END.exec(stderr);
  if (!match || exitCode === null || exitCode === 0 || Number(match[1]) !== exitCode) return { stderr, blockRan: false };
  return { stderr: stderr.slice(0, match.index), blockRan: true };
}

/** Where the end of `text` may be (the start of) kubectl's exit line; text.length when it cannot be. */
function heldFrom(text: string): number {
  const whole = /command terminated with exit code \d*\n?$/.exec(text);
  if (whole) return whole.index;
  for (let index = Math.max(0, text.length - PREFIX.length + 1); index < text.length; index++) {
    if (PREFIX.startsWith(text.slice(index))) return index;
  }
  return text.length;
}

/**
 * Passes stderr through as it comes, holding back only an end that may be kubectl's exit line,
 * until more text shows it was not the end, or the end of the client decides.
 */
export class ExitLineFilter {
  private held = '';

  constructor(private readonly emit: (text: string) => void) {}

  write(text: string): void {
    const pending = this.held + text;
    const from = heldFrom(pending);
    this.held = pending.slice(from);
    if (from > 0) this.emit(pending.slice(0, from));
  }

  /** The client ended: what was held goes out, unless it was kubectl's exit line after all. */
  end(blockRan: boolean): void {
    const held = this.held;
    this.held = '';
    if (held && !(blockRan && /^command terminated with exit code \d+\n?$/.test(held))) this.emit(held);
  }
}
