// Redaction of output that arrives in chunks (a live step's stdout): it is cut into whole lines
// before it is redacted, so a secret split across two chunks is still seen whole; the body of a
// PEM block printed line by line is dropped; lines that may be the start of a multi-line secret
// value wait for the rest; and a line too long to wait for is let out in pieces cut where no
// secret spans the cut.
import type { RedactText } from './display.js';

const PEM_BEGIN = /-----BEGIN ([A-Z0-9 ]+)-----/;
/** Inside a PEM block: base64 lines, `Proc-Type:`-style headers, blank lines. */
const PEM_BODY = /^(?:[ \t]*[A-Za-z0-9+/=]*[ \t]*|[A-Za-z-]+: .*)\r?\n?$/;
/** An unfinished line longer than this is let out in pieces. */
export const MAX_PARTIAL = 64 * 1024;
/** Past this, a piece goes out even if a secret seems to span every cut (memory stays bounded). */
const MAX_HELD = 1024 * 1024;
/** Raw text kept back at a cut: a credential shorter than this that spans the cut is seen whole next time. */
const MIN_OVERLAP = 4 * 1024;

/** What the redactor of the moment is: the function, and the secret values it masks (they change as a step runs). */
export interface LineRedaction {
  redact: RedactText;
  secrets: readonly string[];
}

/**
 * Chunks in, redacted text out. An unfinished line waits for its end (or flush); complete lines
 * that are the start of a multi-line secret value wait for the rest of it.
 */
export class LineRedactor {
  private partial = '';
  private pemKind: string | undefined;

  /** `current` is asked for each block of lines: secret values can change as a step runs. */
  constructor(private readonly current: () => LineRedaction) {}

  push(text: string): string {
    const last = text.lastIndexOf('\n');
    if (last === -1) {
      this.partial += text;
      return this.partial.length <= MAX_PARTIAL ? '' : this.longLine();
    }
    const complete = this.partial + text.slice(0, last + 1);
    this.partial = text.slice(last + 1);
    const { secrets } = this.current();
    const held = heldForSecret(complete, secrets);
    if (held === 0) return this.lines(complete);
    this.partial = complete.slice(complete.length - held) + this.partial;
    const out = this.lines(complete.slice(0, complete.length - held));
    return this.partial.length <= MAX_PARTIAL ? out : out + this.longLine();
  }

  /**
   * The raw text held back (an unfinished line, the first lines of a multi-line secret), handed
   * over unredacted: for a caller that redacts it later, together with what follows it.
   */
  takeHeld(): string {
    const held = this.partial;
    this.partial = '';
    return held;
  }

  /** Inside a PEM block printed line by line (its body lines are being dropped). */
  get inPemBlock(): boolean {
    return this.pemKind !== undefined;
  }

  /** The step ended: what is left of its last line. */
  flush(): string {
    const rest = this.partial;
    this.partial = '';
    const out = rest ? this.lines(rest) : '';
    this.pemKind = undefined;
    return out;
  }

  /**
   * Lets out the front of a long held text. The whole is redacted; the raw tail kept back must
   * come out of it unchanged (no secret reaches into it), so the front, redacted with all the
   * context there is, is final and a secret across the cut is never shown in two halves.
   */
  private longLine(): string {
    const { redact, secrets } = this.current();
    const held = this.partial;
    const overlap = Math.max(MIN_OVERLAP, 2 * Math.max(0, ...secrets.map((s) => s.length)));
    if (held.length > overlap && this.pemKind === undefined) {
      const tail = held.slice(held.length - overlap);
      const redacted = redact(held);
      if (redacted.endsWith(tail)) {
        this.partial = tail;
        return redacted.slice(0, redacted.length - tail.length);
      }
    }
    if (held.length <= MAX_HELD) return '';
    this.partial = '';
    return this.lines(held);
  }

  /** Whole lines at once; line by line only around a PEM block, whose body spans lines. */
  private lines(block: string): string {
    if (this.pemKind === undefined && !block.includes('-----BEGIN ')) return this.current().redact(block);
    let out = '';
    let start = 0;
    for (let newline = block.indexOf('\n'); start < block.length; newline = block.indexOf('\n', start)) {
      const end = newline === -1 ? block.length : newline + 1;
      out += this.line(block.slice(start, end));
      start = end;
    }
    return out;
  }

  private line(line: string): string {
    const { redact } = this.current();
    if (this.pemKind !== undefined) {
      const end = `-----END ${this.pemKind}-----`;
      const at = line.indexOf(end);
      if (at !== -1) {
        this.pemKind = undefined;
        const after = line.slice(at + end.length);
        return after.trim() ? redact(after) : '';
      }
      if (PEM_BODY.test(line)) return '';
      this.pemKind = undefined; // not a PEM body after all: show the line, redacted
    }
    const begin = PEM_BEGIN.exec(line);
    if (begin && !line.includes(`-----END ${begin[1]}-----`, begin.index)) {
      this.pemKind = begin[1];
      const placeholder = /PRIVATE KEY/.test(begin[1]!) ? '<PRIVATE_KEY>' : '<CERTIFICATE_DATA>';
      return `${redact(line.slice(0, begin.index))}${placeholder}${line.endsWith('\n') ? '\n' : ''}`;
    }
    return redact(line);
  }
}

/**
 * How many trailing characters of `complete` (whole lines) are the first lines of a multi-line
 * secret value: printed line by line, such a value would otherwise go out a line at a time, no
 * line of it a secret on its own.
 */
function heldForSecret(complete: string, secrets: readonly string[]): number {
  let held = 0;
  for (const secret of secrets) {
    for (let newline = secret.indexOf('\n'); newline !== -1 && newline < secret.length - 1; newline = secret.indexOf('\n', newline + 1)) {
      const start = secret.slice(0, newline + 1);
      if (start.length > held && complete.endsWith(start)) held = start.length;
    }
  }
  return held;
}
