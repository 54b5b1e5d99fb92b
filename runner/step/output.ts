// The output stage between a target and whoever shows a step's output (reporters, the walk):
// output is decoded and cut into whole lines per remote and stream, then redacted, so a secret
// split across two chunks is still seen whole. This is the only place output is cut into lines.
// What the sink gives back (a promise while its writer is full) goes back to the target, which
// stops reading.
//
// With a display cap (`--output-lines`), the first lines of a step go out as they come, then one
// `cut` chunk, then nothing until the step ends, when each stream sends its last lines (redacted)
// and how much was not shown. Past the cut a chunk is not decoded, redacted or split: its line
// ends are counted four bytes at a time and the raw bytes kept in a bounded window, which is
// redacted once, at the end, for the tail. What is matched and recorded is the target's own
// capture (BoundedOutput), untouched by any of this.
import { TAIL_LINES, type OutputChunk, type OutputPressure } from '../model/events.js';
import { countLineEnds, ownedBytes, trimIncompleteEnd } from '../process/output-buffer.js';
import { LineRedactor, type LineRedaction } from '../redact/index.js';
import { wholeCharactersAt } from '../text/cut.js';

/** Under a cap of N lines, at most N times this many characters are shown: 2 MB for 5000 lines. */
const LINE_CHARACTERS = 400;
/** Past the cap, each stream's last TAIL_LINES lines are shown at the end of the step, and at most this many characters of them (a flood of long lines). */
const TAIL_CHARACTERS = 64 * 1024;
/**
 * Raw bytes kept past the cut, redacted at the end: the tail, and in front of it the context a
 * secret or a multi-line value reaching into the tail is seen whole in (LineRedactor holds back
 * as much, at most, for a long line).
 */
const WINDOW_BYTES = 1024 * 1024;
const PEM_BEGIN = Buffer.from('-----BEGIN ');

export interface OutputStageOptions {
  /** At most this many lines per step go out live (across its streams and remotes); undefined: all. */
  lines?: number;
}

/** A stream past the cut: what it printed is counted and its raw end kept, nothing is sent. */
interface Hidden {
  /** Redacted text past the cut, its end kept (the rest of the chunk the cut fell in, or everything in exact mode). */
  text: string;
  /** Raw bytes after `text`, the latest WINDOW_BYTES of them (and up to a chunk more). */
  window: Buffer[];
  windowBytes: number;
  /** Bytes left the window: what is in it no longer follows `text` (nor the redactor's state). */
  dropped: boolean;
  /**
   * A PEM block began past the cut: its body may be longer than the window, so from there every
   * chunk is redacted as it comes (the cost of the full path, the tail right).
   */
  exact: boolean;
  /** The last bytes of the previous chunk (a view of it, in the window anyway): a `-----BEGIN ` cut in two is still seen. */
  edge: Buffer;
  lines: number;
  bytes: number;
  /** The stream so far ends with a line end (or nothing): no unfinished last line to count. */
  lineEnded: boolean;
}

interface Stream {
  chunk: Omit<OutputChunk, 'text'>;
  lines: LineRedactor;
  /** The bytes of a UTF-8 character cut at the end of the last chunk. */
  carry?: Buffer;
  hidden?: Hidden;
}

export class OutputStage {
  private readonly streams = new Map<string, Stream>();
  /** Lines and characters sent so far, across streams (counted only under a cap). */
  private shown = 0;
  private shownCharacters = 0;
  private cut = false;

  /** `redaction` is asked for each block of lines: secret values can change while a step runs. */
  constructor(
    private readonly sink: ((chunk: OutputChunk) => OutputPressure) | undefined,
    private readonly redaction: () => LineRedaction,
    private readonly options: OutputStageOptions = {},
  ) {}

  /** Where one remote's (or the session's) output goes: raw bytes from a pipe, or text. */
  writer(remote: string | undefined): (stream: 'stdout' | 'stderr', data: string | Buffer) => OutputPressure {
    if (!this.sink) return () => {};
    const keys = { stdout: `${remote ?? ''}\u0000stdout`, stderr: `${remote ?? ''}\u0000stderr` };
    return (stream, data) => {
      const key = keys[stream];
      let entry = this.streams.get(key);
      if (!entry) {
        entry = { chunk: { stream, ...(remote === undefined ? {} : { remote }) }, lines: new LineRedactor(this.redaction) };
        if (this.cut) entry.hidden = this.hide(entry, '');
        this.streams.set(key, entry);
      }
      if (entry.hidden) return this.past(entry, entry.hidden, typeof data === 'string' ? bytesOf(data) : data);
      const lines = entry.lines.push(typeof data === 'string' ? data : decode(entry, data));
      return lines ? this.send(entry, lines) : undefined;
    };
  }

  /** The step ended: what is left of each stream's last line; past the cut, each stream's tail. */
  flush(): void {
    for (const entry of this.streams.values()) {
      if (entry.hidden) {
        void this.sink?.(this.tail(entry, entry.hidden));
        continue;
      }
      const text = entry.lines.push(entry.carry ? entry.carry.toString('utf8') : '') + entry.lines.flush();
      if (text) void this.sink?.({ ...entry.chunk, text });
    }
    this.streams.clear();
  }

  /**
   * Redacted lines out, up to the cap: `lines` lines, and LINE_CHARACTERS characters a line on
   * average (one line of 400 MB is a flood too). What the cap falls in is cut there (after the
   * line that fills it, or inside the line that overflows the characters), and every stream goes past the cut.
   */
  private send(entry: Stream, lines: string): OutputPressure {
    const cap = this.options.lines;
    if (cap === undefined) return this.sink!({ ...entry.chunk, text: lines });
    const room = cap - this.shown;
    let at = 0;
    let count = 0;
    for (; count < room; count++) {
      const end = lines.indexOf('\n', at);
      if (end === -1) break;
      at = end + 1;
    }
    let cut = count < room || at === lines.length ? lines.length : at;
    const characters = cap * LINE_CHARACTERS - this.shownCharacters;
    const by = cut > characters ? 'characters' : 'lines';
    if (by === 'characters') cut = wholeCharactersAt(lines, characters);
    if (cut === lines.length) {
      this.shown += count;
      this.shownCharacters += lines.length;
      return this.sink!({ ...entry.chunk, text: lines });
    }
    this.cut = true;
    const head = lines.slice(0, cut);
    const wait = head ? this.sink!({ ...entry.chunk, text: head }) : undefined;
    const limit = by === 'lines' ? { lines: cap } : { characters: cap * LINE_CHARACTERS };
    void this.sink!({ ...entry.chunk, text: '', cut: { ...limit, notShown: () => this.notShown() } });
    for (const other of this.streams.values()) other.hidden = this.hide(other, other === entry ? lines.slice(cut) : '');
    return wait;
  }

  /** Lines and bytes past the cut so far, all streams. */
  private notShown(): { lines: number; bytes: number } {
    let lines = 0;
    let bytes = 0;
    for (const { hidden } of this.streams.values()) {
      lines += hidden?.lines ?? 0;
      bytes += hidden?.bytes ?? 0;
    }
    return { lines, bytes };
  }

  /** A stream goes past the cut: `rest` (redacted) is its first hidden text; what its redactor held back is raw again. */
  private hide(entry: Stream, rest: string): Hidden {
    const held = entry.lines.takeHeld();
    const raw = [held ? bytesOf(held) : undefined, entry.carry].filter((bytes): bytes is Buffer => bytes !== undefined && bytes.length > 0);
    entry.carry = undefined;
    const windowBytes = raw.reduce((sum, bytes) => sum + bytes.length, 0);
    const hidden: Hidden = {
      text: rest, window: raw, windowBytes, dropped: false, exact: entry.lines.inPemBlock, edge: raw.length > 0 ? raw.at(-1)!.subarray(-PEM_BEGIN.length) : Buffer.alloc(0),
      lines: countNewlines(rest) + raw.reduce((sum, bytes) => sum + countLineEnds(bytes), 0),
      bytes: Buffer.byteLength(rest) + windowBytes,
      lineEnded: windowBytes === 0 ? rest === '' || rest.endsWith('\n') : raw.at(-1)!.at(-1) === 10,
    };
    // In a PEM block already: what it held goes back through it, and every chunk after it.
    if (entry.lines.inPemBlock) this.exact(entry, hidden);
    return hidden;
  }

  /** A chunk past the cut: counted, its bytes kept in the window; nothing is written, so nothing to wait for. */
  private past(entry: Stream, hidden: Hidden, bytes: Buffer): OutputPressure {
    if (bytes.length === 0) return undefined;
    hidden.lines += countLineEnds(bytes);
    hidden.bytes += bytes.length;
    hidden.lineEnded = bytes[bytes.length - 1] === 10;
    if (!hidden.exact && pemBegins(hidden.edge, bytes)) this.exact(entry, hidden);
    if (hidden.exact) {
      hidden.text = keepEnd(hidden.text + entry.lines.push(decode(entry, bytes)));
      return undefined;
    }
    hidden.edge = bytes.subarray(Math.max(0, bytes.length - PEM_BEGIN.length));
    hidden.window.push(ownedBytes(bytes));
    hidden.windowBytes += bytes.length;
    while (hidden.windowBytes - hidden.window[0]!.length >= WINDOW_BYTES) {
      hidden.windowBytes -= hidden.window.shift()!.length;
      hidden.dropped = true;
    }
    return undefined;
  }

  /** A PEM block begins past the cut: the window goes through the redactor, and every chunk after it. */
  private exact(entry: Stream, hidden: Hidden): void {
    const { text } = this.redactWindow(entry, hidden);
    hidden.text = keepEnd(hidden.text + text);
    hidden.window = [];
    hidden.windowBytes = 0;
    hidden.exact = true;
  }

  /**
   * The window's text, redacted: after the text before it with the same redactor while nothing
   * was dropped (exactly what the full path would show); else from its first whole line, with a
   * fresh redactor and the text before it forgotten (it is older than the window).
   */
  private redactWindow(entry: Stream, hidden: Hidden): { text: string; bytes: Buffer } {
    let bytes = Buffer.concat(hidden.window, hidden.windowBytes);
    if (hidden.dropped) {
      hidden.text = '';
      entry.lines = new LineRedactor(this.redaction);
      entry.carry = undefined;
      const newline = bytes.indexOf(10);
      bytes = newline === -1 ? Buffer.alloc(0) : bytes.subarray(newline + 1);
      hidden.dropped = false;
    }
    return { text: entry.lines.push(decode(entry, bytes)), bytes };
  }

  /** The chunk that ends a stream past the cut: its last lines, and what was not shown. */
  private tail(entry: Stream, hidden: Hidden): OutputChunk {
    const window = hidden.exact ? undefined : this.redactWindow(entry, hidden);
    const rest = entry.carry;
    let text = hidden.text + (window?.text ?? '');
    text += entry.lines.push(rest ? rest.toString('utf8') : '') + entry.lines.flush();
    // The last TAIL_LINES lines, at most TAIL_CHARACTERS of them.
    const from = lastLinesStart(text);
    const whole = text.length - from <= TAIL_CHARACTERS;
    text = text.slice(whole ? from : lineStartFrom(text, text.length - TAIL_CHARACTERS));
    const lines = hidden.lines + (hidden.lineEnded ? 0 : 1);
    const shown = text === '' ? 0 : countNewlines(text) + (text.endsWith('\n') ? 0 : 1);
    // The bytes the shown lines were printed as (a masked secret is shorter or longer shown), when the window holds them all.
    const printed = window && whole ? lastLinesBytes(window.bytes, shown) : undefined;
    const shownBytes = printed === undefined ? Buffer.byteLength(text) : printed + (rest?.length ?? 0);
    return { ...entry.chunk, text, hidden: { lines: Math.max(0, lines - shown), bytes: Math.max(0, hidden.bytes - shownBytes) } };
  }
}

/** A chunk's text; a UTF-8 character cut at its end waits for the rest in the next chunk. */
function decode(entry: Stream, chunk: Buffer): string {
  const bytes = entry.carry ? Buffer.concat([entry.carry, chunk]) : chunk;
  const whole = trimIncompleteEnd(bytes).length;
  entry.carry = whole < bytes.length ? Buffer.from(bytes.subarray(whole)) : undefined;
  return bytes.toString('utf8', 0, whole);
}

/** How many bytes the last `count` lines of `bytes` take; undefined when it holds fewer. */
function lastLinesBytes(bytes: Buffer, count: number): number | undefined {
  let start = bytes.at(-1) === 10 ? bytes.length - 1 : bytes.length;
  for (let line = 0; line < count; line++) {
    if (start <= 0) return line === count - 1 && start === 0 ? bytes.length : undefined;
    start = bytes.lastIndexOf(10, start - 1);
  }
  return bytes.length - (start + 1);
}

/** `-----BEGIN ` in the chunk, or across its start and the end of the one before (looked for only when that end has a `-`). */
function pemBegins(edge: Buffer, bytes: Buffer): boolean {
  if (bytes.includes(PEM_BEGIN)) return true;
  return edge.includes(45) && Buffer.concat([edge, bytes.subarray(0, PEM_BEGIN.length)]).includes(PEM_BEGIN);
}

function countNewlines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/** Redacted text kept for a tail: its end, from a line start when there is one in reach. */
function keepEnd(text: string): string {
  return text.length <= 2 * TAIL_CHARACTERS ? text : text.slice(lineStartFrom(text, text.length - TAIL_CHARACTERS));
}

/** Where the last TAIL_LINES lines of `text` start. */
function lastLinesStart(text: string): number {
  // Back from the end of the last line, over TAIL_LINES line ends: `start` is the one before the first line kept.
  let start = text.endsWith('\n') ? text.length - 1 : text.length;
  for (let count = 0; count < TAIL_LINES; count++) {
    if (start <= 0) return 0;
    start = text.lastIndexOf('\n', start - 1);
  }
  return start + 1;
}

/** The first line start at or after `from`, or `from` itself when no line starts after it (one long line). */
function lineStartFrom(text: string, from: number): number {
  const newline = text.indexOf('\n', from - 1);
  return newline === -1 || newline === text.length - 1 ? from : newline + 1;
}

/** A text's UTF-8 bytes in memory of their own (not a slice of Buffer's shared pool, which the window would pin). */
function bytesOf(text: string): Buffer {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  bytes.write(text);
  return bytes;
}
