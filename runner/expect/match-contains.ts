// `contains` and `not-contains`: each non-empty body line, whitespace-collapsed, searched for
// anywhere in the output. Whitespace is collapsed within lines only, so a body line never
// matches by straddling two output lines.
import { collapseWhitespace } from './normalize.js';
import type { MatchOutcome } from './outcome.js';
import { unifiedDiff } from './unified-diff.js';

function bodyLines(body: string): string[] {
  return body.split('\n').map(collapseWhitespace).filter((line) => line !== '');
}

function collapsedOutput(output: string): string {
  return output.split('\n').map(collapseWhitespace).join('\n');
}

function quoteList(lines: string[]): string {
  const shown = lines.slice(0, 5).map((line) => JSON.stringify(line));
  return lines.length > 5 ? `${shown.join(', ')} and ${lines.length - 5} more` : shown.join(', ');
}

export function matchContains(body: string, output: string): MatchOutcome {
  const haystack = collapsedOutput(output);
  const missing = bodyLines(body).filter((line) => !haystack.includes(line));
  if (missing.length === 0) return { pass: true };
  const noun = missing.length === 1 ? 'line' : 'lines';
  return {
    pass: false,
    reason: `does not contain the expected ${noun} ${quoteList(missing)}`,
    diff: unifiedDiff(body.replace(/\n$/, ''), output.replace(/\n$/, '')),
  };
}

export function matchNotContains(body: string, output: string): MatchOutcome {
  const haystack = collapsedOutput(output);
  const found = bodyLines(body).filter((line) => haystack.includes(line));
  if (found.length === 0) return { pass: true };
  // The diff shows the offending output lines as additions to an output without them.
  const printed = output.replace(/\n$/, '').split('\n');
  const clean = printed.filter((line) => !found.some((forbidden) => collapseWhitespace(line).includes(forbidden)));
  return {
    pass: false,
    reason: `contains the forbidden text ${quoteList(found)}`,
    diff: unifiedDiff(clean.join('\n'), printed.join('\n')),
  };
}
