// Public surface of runner/expect: judging a step's output against its expectations.
export { normalizeOutput } from './normalize.js';
export { interpolate, escapeRegex } from './interpolate.js';
export { evaluateAttempt, evaluateStep, type EvaluateOptions } from './evaluate.js';
export { matchExpectation } from './matchers.js';
export type { MatchOutcome } from './outcome.js';
export { checkExit, type ExitRule, type ExitProblem } from './exit-code.js';
export { colorizeDiff } from './colorize.js';
export { validateExpectation } from './validate.js';
export { unifiedDiff, MAX_DIFF_LINES } from './unified-diff.js';
export { jsonSubsetDifferences, type Json } from './json-subset.js';
