import { describe, expect, it } from 'vitest';
import { matchExpectation } from '../../runner/expect/index.js';

const lines = (body: string, output: string) => matchExpectation('lines', body, output);

describe('lines mode', () => {
  it('passes when lines match with different runs of whitespace', async () => {
    const output = 'NAME      STATUS   ROLES    AGE\nip-192-168-1-10   Ready    <none>   5m\n';
    expect(await lines('NAME STATUS ROLES AGE\n  ip-192-168-1-10 Ready <none> 5m  ', output)).toEqual({ pass: true });
  });

  it('ignores blank lines at the start and end of both sides but not in the middle', async () => {
    expect((await lines('\n\na\nb\n\n', '\n a \nb\n\n\n')).pass).toBe(true);
    expect((await lines('a\n\nb', 'a\nb')).pass).toBe(false);
  });

  it('requires the whole output, not a substring', async () => {
    const result = await lines('b', 'a\nb\nc');
    expect(result.pass).toBe(false);
    if (!result.pass) {
      expect(result.diff).toContain('+a');
      expect(result.diff).toContain('+c');
    }
  });

  it('fails on a different line with a diff of expected vs actual', async () => {
    const result = await lines('status: Successful', 'status: InProgress\n');
    expect(result.pass).toBe(false);
    if (!result.pass) {
      expect(result.reason).toMatch(/does not match/);
      expect(result.diff).toContain('-status: Successful');
      expect(result.diff).toContain('+status: InProgress');
      expect(result.diff).toContain('--- expected');
    }
  });

  it('elides any lines with ... at the start, middle and end', async () => {
    const output = 'one\ntwo\nthree\nfour\nfive';
    expect((await lines('...\nfive', output)).pass).toBe(true);
    expect((await lines('one\n...\nfive', output)).pass).toBe(true);
    expect((await lines('one\n...', output)).pass).toBe(true);
    expect((await lines('...\nthree\n...', output)).pass).toBe(true);
    expect((await lines('one\n...\nthree\n...\nfive', output)).pass).toBe(true);
  });

  it('lets ... stand for zero lines and collapses consecutive ones', async () => {
    expect((await lines('one\n...\ntwo', 'one\ntwo')).pass).toBe(true);
    expect((await lines('one\n...\n...\nfour', 'one\ntwo\nthree\nfour')).pass).toBe(true);
    expect((await lines('...', '')).pass).toBe(true);
  });

  it('fails when elided segments are out of order or overlap', async () => {
    expect((await lines('...\nfour\n...\ntwo\n...', 'one\ntwo\nthree\nfour')).pass).toBe(false);
    expect((await lines('a\n...\na', 'a')).pass).toBe(false);
  });

  it('picks the right occurrence when a segment appears several times', async () => {
    expect((await lines('x\n...\nb\nc\n...\nz', 'x\nb\nq\nb\nc\nz')).pass).toBe(true);
  });

  it('matches any text within a line with [..], several per line', async () => {
    const output = 'cluster myeks arn:aws:eks:ap-northeast-2:123456789012:cluster/myeks ACTIVE 1.31';
    expect((await lines('cluster [..] arn:aws:eks:[..]:cluster/myeks [..] 1.[..]', output)).pass).toBe(true);
    expect((await lines('[..]', 'anything at all')).pass).toBe(true);
    expect((await lines('cluster [..] DELETING [..]', output)).pass).toBe(false);
  });

  it('keeps the rest of a [..] line literal and anchored', async () => {
    expect((await lines('ab[..]ba', 'aba')).pass).toBe(false); // prefix and suffix may not overlap
    expect((await lines('ab[..]ba', 'abba')).pass).toBe(true);
    expect((await lines('start[..]', 'xstart end')).pass).toBe(false);
    expect((await lines('[..].*', 'a.*')).pass).toBe(true); // regex characters stay literal
    expect((await lines('[..].*', 'abc')).pass).toBe(false);
  });

  it('shows wildcard lines as written in the diff so only real differences appear', async () => {
    const body = 'NAME [..] STATUS\n...\nnode-3 [..] Ready';
    const output = 'NAME   AGE   STATUS\nnode-1 3m Ready\nnode-2 3m Ready\nnode-3 3m NotReady\n';
    const result = await lines(body, output);
    expect(result.pass).toBe(false);
    if (!result.pass) {
      const changed = result.diff!.split('\n').filter((line) => /^[-+][^-+]/.test(line));
      expect(changed).toEqual(['-node-3 [..] Ready', '+node-3 3m NotReady']);
    }
  });

  it('resynchronises the diff after an extra output line', async () => {
    const result = await lines('a [..]\nb\nc [..]', 'a 1\nEXTRA\nb\nc 2');
    expect(result.pass).toBe(false);
    if (!result.pass) {
      const changed = result.diff!.split('\n').filter((line) => /^[-+][^-+]/.test(line));
      expect(changed).toEqual(['+EXTRA']);
    }
  });
});
