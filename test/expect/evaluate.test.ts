import { describe, expect, it } from 'vitest';
import { evaluateAttempt } from '../../runner/expect/index.js';
import { attempt, expectation } from './helpers.js';

const vars = { CLUSTER_NAME: 'myeks', MY_IP: '203.0.113.7' };

describe('exit rules', () => {
  it('requires exit 0 by default and names the code and the last stderr line', async () => {
    const failures = await evaluateAttempt([], attempt('', { exitCode: 254, stderr: 'warning\nAn error occurred (AccessDenied)\n' }), { vars });
    expect(failures).toHaveLength(1);
    expect(failures[0]!.message).toBe('exited with 254, expected exit 0; stderr: An error occurred (AccessDenied)');
    expect(await evaluateAttempt([], attempt(''), { vars })).toEqual([]);
  });

  it('accepts the code stated by the step attribute, and only that one', async () => {
    const position = { file: 't.md', line: 4, column: 1 };
    expect(await evaluateAttempt([], attempt('', { exitCode: 2 }), { exit: 2, vars })).toEqual([]);
    const failures = await evaluateAttempt([], attempt(''), { exit: 2, exitPosition: position, vars });
    expect(failures[0]).toMatchObject({ message: 't.md:4:1: exited with 0, expected exit 2', position });
  });

  it('accepts any code, or a signal, with exit=any', async () => {
    expect(await evaluateAttempt([], attempt('', { exitCode: 7 }), { exit: 'any', vars })).toEqual([]);
    expect(await evaluateAttempt([], attempt('', { exitCode: null, signal: 'SIGTERM' }), { exit: 'any', vars })).toEqual([]);
  });

  it("lets an expectation's exit= override the step's", async () => {
    const onlyExit = expectation('', { exit: 1, line: 20 });
    expect(await evaluateAttempt([onlyExit], attempt('', { exitCode: 1 }), { exit: 0, vars })).toEqual([]);
    const failures = await evaluateAttempt([onlyExit], attempt('', { exitCode: 0 }), { vars });
    expect(failures[0]!.message).toBe('t.md:20:1: exited with 0, expected exit 1');
  });

  it('reports a signal kill', async () => {
    const failures = await evaluateAttempt([], attempt('', { exitCode: null, signal: 'SIGKILL' }), { vars });
    expect(failures[0]!.message).toBe('was killed by SIGKILL, expected exit 0');
  });

  it('passes a for= step that was stopped on purpose, but still checks its output', async () => {
    const stopped = attempt('Every 2.0s: kubectl get nodes\nnode-1 Ready\n', { exitCode: null, signal: 'SIGINT', stoppedAfterFor: true });
    expect(await evaluateAttempt([expectation('node-1 Ready', { mode: 'contains' })], stopped, { vars })).toEqual([]);
    expect(await evaluateAttempt([expectation('node-2', { mode: 'contains' })], stopped, { vars })).toHaveLength(1);
  });

  it('fails a timed-out attempt with its duration and nothing else', async () => {
    const failures = await evaluateAttempt([expectation('Successful')], attempt('InProgress', { exitCode: null, timedOut: true, durationMs: 10_004 }), { vars });
    expect(failures.map((failure) => failure.message)).toEqual(['timed out after 10s']);
  });

  it('reports the exit failure before the output failure', async () => {
    const failures = await evaluateAttempt([expectation('ok')], attempt('boom', { exitCode: 1 }), { vars });
    expect(failures.map((failure) => failure.message)).toEqual(['exited with 1, expected exit 0', 't.md:10:1: stdout (lines) does not match the expected lines']);
    expect(failures[1]!.diff).toContain('+boom');
  });
});

describe('expectations', () => {
  it('checks every expectation, each with its position and diff', async () => {
    const failures = await evaluateAttempt(
      [expectation('Successful', { line: 12 }), expectation('^\\d+$', { mode: 'regex', line: 16 })],
      attempt('Failed\n'),
      { vars },
    );
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatchObject({ position: { file: 't.md', line: 12, column: 1 } });
    expect(failures[0]!.message).toMatch(/^t\.md:12:1: stdout \(lines\)/);
    expect(failures[1]!.message).toMatch(/^t\.md:16:1: stdout \(regex\)/);
    expect(failures.every((failure) => failure.diff)).toBe(true);
  });

  it('interpolates variables, regex-escaping them in regex mode', async () => {
    const output = 'cluster myeks allows 203.0.113.7/32\n';
    expect(await evaluateAttempt([expectation('cluster {{CLUSTER_NAME}} allows {{ MY_IP }}/32')], attempt(output), { vars })).toEqual([]);
    expect(await evaluateAttempt([expectation('^cluster {{CLUSTER_NAME}} allows {{MY_IP}}/32$', { mode: 'regex' })], attempt(output), { vars })).toEqual([]);
    // The dots of the IP are literal: another IP does not match.
    expect(await evaluateAttempt([expectation('{{MY_IP}}', { mode: 'regex' })], attempt('203x0x113x7'), { vars })).toHaveLength(1);
  });

  it('interpolates into JSON strings', async () => {
    const output = '{"cluster":{"name":"my\\"eks"}}';
    expect(await evaluateAttempt([expectation('{"cluster":{"name":"{{NAME}}"}}', { mode: 'json' })], attempt(output), { vars: { NAME: 'my"eks' } })).toEqual([]);
  });

  it('names unknown variables in the failure', async () => {
    const failures = await evaluateAttempt([expectation('{{NOPE}}')], attempt('x'), { vars });
    expect(failures[0]!.message).toContain('(no value for {{NOPE}})');
  });

  it('reads stderr or both streams when asked', async () => {
    const run = attempt('out line', { stderr: 'Warning: deprecated\n' });
    expect(await evaluateAttempt([expectation('Warning: [..]', { stream: 'stderr' })], run, { vars })).toEqual([]);
    expect(await evaluateAttempt([expectation('out line\nWarning: deprecated', { stream: 'both' })], run, { vars })).toEqual([]);
    expect(await evaluateAttempt([expectation('Warning: [..]')], run, { vars })).toHaveLength(1);
  });

  it('normalises ANSI colour and CRLF before matching', async () => {
    const run = attempt('\x1b[32mNAME\x1b[0m   STATUS\r\nnode-1  \x1b[1mReady\x1b[0m\r\n');
    expect(await evaluateAttempt([expectation('NAME STATUS\nnode-1 Ready')], run, { vars })).toEqual([]);
    expect(await evaluateAttempt([expectation('NAME   STATUS\nnode-1  Ready\n', { mode: 'exact' })], run, { vars })).toEqual([]);
  });

  it('treats an empty body without exit= as expecting no output', async () => {
    expect(await evaluateAttempt([expectation('')], attempt('\n'), { vars })).toEqual([]);
    expect(await evaluateAttempt([expectation('')], attempt('something'), { vars })).toHaveLength(1);
  });
});

describe("a step's exit= rule", () => {
  it('is checked where the step wrote it, before the expectations', async () => {
    const rule = { exit: 1, exitPosition: { file: 't.md', line: 3, column: 1 }, vars };
    const expectations = [expectation('AccessDenied', { mode: 'contains', stream: 'stderr' })];
    expect(await evaluateAttempt(expectations, attempt('', { exitCode: 1, stderr: 'An error occurred (AccessDenied)' }), rule)).toEqual([]);
    const failures = await evaluateAttempt(expectations, attempt('ok', { exitCode: 0 }), rule);
    expect(failures.map((failure) => failure.message)).toEqual([
      't.md:3:1: exited with 0, expected exit 1',
      't.md:10:1: stderr (contains) does not contain the expected line "AccessDenied"',
    ]);
  });
});
