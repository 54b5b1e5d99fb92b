// `exact` mode: the normalised output, character for character; only a trailing newline
// may differ (a heredoc body and a printed line rarely agree on it).
import { failedOutcome, type MatchOutcome } from './outcome.js';
import { unifiedDiff } from './unified-diff.js';

export function matchExact(body: string, output: string): MatchOutcome {
  const expected = withoutTrailingNewline(body);
  const actual = withoutTrailingNewline(output);
  if (expected === actual) return { pass: true };
  return failedOutcome('is not exactly the expected text', () => unifiedDiff(expected, actual));
}

function withoutTrailingNewline(text: string): string {
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}
