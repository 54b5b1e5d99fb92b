// Expectation regexes run on RE2 (issue 18 item 6): linear time whatever the pattern, no stack
// overflow on a pattern of thousands of lines, and a clear refusal of backtracking syntax.
import { describe, expect, it } from 'vitest';
import { compileRegex, matchRegex } from '../../runner/expect/match-regex.js';
import { validateExpectation } from '../../runner/expect/validate.js';
import { expectation } from './helpers.js';

const regex = (body: string) => expectation(body, { mode: 'regex' });

describe('expectation regexes on RE2', () => {
  it('match catastrophic patterns without backtracking (V8 took minutes on these)', () => {
    expect(matchRegex('^(a+)+$', `${'a'.repeat(40)}b`).pass).toBe(false);
    expect(matchRegex('^(a|aa)*c$', 'a'.repeat(5_000)).pass).toBe(false);
    expect(matchRegex('^(a+)+$', 'a'.repeat(40)).pass).toBe(true);
  });

  it('compile a pattern of 5,000 literal lines (V8 overflowed its stack) and match it', () => {
    const lines = Array.from({ length: 5_000 }, (_, i) => `line ${i} of the output`).join('\n');
    const compiled = compileRegex(lines);
    expect(typeof compiled).toBe('object');
    expect(matchRegex(lines, `${lines}\n`).pass).toBe(true);
  });

  it('keep JavaScript syntax authors write: classes, \\d, \\u, named groups, / unescaped, multiline anchors', () => {
    expect(matchRegex('^\\d+ pods? (?<state>Ready|Running)$', 'x\n3 pods Running\ny').pass).toBe(true);
    expect(matchRegex('\\u0041/b [\\w.-]+', 'A/b my-pod.1').pass).toBe(true);
  });

  it.each([
    ['(a)\\1', /backreference .* write the repeated text itself/],
    ['(?<x>a)\\k<x>', /backreference/],
    ['foo(?=bar)', /lookahead .* `not-contains` expectation/],
    ['foo(?!bar)', /lookahead/],
    ['(?<=x)y', /lookbehind .* `lines` expectation/],
    ['(?<!x)y', /lookbehind/],
  ])('refuses %s with what to write instead', (body, advice) => {
    const problem = validateExpectation(regex(body));
    expect(problem?.rule).toBe('invalid-regex');
    expect(problem?.message).toMatch(advice);
    expect(problem?.message).toContain('RE2');
    expect(matchRegex(body, 'anything').pass).toBe(false);
  });

  it('does not mistake escapes and classes for backtracking syntax', () => {
    for (const body of ['\\\\1 and [1]', '[(?=]x', '\\(?=', 'a\\\\k<b>']) expect(validateExpectation(regex(body)), body).toBeUndefined();
  });

  it('names RE2 syntax errors on one line, the pattern as written', () => {
    expect(compileRegex('[1, 2\n\n{"a":')).toBe('/[1, 2\\n\\n{"a":/m: missing closing ]');
  });
});
