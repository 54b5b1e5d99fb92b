// `json` mode: the trimmed output parses as JSON and contains the expected value as a subset
// (see json-subset.ts). The diff compares the expected value with the part of the output it names.
import { jsonSubsetDifferences, projectOnto, type Json } from './json-subset.js';
import type { MatchOutcome } from './outcome.js';
import { unifiedDiff } from './unified-diff.js';
import { escapeLineBreaks } from './normalize.js';

/** The parsed body, or the parser's complaint about it on one line (V8 quotes the input, newlines and all). */
export function parseJsonBody(body: string): { value: Json } | { problem: string } {
  try {
    return { value: JSON.parse(body) as Json };
  } catch (error) {
    return { problem: escapeLineBreaks((error as Error).message) };
  }
}

export function matchJson(body: string, output: string): MatchOutcome {
  const expected = parseJsonBody(body);
  if ('problem' in expected) return { pass: false, reason: `has an invalid JSON body: ${expected.problem}` };
  const trimmed = output.trim();
  const actual = parseJsonBody(trimmed);
  const expectedText = JSON.stringify(expected.value, null, 2);
  if ('problem' in actual) {
    const what = trimmed === '' ? 'is empty, expected JSON' : `is not JSON (${actual.problem})`;
    return { pass: false, reason: what, diff: unifiedDiff(expectedText, trimmed) };
  }
  const differences = jsonSubsetDifferences(expected.value, actual.value);
  if (differences.length === 0) return { pass: true };
  return {
    pass: false,
    reason: `does not contain the expected JSON:\n  ${differences.join('\n  ')}`,
    diff: unifiedDiff(expectedText, JSON.stringify(projectOnto(expected.value, actual.value), null, 2)),
  };
}
