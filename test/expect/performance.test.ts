import { describe, expect, it } from 'vitest';
import { evaluateAttempt, matchExpectation, MAX_DIFF_LINES } from '../../runner/expect/index.js';
import { attempt, expectation } from './helpers.js';

// Bounds are generous (the machine is shared); a catastrophic algorithm takes minutes, not seconds.
const GENEROUS_MS = 5000;

function podLines(count: number): string {
  const lines = ['NAME                         READY   STATUS    RESTARTS   AGE'];
  for (let i = 0; i < count; i++) lines.push(`pod-${i}-7d9c8b6f5-abcde   1/1     Running   0          ${i % 60}m`);
  return `${lines.join('\n')}\n`;
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await run();
  return { value, ms: performance.now() - start };
}

describe('performance', () => {
  const output = podLines(100_000);

  it('matches a 100k-line output with ... elision quickly', async () => {
    const body = 'NAME READY STATUS RESTARTS AGE\n...\npod-50000-[..] 1/1 Running 0 [..]\n...\npod-99999-7d9c8b6f5-abcde 1/1 Running 0 39m';
    const { value, ms } = await timed(() => evaluateAttempt([expectation(body)], attempt(output), { vars: {} }));
    expect(value).toEqual([]);
    expect(ms).toBeLessThan(GENEROUS_MS);
  });

  it('fails a 100k-line output quickly with a diff capped in length', async () => {
    const body = 'NAME READY STATUS RESTARTS AGE\npod-0-[..] 1/1 Running 0 [..]\nnot-a-pod';
    const { value, ms } = await timed(() => evaluateAttempt([expectation(body)], attempt(output), { vars: {} }));
    expect(value).toHaveLength(1);
    const diffLines = value[0]!.diff!.split('\n');
    expect(diffLines.length).toBeLessThanOrEqual(MAX_DIFF_LINES + 1);
    expect(diffLines[diffLines.length - 1]).toMatch(/^\[diff cut: \d+ more lines not shown\]$/);
    expect(diffLines).toContain('-not-a-pod');
    expect(ms).toBeLessThan(GENEROUS_MS);
  });

  it('does not backtrack on many [..] per line against a long line', async () => {
    const line = 'a'.repeat(200_000);
    const body = `${'a[..]'.repeat(50)}b`;
    const { value, ms } = await timed(() => matchExpectation('lines', body, line));
    expect(value.pass).toBe(false);
    expect(ms).toBeLessThan(GENEROUS_MS);
  });

  it('does not backtrack on many consecutive elided segments that almost match', async () => {
    const many = Array.from({ length: 20_000 }, () => 'x').join('\n');
    // Each middle segment is 100 lines of x then a y: every start position almost matches.
    const segment = `${'x\n'.repeat(100)}y`;
    const body = `...\n${Array.from({ length: 20 }, () => segment).join('\n...\n')}\n...`;
    const { value, ms } = await timed(() => matchExpectation('lines', body, many));
    expect(value.pass).toBe(false);
    expect(ms).toBeLessThan(GENEROUS_MS);
  });

  it('normalises and matches a 50 MB output in linear time', async () => {
    const big = `\x1b[32m${'word  word\tword\r\n'.repeat(3_000_000)}\x1b[0mEND\r\n`;
    expect(big.length).toBeGreaterThan(50_000_000);
    const { value, ms } = await timed(() => evaluateAttempt([expectation('word word word\n...\nEND')], attempt(big), { vars: {} }));
    expect(value).toEqual([]);
    expect(ms).toBeLessThan(GENEROUS_MS * 4);
  }, 60_000);
});
