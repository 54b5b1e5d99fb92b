import { describe, expect, it } from 'vitest';
import { colorizeDiff, unifiedDiff, validateExpectation } from '../../runner/expect/index.js';
import { writeDuration } from '../../runner/text/duration.js';
import { expectation } from './helpers.js';

describe('validateExpectation', () => {
  it('accepts valid regex and JSON bodies, placeholders included', async () => {
    expect(await validateExpectation(expectation('^kubelet\\s+{{PID}}$', { mode: 'regex' }))).toBeUndefined();
    expect(await validateExpectation(expectation('{"name": "{{CLUSTER_NAME}}", "count": {{COUNT}}}', { mode: 'json' }))).toBeUndefined();
    expect(await validateExpectation(expectation('anything [..] (', { mode: 'lines' }))).toBeUndefined();
    expect(await validateExpectation(expectation('', { mode: 'json', exit: 1 }))).toBeUndefined();
  });

  it('reports an invalid regex', async () => {
    const problem = await validateExpectation(expectation('kube(let', { mode: 'regex' }));
    expect(problem?.rule).toBe('invalid-regex');
    expect(problem?.message).toMatch(/^invalid regex: .*kube\(let/);
  });

  it('reports invalid or empty JSON', async () => {
    expect(await validateExpectation(expectation('{ "a": true, }', { mode: 'json' }))).toMatchObject({ rule: 'invalid-json', message: expect.stringMatching(/^invalid JSON: /) });
    expect((await validateExpectation(expectation('\n', { mode: 'json' })))?.message).toMatch(/^empty JSON expectation/);
  });
});

describe('colorizeDiff', () => {
  it('colours removed lines red, added green, hunks cyan, and leaves context alone', async () => {
    const diff = unifiedDiff('a\nb\nc', 'a\nB\nc');
    const coloured = colorizeDiff(diff).split('\n');
    expect(coloured).toContain('\x1b[31m-b\x1b[0m');
    expect(coloured).toContain('\x1b[32m+B\x1b[0m');
    expect(coloured.find((line) => line.includes('@@'))).toMatch(/^\x1b\[36m@@ .* @@\x1b\[0m$/);
    expect(coloured).toContain(' a');
    expect(coloured[0]).toBe('\x1b[2m--- expected\x1b[0m');
  });
});

describe('unifiedDiff', () => {
  it('shows context lines, not the whole output', async () => {
    const actual = Array.from({ length: 1000 }, (_, i) => `line ${i}`);
    const expected = [...actual];
    expected[500] = 'changed';
    const diff = unifiedDiff(expected.join('\n'), actual.join('\n')).split('\n');
    expect(diff).toContain('-changed');
    expect(diff).toContain('+line 500');
    expect(diff.length).toBeLessThan(15);
    expect(diff).not.toContain(' line 1');
  });
});

describe('writeDuration', () => {
  it('writes durations the way lab attributes do', async () => {
    expect([500, 10_000, 90_000, 600_000, 3_900_000].map(writeDuration)).toEqual(['500ms', '10s', '1m30s', '10m', '1h5m']);
  });
});
