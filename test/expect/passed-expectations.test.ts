// A replay remembers that an expectation passed against a recorded output (rememberPassedExpectations,
// kept in the content cache by `lab run` in replay): a remembered pass is taken without matching,
// a failure is never remembered (its reason and diff are made each time), nor a body with values
// put in, and `regex` keeps its own verdicts.
import { afterEach, describe, expect, it } from 'vitest';
import { evaluateAttempt, rememberPassedExpectations } from '../../runner/expect/index.js';
import { rememberRegexVerdicts } from '../../runner/expect/match-regex.js';
import { attempt, expectation } from './helpers.js';

afterEach(() => {
  rememberPassedExpectations(undefined);
  rememberRegexVerdicts(undefined);
});

describe('remembered passes of expectations', () => {
  it('remembers a pass, never a failure, and answers the same', async () => {
    const memo = new Map<string, boolean>();
    rememberPassedExpectations(memo);
    const ready = expectation('node-1 Ready');
    expect(await evaluateAttempt([ready], attempt('node-1 Ready\n'), { vars: {} })).toEqual([]);
    expect([...memo.values()]).toEqual([true]);
    const failures = await evaluateAttempt([ready], attempt('node-1 NotReady\n'), { vars: {} });
    expect(failures).toHaveLength(1);
    expect(memo.size).toBe(1);
    expect(await evaluateAttempt([ready], attempt('node-1 Ready\n'), { vars: {} })).toEqual([]);
    expect(await evaluateAttempt([ready], attempt('node-1 NotReady\n'), { vars: {} })).toEqual(failures);
  });

  it('takes a remembered pass without matching, keyed by mode, body and output', async () => {
    const memo = new Map<string, boolean>();
    rememberPassedExpectations(memo);
    await evaluateAttempt([expectation('{"a": 1}', { mode: 'json' })], attempt('{"a": 1}\n'), { vars: {} });
    expect(memo.size).toBe(1);
    // The key holds the mode and the body: a remembered `contains a` on this output is no pass for `exact a` or `contains c`.
    expect(await evaluateAttempt([expectation('a', { mode: 'contains' })], attempt('a b\n'), { vars: {} })).toEqual([]);
    expect(await evaluateAttempt([expectation('a', { mode: 'exact' })], attempt('a b\n'), { vars: {} })).toHaveLength(1);
    expect(await evaluateAttempt([expectation('c', { mode: 'contains' })], attempt('a b\n'), { vars: {} })).toHaveLength(1);
    rememberPassedExpectations({ get: () => true, set: () => {} });
    expect(await evaluateAttempt([expectation('{"a": 1}', { mode: 'json' })], attempt('{"a": 2}\n'), { vars: {} })).toEqual([]);
    // Not for regex: its verdicts are its own (match-regex.ts).
    expect(await evaluateAttempt([expectation('^a$', { mode: 'regex' })], attempt('b\n'), { vars: {} })).toHaveLength(1);
  });

  it('never remembers a body with values put in: a value may be a secret, not even its hash is kept', async () => {
    const memo = new Map<string, boolean>();
    rememberPassedExpectations(memo);
    expect(await evaluateAttempt([expectation('token {{TOKEN}}', { mode: 'contains' })], attempt('token s3cr3t-value\n'), { vars: { TOKEN: 's3cr3t-value' } })).toEqual([]);
    expect(memo.size).toBe(0);
    rememberPassedExpectations({ get: () => true, set: () => {} });
    expect(await evaluateAttempt([expectation('token {{TOKEN}}', { mode: 'contains' })], attempt('token other\n'), { vars: { TOKEN: 's3cr3t-value' } })).toHaveLength(1);
  });

  it('regex verdicts are not remembered for a pattern with values put in either', async () => {
    const verdicts = new Map<string, boolean>();
    rememberRegexVerdicts(verdicts);
    const pattern = expectation('^token {{TOKEN}}$', { mode: 'regex' });
    expect(await evaluateAttempt([pattern], attempt('token s3cr3t-value\n'), { vars: { TOKEN: 's3cr3t-value' } })).toEqual([]);
    expect(verdicts.size).toBe(0);
    // A plain pattern is remembered as before.
    expect(await evaluateAttempt([expectation('^token \\S+$', { mode: 'regex' })], attempt('token s3cr3t-value\n'), { vars: {} })).toEqual([]);
    expect(verdicts.size).toBe(1);
  });

  it('remembers a body with a plain value put in, never one with a secret value (declared or named like a credential)', async () => {
    const memo = new Map<string, boolean>();
    const verdicts = new Map<string, boolean>();
    rememberPassedExpectations(memo);
    rememberRegexVerdicts(verdicts);
    const secret = (name: string) => name === 'DB_PASS' || /TOKEN/.test(name);
    const vars = { CLUSTER: 'myeks', DB_PASS: 'hunter2-long', API_TOKEN: 'tok-123456' };
    const judge = (body: string, mode: 'contains' | 'regex', output: string) => evaluateAttempt([expectation(body, { mode })], attempt(output), { vars, secret });
    expect(await judge('cluster {{CLUSTER}}', 'contains', 'cluster myeks\n')).toEqual([]);
    expect(await judge('^cluster {{CLUSTER}}$', 'regex', 'cluster myeks\n')).toEqual([]);
    expect([memo.size, verdicts.size]).toEqual([1, 1]);
    expect(await judge('pass {{DB_PASS}}', 'contains', 'pass hunter2-long\n')).toEqual([]);
    expect(await judge('^token {{API_TOKEN}}$', 'regex', 'token tok-123456\n')).toEqual([]);
    expect([memo.size, verdicts.size]).toEqual([1, 1]);
  });
});
