// `regex` mode: a regex, multiline, that must match somewhere in the output. A body of several
// lines is one pattern whose lines are joined by `\n`. Matched by RE2 (re2js), whose time is
// linear in the output: V8's backtracking engine took minutes on `^(a+)+$` against 40 characters,
// blocking the event loop so even SIGTERM went unheard, and overflowed its stack compiling a
// pattern of thousands of lines. The few patterns RE2 cannot run (a backreference, lookaround)
// run on V8 in a worker with a deadline (backtracking-regex.ts).
import type { RE2JS as RE2JSClass } from 're2js';
import { failedOutcome, type MatchOptions, type MatchOutcome } from './outcome.js';
import { unifiedDiff } from './unified-diff.js';
import { escapeLineBreaks } from './normalize.js';
import { needsBacktracking } from './regex-syntax.js';
import { textHash, type RememberedFacts } from '../text/hash.js';

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
 * RE2 lacks (`\u0041`, `(?<name>`) is translated. Async: the engine is imported by the first
 * pattern to compile.
 */
export async function compileRegex(body: string): Promise<CompiledRegex | string> {
  // Lint compiles each pattern to check it, then again to judge the fixture's output with it.
  const known = COMPILED.get(body);
  if (known !== undefined) return known;
  const compiled = await compileOnce(body);
  if (COMPILED.size >= MAX_COMPILED) COMPILED.clear();
  COMPILED.set(body, compiled);
  return compiled;
}

/** The patterns compiled in this process, by body (RE2 compiles a pattern in ~0.5 ms). */
const COMPILED = new Map<string, CompiledRegex | string>();
const MAX_COMPILED = 1_000;

let re2js: typeof RE2JSClass | undefined;

/**
 * RE2JS, imported by the first pattern to compile: its Unicode tables are 300 KB of code, and a
 * cached replay or lint compiles none (the bundle keeps it in a chunk of its own).
 */
async function re2(): Promise<typeof RE2JSClass> {
  re2js ??= (await import('re2js')).RE2JS;
  return re2js;
}

async function compileOnce(body: string): Promise<CompiledRegex | string> {
  const source = regexSource(body);
  if (needsBacktracking(source)) return backtracking(source);
  const RE2JS = await re2();
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
async function backtracking(source: string): Promise<CompiledRegex | string> {
  try {
    new RegExp(source, 'm');
  } catch (error) {
    return escapeLineBreaks((error as Error).message);
  }
  // The worker machinery (node:worker_threads) is imported only for such a pattern.
  const { testBacktracking } = await import('./backtracking-regex.js');
  let failure: string | undefined;
  return {
    source,
    test(text) {
      failure = undefined;
      const result = testBacktracking(source, text);
      if ('error' in result) failure = result.error;
      return 'matched' in result && result.matched;
    },
    get failure() {
      return failure;
    },
  };
}

/** Remembers whether a valid pattern matched a text, by a hash of both (set by a replay: see fs/content-cache.ts). */
export type RegexVerdicts = RememberedFacts;

let verdicts: RegexVerdicts | undefined;

/**
 * Matching is a pure function of the pattern and the text, and compiling a pattern with RE2 (or
 * starting the worker of a backtracking one) is most of a replay's cost: a replay that has judged
 * a recorded output before takes the verdict it reached. Undefined turns it off.
 */
export function rememberRegexVerdicts(memo: RegexVerdicts | undefined): void {
  verdicts = memo;
}

/** Why `body` is no valid pattern (on one line), or undefined; a valid one is remembered like a verdict. */
export async function regexProblem(body: string): Promise<string | undefined> {
  const key = verdicts && `valid:${textHash(regexSource(body))}`;
  if (key !== undefined && verdicts!.get(key)) return undefined;
  const pattern = await compileRegex(body);
  if (typeof pattern === 'string') return pattern;
  if (key !== undefined) verdicts!.set(key, true);
  return undefined;
}

export async function matchRegex(body: string, output: string, options: MatchOptions = {}): Promise<MatchOutcome> {
  const source = regexSource(body);
  // A pattern with values put in may hold a secret: not even its hash goes to disk.
  const key = verdicts && options.remember !== false ? textHash(`${source}\u0000${output}`) : undefined;
  const known = key === undefined ? undefined : verdicts!.get(key);
  if (known === undefined) {
    const pattern = await compileRegex(body);
    if (typeof pattern === 'string') return { pass: false, reason: `has an invalid regex: ${pattern}` };
    const matched = pattern.test(output);
    if (pattern.failure) return failedOutcome(`cannot be matched: /${source}/m: ${pattern.failure}`, () => regexDiff(source, output));
    if (key !== undefined) verdicts!.set(key, matched);
    if (matched) return { pass: true };
  } else if (known) return { pass: true };
  return failedOutcome(`does not match /${source}/m`, () => regexDiff(source, output));
}

function regexDiff(source: string, output: string): string {
  return unifiedDiff(source, output.replace(/\n$/, ''));
}
