// `contains` and `not-contains`: each non-empty body line, whitespace-collapsed, searched for
// anywhere in the output. Whitespace is collapsed within lines only, so a body line never
// matches by straddling two output lines. Cheapest first: a body that is a stretch of the output
// passes in one search; otherwise its lines that are whole output lines in the output's order
// are found by one forward walk over the output as it is; from the first line that walk does not
// find, the rest are looked up in a set of the output's collapsed lines, and only those not there
// are searched for as text. 50k expected lines cost a pass over the output, not a search each.
import { collapsedLines, collapseWhitespace } from './normalize.js';
import { failedOutcome, type MatchOutcome } from './outcome.js';
import { unifiedDiff } from './unified-diff.js';

function bodyLines(body: string): string[] {
  return collapsedLines(body).filter((line) => line !== '');
}

/** Finds body lines in the output: whole lines by set, parts of lines by search. */
function finder(output: string): (line: string) => boolean {
  const lines = collapsedLines(output);
  const whole = new Set(lines);
  let haystack: string | undefined;
  return (line) => whole.has(line) || (haystack ??= lines.join('\n')).includes(line);
}

function quoteList(lines: string[]): string {
  const shown = lines.slice(0, 5).map((line) => JSON.stringify(line));
  return lines.length > 5 ? `${shown.join(', ')} and ${lines.length - 5} more` : shown.join(', ');
}

/**
 * How many of `lines` (from the first) are whole lines of `output` as it is, in order: each found
 * after the one before it, compared in place. A line of the output that equals a collapsed body
 * line is also its own collapse, so each one counted is found by `finder` too.
 */
function foundInOrder(lines: string[], output: string): number {
  let from = 0;
  let count = 0;
  for (const line of lines) {
    let at = from;
    for (;;) {
      const newline = output.indexOf('\n', at);
      const end = newline === -1 ? output.length : newline;
      if (end - at === line.length && output.startsWith(line, at)) break;
      if (newline === -1) return count;
      at = newline + 1;
    }
    count++;
    from = at + line.length + 1;
  }
  return count;
}

/**
 * The body, without the newlines at its ends, is a stretch of the output as it is: then it passes.
 * Each body line then lies within one output line, and a text inside a line is, collapsed,
 * inside that line collapsed (runs of blanks inside it are whole runs there; trimming only takes
 * more off), so the lines are found as the rule says. The usual `contains` of a sample copied
 * from the output passes here, in one search.
 */
function foundAsStretch(body: string, output: string): boolean {
  let start = 0;
  let end = body.length;
  while (start < end && body.charCodeAt(start) === 0x0a) start++;
  while (end > start && body.charCodeAt(end - 1) === 0x0a) end--;
  return start < end && output.includes(start === 0 && end === body.length ? body : body.slice(start, end));
}

export function matchContains(body: string, output: string): MatchOutcome {
  if (foundAsStretch(body, output)) return { pass: true };
  const wanted = bodyLines(body);
  const rest = wanted.slice(foundInOrder(wanted, output));
  const found = rest.length > 0 ? finder(output) : undefined;
  const missing = found ? rest.filter((line) => !found(line)) : [];
  if (missing.length === 0) return { pass: true };
  const noun = missing.length === 1 ? 'line' : 'lines';
  return failedOutcome(`does not contain the expected ${noun} ${quoteList(missing)}`, () => unifiedDiff(body.replace(/\n$/, ''), output.replace(/\n$/, '')));
}

export function matchNotContains(body: string, output: string): MatchOutcome {
  const present = finder(output);
  const found = bodyLines(body).filter(present);
  if (found.length === 0) return { pass: true };
  return failedOutcome(`contains the forbidden text ${quoteList(found)}`, () => {
    // The diff shows the offending output lines as additions to an output without them.
    const printed = output.replace(/\n$/, '').split('\n');
    const clean = printed.filter((line) => !found.some((forbidden) => collapseWhitespace(line).includes(forbidden)));
    return unifiedDiff(clean.join('\n'), printed.join('\n'));
  });
}
