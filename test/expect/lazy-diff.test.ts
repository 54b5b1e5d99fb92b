// A mismatch's diff is made when it is first read (failedOutcome): the attempts of a retried step
// that fail before one passes are judged, but nobody reads their diffs. unifiedDiff is the real
// one, its calls counted.
import { describe, expect, it, vi } from 'vitest';
import type { ExpectMode } from '../../runner/expect/index.js';
import { attempt, expectation } from './helpers.js';

const made = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../runner/expect/unified-diff.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../runner/expect/unified-diff.js')>();
  return { ...real, unifiedDiff: (...args: Parameters<typeof real.unifiedDiff>) => (made.count++, real.unifiedDiff(...args)) };
});

const { evaluateAttempt } = await import('../../runner/expect/index.js');

const failing: Array<[ExpectMode, string, string]> = [
  ['lines', 'node-1 Ready', 'node-1 NotReady\n'],
  ['exact', 'node-1 Ready', 'node-1 NotReady\n'],
  ['contains', 'Ready', 'Pending\n'],
  ['not-contains', 'NotReady', 'node-1 NotReady\n'],
  ['json', '{"phase": "Running"}', '{"phase": "Pending"}\n'],
  ['json', '{"phase": "Running"}', 'not json\n'],
  ['regex', '^Running$', 'Pending\n'],
  ['sample', 'node-1 Ready', 'node-1 NotReady\n'],
];

describe('diffs of mismatches', () => {
  it.each(failing)('%s: made only when read, once, and kept by a copy of the failure', async (mode, body, stdout) => {
    made.count = 0;
    const [failure] = await evaluateAttempt([expectation(body, { mode })], attempt(stdout), { vars: {} });
    expect(failure?.message).toBeDefined();
    expect(made.count).toBe(0);
    const copy = { ...failure! };
    expect(made.count).toBe(1);
    expect(copy.diff).toMatch(/^[-+]/m);
    expect(failure!.diff).toBe(copy.diff);
    expect(made.count).toBe(1);
  });
});
