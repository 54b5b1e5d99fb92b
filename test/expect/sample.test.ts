import { describe, expect, it } from 'vitest';
import { evaluateAttempt } from '../../runner/expect/index.js';

const sample = (text: string) => ({ mode: 'sample' as const, stream: 'stdout' as const, text, position: { file: 'p.md', line: 3, column: 1 }, bodyLine: 3 });
const run = (stdout: string) => ({ stdout, stderr: '', exitCode: 0, durationMs: 1 });

describe('sample mode', () => {
  it('masks ages, pod hashes, IPs, timestamps and account ids, and reads [...] as any text', async () => {
    const body = 'web-5d4f8c7b9d-abcde  1/1  Running  42s  10.0.1.5\narn:aws:iam::123456789012:role/x [...]\n2024-01-02T03:04:05Z';
    const out = 'web-7c9d8f6b5a-xyz12     1/1     Running   3m10s   192.168.7.9\narn:aws:iam::999988887777:role/x and more\n2026-12-03T07:00:00Z\n';
    expect(await evaluateAttempt([sample(body)], run(out), { vars: {} })).toEqual([]);
  });

  it('reports drift as a warn-severity mismatch', async () => {
    const [drift] = await evaluateAttempt([sample('hello there')], run('hello world\n'), { vars: {} });
    expect(drift).toMatchObject({ severity: 'warn', message: expect.stringContaining('drifts from the sample output') });
  });
});
