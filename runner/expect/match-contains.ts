// `contains` and `not-contains`: each non-empty body line, whitespace-collapsed, searched for
// anywhere in the output. Whitespace is collapsed within lines only, so a body line never
// matches by straddling two output lines. A body line that is a whole output line is found in a
// set of the output's lines; only the others are searched for as text, so 50k expected lines
// cost one pass over the output rather than one search each.
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

export function matchContains(body: string, output: string): MatchOutcome {
  const found = finder(output);
  const missing = bodyLines(body).filter((line) => !found(line));
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
