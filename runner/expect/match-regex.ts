// `regex` mode: a regex, multiline, that must match somewhere in the output. A body of several
// lines is one pattern whose lines are joined by `\n`. Matched by RE2 (re2js), whose time is
// linear in the output: V8's backtracking engine took minutes on `^(a+)+$` against 40 characters,
// blocking the event loop so even SIGTERM went unheard, and overflowed its stack compiling a
// pattern of thousands of lines. The few patterns RE2 cannot run (a backreference, lookaround)
// run on V8 in a worker with a deadline (backtracking-regex.ts).
import { RE2JS } from 're2js';
import type { MatchOutcome } from './outcome.js';
import { unifiedDiff } from './unified-diff.js';
import { escapeLineBreaks } from './normalize.js';
import { needsBacktracking } from './regex-syntax.js';
import { testBacktracking } from './backtracking-regex.js';

/** The body as a pattern source: the last newline ends the block, it is not part of the pattern. */
export function regexSource(body: string): string {
  return body.replace(/\n$/, '');
}

/** A compiled expectation regex: tells whether it matches anywhere in a text. */
export interface CompiledRegex {
  source: string;
  test(text: string): boolean;
  /** Why the last test could not decide (a backtracking pattern past its deadline). */
  readonly failure?: string;
}

/**
 * The compiled pattern, or why it cannot be one, on one line (a newline in it would break a
 * `file:line:col: error: ...` diagnostic, so line breaks are shown escaped). JavaScript syntax
 * RE2 lacks (`\u0041`, `(?<name>`) is translated.
 */
export function compileRegex(body: string): CompiledRegex | string {
  const source = regexSource(body);
  if (needsBacktracking(source)) return backtracking(source);
  try {
    const compiled = RE2JS.compile(RE2JS.translateRegExp(source), RE2JS.MULTILINE);
    return { source, test: (text) => compiled.test(text) };
  } catch (error) {
    // RE2's syntax errors, and a RangeError should any pattern still exhaust the stack.
    const reason = (error as Error).message.replace(/^error parsing regexp: /, '').replace(/: `[\s\S]*`$/, '');
    return escapeLineBreaks(`/${source}/m: ${reason}`);
  }
}

/**
 * A pattern with a backreference or lookaround: checked with V8 (syntax errors named, on one
 * line), matched in a worker with a deadline. Lab authors use `\1` to say two numbers are equal.
 */
function backtracking(source: string): CompiledRegex | string {
  try {
    new RegExp(source, 'm');
  } catch (error) {
    return escapeLineBreaks((error as Error).message);
  }
  let failure: string | undefined;
  return {
    source,
    test(text) {
      const result = testBacktracking(source, text);
      if ('error' in result) failure = result.error;
      return 'matched' in result && result.matched;
    },
    get failure() {
      return failure;
    },
  };
}

export function matchRegex(body: string, output: string): MatchOutcome {
  const pattern = compileRegex(body);
  if (typeof pattern === 'string') return { pass: false, reason: `has an invalid regex: ${pattern}` };
  if (pattern.test(output)) return { pass: true };
  return {
    pass: false,
    reason: pattern.failure ? `cannot be matched: /${pattern.source}/m: ${pattern.failure}` : `does not match /${pattern.source}/m`,
    diff: unifiedDiff(regexSource(body), output.replace(/\n$/, '')),
  };
}
