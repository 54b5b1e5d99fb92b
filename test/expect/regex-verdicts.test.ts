// A replay remembers whether a regex matched a recorded output (rememberRegexVerdicts, kept in the
// content cache by `lab run` in replay): a remembered verdict is used as is, with the same reason
// and diff as a judged one; an invalid pattern is never remembered (nor, by the same code path, a
// backtracking match that ran past its deadline: that one is not tested here, it takes 5 s).
import { afterEach, describe, expect, it } from 'vitest';
import { compileRegex, matchRegex, regexProblem, rememberRegexVerdicts } from '../../runner/expect/match-regex.js';

afterEach(() => rememberRegexVerdicts(undefined));

describe('remembered regex verdicts', () => {
  it('judges once, then answers from the memo with the same outcome', async () => {
    const memo = new Map<string, boolean>();
    rememberRegexVerdicts(memo);
    const passing = await matchRegex('^ready (\\d+)$', 'x\nready 3\n');
    const failing = await matchRegex('^ready (\\d+)$', 'x\nnot yet\n');
    const backreference = await matchRegex('^(\\d+) \\1$', '7 7\n');
    expect([passing.pass, failing.pass, backreference.pass]).toEqual([true, false, true]);
    expect(memo.size).toBe(3);
    expect([...memo.values()]).toEqual([true, false, true]);
    expect(await matchRegex('^ready (\\d+)$', 'x\nnot yet\n')).toEqual(failing);
    expect(await matchRegex('^ready (\\d+)$', 'x\nready 3\n')).toEqual(passing);
    expect(memo.size).toBe(3);
  });

  it('takes a remembered verdict without judging (the memo is keyed by pattern and text)', async () => {
    const memo = new Map<string, boolean>();
    rememberRegexVerdicts(memo);
    await matchRegex('^a$', 'a\n');
    const [key] = [...memo.keys()];
    memo.set(key!, false);
    expect(await matchRegex('^a$', 'a\n')).toMatchObject({ pass: false, reason: 'does not match /^a$/m' });
    // Another text is another key: judged.
    expect((await matchRegex('^a$', 'a\nb\n')).pass).toBe(true);
  });

  it('never remembers an invalid pattern', async () => {
    const memo = new Map<string, boolean>();
    rememberRegexVerdicts(memo);
    expect(await matchRegex('(unclosed', 'x')).toMatchObject({ pass: false, reason: expect.stringMatching(/^has an invalid regex/) });
    expect(memo.size).toBe(0);
  });

  it('remembers that a pattern is valid (lint checks every pattern), never that one is invalid', async () => {
    const memo = new Map<string, boolean>();
    rememberRegexVerdicts(memo);
    expect(await regexProblem('^ok \\d+$')).toBeUndefined();
    expect([...memo.entries()]).toEqual([[expect.stringMatching(/^valid:/), true]]);
    expect(await regexProblem('(unclosed')).toMatch(/missing closing \)/);
    expect(memo.size).toBe(1);
  });

  it('compiles a pattern once per process: checking it and judging with it share the program', async () => {
    const body = `^compiled once ${Math.random()}$`;
    expect(await compileRegex(body)).toBe(await compileRegex(body));
  });
});
