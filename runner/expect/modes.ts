// The expectation modes, one record each: how a body is matched against output, how `{{VAR}}`
// values are encoded into it, what lint checks in it before anything runs, and how it reads in
// words. The mode names are the keys of this table; adding a mode is one record here plus its
// matcher's file.
import { matchContains, matchNotContains } from './match-contains.js';
import { matchExact } from './match-exact.js';
import { matchJson, parseJsonBody } from './match-json.js';
import { matchLines } from './match-lines.js';
import { matchSample } from './match-sample.js';
import { matchRegex, regexProblem } from './match-regex.js';
import { escapeJsonString, escapeRegex } from './interpolate.js';
import type { MatchOptions, MatchOutcome } from './outcome.js';

export interface ExpectModeRecord {
  /**
   * `body` is interpolated and normalised; `output` is the normalised stream. A matcher whose
   * engine is imported on first use (regex: re2js) answers with a promise. `remember: false`: the
   * body holds `{{VAR}}` values (one may be a secret), so no verdict memo keys on it.
   */
  match(body: string, output: string, options?: MatchOptions): MatchOutcome | Promise<MatchOutcome>;
  /** How a variable's value is written into the body (regex and JSON escape it). */
  encode?(value: string): string;
  /** A problem with the body itself (`{{VAR}}` already replaced by a stand-in), found by lint. */
  validate?(body: string): string | undefined | Promise<string | undefined>;
  /** The lint rule that reports `validate`'s problems. */
  rule?: string;
  /** What the expectation asks of `stream` ("stdout"), in words, for the walk's Details. */
  describe(stream: string): string;
  /** `warn`: a mismatch is a warning in the report, never a failure. Default: `fail`. */
  severity?: 'fail' | 'warn';
}

const MODES = {
  lines: {
    match: matchLines,
    describe: (stream) => `${stream} matches these lines (spaces flexible, '...' skips lines, '[..]' any text)`,
  },
  exact: { match: matchExact, describe: (stream) => `${stream} is exactly` },
  regex: {
    match: matchRegex,
    encode: escapeRegex,
    rule: 'invalid-regex',
    async validate(body) {
      const problem = await regexProblem(body);
      return problem === undefined ? undefined : `invalid regex: ${problem}`;
    },
    describe: (stream) => `${stream} matches the regular expression`,
  },
  contains: { match: matchContains, describe: (stream) => `${stream} contains each of these lines` },
  'not-contains': { match: matchNotContains, describe: (stream) => `${stream} contains none of these lines` },
  json: {
    match: matchJson,
    encode: escapeJsonString,
    rule: 'invalid-json',
    validate(body) {
      if (body.trim() === '') return 'empty JSON expectation: give the expected JSON value (or an exit= code)';
      const parsed = parseJsonBody(body);
      return 'problem' in parsed ? `invalid JSON: ${parsed.problem}` : undefined;
    },
    describe: (stream) => `${stream} is JSON that includes`,
  },
  sample: {
    match: matchSample,
    severity: 'warn',
    describe: (stream) => `${stream} looks like this sample (ages, pod hashes, IPs, times, account ids masked; drift is a warning)`,
  },
} satisfies Record<string, ExpectModeRecord>;

export type ExpectMode = keyof typeof MODES;

export const EXPECT_MODES: Record<ExpectMode, ExpectModeRecord> = MODES;

/** The modes in the order they are documented (the first is the default). */
export const EXPECT_MODE_NAMES = Object.keys(EXPECT_MODES) as ExpectMode[];

export function isExpectMode(name: string): name is ExpectMode {
  return Object.hasOwn(EXPECT_MODES, name);
}

/** `body` is interpolated and normalised; `output` is the normalised stream. */
export async function matchExpectation(mode: ExpectMode, body: string, output: string): Promise<MatchOutcome> {
  return EXPECT_MODES[mode].match(body, output);
}
