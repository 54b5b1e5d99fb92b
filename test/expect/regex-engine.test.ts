// Expectation regexes run on RE2 (issue 18 item 6): linear time whatever the pattern, no stack
// overflow on a pattern of thousands of lines; the backtracking syntax RE2 lacks runs on V8 in a
// worker with a deadline.
import { describe, expect, it } from 'vitest';
import { compileRegex, matchRegex } from '../../runner/expect/match-regex.js';
import { testBacktracking } from '../../runner/expect/backtracking-regex.js';
import { validateExpectation } from '../../runner/expect/validate.js';
import { needsBacktracking } from '../../runner/expect/regex-syntax.js';
import { expectation } from './helpers.js';

const regex = (body: string) => expectation(body, { mode: 'regex' });

describe('expectation regexes on RE2', () => {
  it('match catastrophic patterns without backtracking (V8 took minutes on these)', async () => {
    expect((await matchRegex('^(a+)+$', `${'a'.repeat(40)}b`)).pass).toBe(false);
    expect((await matchRegex('^(a|aa)*c$', 'a'.repeat(5_000))).pass).toBe(false);
    expect((await matchRegex('^(a+)+$', 'a'.repeat(40))).pass).toBe(true);
  });

  it('compile a pattern of 5,000 literal lines (V8 overflowed its stack) and match it', async () => {
    const lines = Array.from({ length: 5_000 }, (_, i) => `line ${i} of the output`).join('\n');
    const compiled = await compileRegex(lines);
    expect(typeof compiled).toBe('object');
    expect((await matchRegex(lines, `${lines}\n`)).pass).toBe(true);
  });

  it('keep JavaScript syntax authors write: classes, \\d, \\u, named groups, / unescaped, multiline anchors', async () => {
    expect((await matchRegex('^\\d+ pods? (?<state>Ready|Running)$', 'x\n3 pods Running\ny')).pass).toBe(true);
    expect((await matchRegex('\\u0041/b [\\w.-]+', 'A/b my-pod.1')).pass).toBe(true);
  });

  it('run backreferences and lookaround on V8 in a worker, as authors write them', async () => {
    expect((await matchRegex('^ready: 100 nodes: (\\d+) nodeclaims: \\1$', 'ready: 100 nodes: 7 nodeclaims: 7')).pass).toBe(true);
    expect((await matchRegex('^ready: 100 nodes: (\\d+) nodeclaims: \\1$', 'ready: 100 nodes: 7 nodeclaims: 8')).pass).toBe(false);
    expect((await matchRegex('\\s(?!192\\.168\\.)\\d+\\.\\d+', ' 10.0.0.1')).pass).toBe(true);
    expect((await matchRegex('(?<=x)y', 'xy')).pass).toBe(true);
    expect(typeof await compileRegex('(a)\\1(')).toBe('string');
  });

  it('stop a catastrophic backtracking pattern at its deadline, with the reason', async () => {
    const result = testBacktracking('^(a+)+\\1$', `${'a'.repeat(40)}b`, 300);
    expect(result).toEqual({ error: expect.stringMatching(/^matching took longer than 0\.3 s/) });
  });

  it('does not mistake escapes and classes for backtracking syntax', async () => {
    for (const body of ['\\\\1 and [1]', '[(?=]x', '\\(?=', 'a\\\\k<b>']) {
      expect(await validateExpectation(regex(body)), body).toBeUndefined();
      expect(needsBacktracking(body), body).toBe(false);
    }
    for (const body of ['(a)\\1', '(?<x>a)\\k<x>', 'a(?=b)', 'a(?!b)', '(?<=a)b', '(?<!a)b']) expect(needsBacktracking(body), body).toBe(true);
  });

  it('names RE2 syntax errors on one line, the pattern as written', async () => {
    expect(await compileRegex('[1, 2\n\n{"a":')).toBe('/[1, 2\\n\\n{"a":/m: missing closing ]');
  });
});
