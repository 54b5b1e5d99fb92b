// The matcher for each expectation mode, in one table so a new mode is one line here.
import type { ExpectMode } from '../lab/model.js';
import { matchContains, matchNotContains } from './match-contains.js';
import { matchExact } from './match-exact.js';
import { matchJson } from './match-json.js';
import { matchLines } from './match-lines.js';
import { matchRegex } from './match-regex.js';
import type { MatchOutcome } from './outcome.js';

const MATCHERS: Record<ExpectMode, (body: string, output: string) => MatchOutcome> = {
  lines: matchLines,
  exact: matchExact,
  regex: matchRegex,
  contains: matchContains,
  'not-contains': matchNotContains,
  json: matchJson,
};

/** `body` is interpolated and normalised; `output` is the normalised stream. */
export function matchExpectation(mode: ExpectMode, body: string, output: string): MatchOutcome {
  return MATCHERS[mode](body, output);
}
