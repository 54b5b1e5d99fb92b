// `regex` mode: a JavaScript regex, multiline, that must match somewhere in the output.
// A body of several lines is one pattern whose lines are joined by `\n`.
import type { MatchOutcome } from './outcome.js';
import { unifiedDiff } from './unified-diff.js';
import { escapeLineBreaks } from './normalize.js';

/** The body as a pattern source: the last newline ends the block, it is not part of the pattern. */
export function regexSource(body: string): string {
  return body.replace(/\n$/, '');
}

/**
 * The compiled pattern, or the engine's complaint about it on one line: V8 repeats the pattern
 * (`Invalid regular expression: /[a<newline>b/m: ...`), and a newline in it would break a
 * `file:line:col: error: ...` diagnostic, so line breaks are shown escaped.
 */
export function compileRegex(body: string): RegExp | string {
  try {
    return new RegExp(regexSource(body), 'm');
  } catch (error) {
    return escapeLineBreaks((error as Error).message);
  }
}

export function matchRegex(body: string, output: string): MatchOutcome {
  const pattern = compileRegex(body);
  if (typeof pattern === 'string') return { pass: false, reason: `has an invalid regex: ${pattern}` };
  if (pattern.test(output)) return { pass: true };
  return {
    pass: false,
    reason: `does not match /${pattern.source}/m`,
    diff: unifiedDiff(regexSource(body), output.replace(/\n$/, '')),
  };
}
