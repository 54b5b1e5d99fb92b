// Splitting a running step's output chunks into whole lines per host and stream, so a line
// that arrives in pieces is printed once, and what is left at the step's end is not lost.
import type { OutputChunk } from './reporter.js';

export interface OutputLine {
  host?: string;
  text: string;
}

/**
 * An unfinished line longer than this is printed as it is instead of waiting for its newline: a
 * step printing hundreds of MB without one must not be held (and re-split) in memory.
 */
export const MAX_PARTIAL_LINE = 64 * 1024;

export class LiveOutput {
  /** Unfinished last line, keyed by step, host and stream. */
  private readonly partial = new Map<string, { stepId: string; host?: string; text: string }>();

  push(stepId: string, chunk: OutputChunk): OutputLine[] {
    const key = `${stepId}\u0000${chunk.host ?? ''}\u0000${chunk.stream}`;
    const lines = ((this.partial.get(key)?.text ?? '') + chunk.text).split(/\r?\n/);
    let rest = lines.pop() ?? '';
    if (rest.length > MAX_PARTIAL_LINE) {
      lines.push(rest);
      rest = '';
    }
    this.partial.set(key, { stepId, host: chunk.host, text: rest });
    return lines.map((text) => ({ host: chunk.host, text }));
  }

  /** The step ended: its unfinished lines, then forget them. */
  flush(stepId: string): OutputLine[] {
    const rest: OutputLine[] = [];
    for (const [key, entry] of this.partial) {
      if (entry.stepId !== stepId) continue;
      if (entry.text) rest.push({ host: entry.host, text: entry.text });
      this.partial.delete(key);
    }
    return rest;
  }
}
