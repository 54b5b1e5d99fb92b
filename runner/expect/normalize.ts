// Output normalisation shared by every matcher: terminal escapes and line endings must not
// decide whether a step passed (kubectl and aws colour their output on a TTY).
import { terminalText } from '../text/terminal-text.js';

// CSI (ESC [ ... final), OSC (ESC ] ... BEL|ST), DCS/SOS/PM/APC (ESC P|X|^|_ ... ST), charset
// selection (ESC ( B), other two-byte escapes, and the 8-bit CSI. Every alternative is bounded
// by a negated class, so a 50 MB output is stripped in one linear pass.
const ANSI_ESCAPE =
  /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b\n]*(?:\x07|\x1b\\)?|\x1b[PX^_][^\x1b]*(?:\x1b\\)?|\x1b[()*+][0-9A-Za-z]|\x1b[@-Z\\-_=>78]|\x9b[0-?]*[ -/]*[@-~]/g;

/** Removes ANSI escape sequences: the one definition the matchers, reporters and walk share. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_ESCAPE, '');
}

/** Strips ANSI escape sequences and turns CRLF and lone CR into LF. */
export function normalizeOutput(text: string): string {
  return stripAnsi(text).replace(/\r\n?/g, '\n');
}

/** `a<CR><LF>b` -> `a\r\nb`: a message that quotes input text stays on one line. */
export function escapeLineBreaks(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]/g, (char) => ({ '\r': '\\r', '\n': '\\n', '\u2028': '\\u2028', '\u2029': '\\u2029' })[char]!);
}

/**
 * Line breaks as above, and every other control character (NUL, ESC, BEL, DEL, C1) as `\u001b`:
 * quoted input can neither split a one-line message nor drive the terminal. Tabs stay.
 */
export function escapeControls(text: string): string {
  return terminalText(escapeLineBreaks(text));
}

const BLANKS = /[ \t\f\v\u00a0]+/g;
/** What collapsing changes inside a line: a blank other than a space, or two in a row. */
const UNCOLLAPSED = /[\t\f\v\u00a0]| [ \t\f\v\u00a0]/;

/** Collapses runs of spaces and tabs to one space and trims the line (kubectl columns move). */
export function collapseWhitespace(line: string): string {
  // Most lines have single spaces only: replacing each with itself made a copy of every line.
  return (UNCOLLAPSED.test(line) ? line.replace(BLANKS, ' ') : line).trim();
}

const isVisibleAscii = (code: number) => code > 32 && code < 127;

/** Every line of a text, each as collapseWhitespace makes it; trim() only where an edge may be blank. */
export function collapsedLines(text: string): string[] {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    // As in collapseWhitespace: a line of single spaces is its own collapse, and replacing copied it.
    const line = UNCOLLAPSED.test(raw) ? raw.replace(BLANKS, ' ') : raw;
    // Most lines start and end with a visible character: trim() would only copy them.
    lines[i] = isVisibleAscii(line.charCodeAt(0)) && isVisibleAscii(line.charCodeAt(line.length - 1)) ? line : line.trim();
  }
  return lines;
}

/** Drops blank lines at the start and end of a list of already-collapsed lines. */
export function trimBlankEdges<T>(lines: T[], isBlank: (line: T) => boolean): T[] {
  let start = 0;
  let end = lines.length;
  while (start < end && isBlank(lines[start]!)) start++;
  while (end > start && isBlank(lines[end - 1]!)) end--;
  return lines.slice(start, end);
}
