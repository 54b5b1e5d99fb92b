// Public surface of runner/expect: expectations, and judging observed output against them.
export type { Expectation, ExpectMode, ExpectStream, ExitSpec, Observed, Mismatch } from './expectation.js';
export { EXPECT_MODES, EXPECT_MODE_NAMES, isExpectMode, matchExpectation, type ExpectModeRecord } from './modes.js';
export { normalizeOutput, escapeControls } from './normalize.js';
export { interpolate, escapeRegex, placeholderNames } from './interpolate.js';
export { evaluateAttempt, rememberPassedExpectations, type EvaluateOptions } from './evaluate.js';
export type { MatchOutcome } from './outcome.js';
export { checkExit, type ExitRule, type ExitProblem } from './exit-code.js';
export { colorizeDiff } from './colorize.js';
export { validateExpectation } from './validate.js';
export { unifiedDiff, MAX_DIFF_LINES } from './unified-diff.js';
export { jsonSubsetDifferences, type Json } from './json-subset.js';
