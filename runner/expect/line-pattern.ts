// One expected line of a `lines` expectation: literal text, whitespace-collapsed, in which
// `[..]` stands for any text. Matched by ordered substring search, never by a regex, so a
// long line with many wildcards cannot backtrack catastrophically.
import { collapseWhitespace } from './normalize.js';

export const LINE_WILDCARD = '[..]';
export const ELISION = '...';

export interface LinePattern {
  /** The expected line as written, shown in diffs. */
  raw: string;
  /** The collapsed text split at every `[..]`; a single part means a literal line. */
  parts: string[];
}

export function compileLinePattern(raw: string): LinePattern {
  return { raw, parts: collapseWhitespace(raw).split(LINE_WILDCARD) };
}

/** Whether an already-collapsed actual line matches the pattern as a whole. */
export function matchesLine(pattern: LinePattern, line: string): boolean {
  const { parts } = pattern;
  if (parts.length === 1) return parts[0] === line;
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (line.length < first.length + last.length) return false;
  if (!line.startsWith(first) || !line.endsWith(last)) return false;
  // The earliest place for each middle part leaves the most room for the rest.
  let from = first.length;
  const limit = line.length - last.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const part = parts[i]!;
    const at = line.indexOf(part, from);
    if (at < 0 || at + part.length > limit) return false;
    from = at + part.length;
  }
  return true;
}
