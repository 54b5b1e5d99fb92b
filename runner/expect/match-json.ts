// `json` mode: the trimmed output parses as JSON and contains the expected value as a subset
// (see json-subset.ts). The diff compares the expected value with the part of the output it names.
import { jsonSubsetDifferences, projectOnto, type Json } from './json-subset.js';
import { failedOutcome, type MatchOutcome } from './outcome.js';
import { unifiedDiff } from './unified-diff.js';
import { escapeLineBreaks } from './normalize.js';

/**
 * JSON nested deeper than this is not compared: the comparison, the projection and
 * JSON.stringify recurse, and ten thousand levels overflow the stack. Real output nests a few dozen.
 */
export const MAX_JSON_DEPTH = 256;

/** The parsed body, or the parser's complaint about it on one line (V8 quotes the input, newlines and all). */
export function parseJsonBody(body: string): { value: Json } | { problem: string; tooDeep?: true } {
  let value: Json;
  try {
    value = JSON.parse(body) as Json;
  } catch (error) {
    return { problem: escapeLineBreaks((error as Error).message) };
  }
  return nestedDeeperThan(value, MAX_JSON_DEPTH) ? { problem: `it nests more than ${MAX_JSON_DEPTH} levels deep`, tooDeep: true } : { value };
}

export function matchJson(body: string, output: string): MatchOutcome {
  const expected = parseJsonBody(body);
  if ('problem' in expected) return { pass: false, reason: `has an invalid JSON body: ${expected.problem}` };
  const trimmed = output.trim();
  const actual = parseJsonBody(trimmed);
  const expectedText = JSON.stringify(expected.value, null, 2);
  if ('problem' in actual) {
    const what = trimmed === '' ? 'is empty, expected JSON' : actual.tooDeep ? `is JSON too deep to compare (${actual.problem})` : `is not JSON (${actual.problem})`;
    return failedOutcome(what, () => unifiedDiff(expectedText, trimmed));
  }
  const differences = jsonSubsetDifferences(expected.value, actual.value);
  if (differences.length === 0) return { pass: true };
  return failedOutcome(`does not contain the expected JSON:\n  ${differences.join('\n  ')}`, () => unifiedDiff(expectedText, JSON.stringify(projectOnto(expected.value, actual.value), null, 2)));
}

/** Whether a parsed value nests arrays and objects more than `limit` deep (iterative: any depth is safe). */
function nestedDeeperThan(value: Json, limit: number): boolean {
  const stack: Array<[Json, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(item) ? item : Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}
