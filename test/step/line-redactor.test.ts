// Live output redacted chunk by chunk: a secret is never let out in two halves, neither at the
// cut of a line too long to wait for nor as a multi-line secret value printed line by line.
import { describe, expect, it } from 'vitest';
import { createRedactor, LineRedactor } from '../../runner/redact/index.js';

const KEY = 'AKIAIOSFODNN7EXAMPLE';

function lineRedactor(secrets: Record<string, string> = {}) {
  const redactor = createRedactor({ secretValues: secrets, rules: [], accounts: false });
  return new LineRedactor(() => ({ redact: (text) => redactor.redact(text), secrets: Object.values(secrets) }));
}

/** Every chunk through the redactor, then its flush: all a terminal would show. */
function shown(redactor: LineRedactor, chunks: string[]): string {
  return chunks.map((chunk) => redactor.push(chunk)).join('') + redactor.flush();
}

describe('LineRedactor', () => {
  it('masks an access key split at the 64 KiB cut of a long line', () => {
    const before = `${'x'.repeat(64 * 1024 - 8)} ${KEY.slice(0, 8)}`;
    const out = shown(lineRedactor(), [before, `${KEY.slice(8)} and more\n`]);
    expect(out).not.toContain('AKIAIOSF');
    expect(out).not.toContain('ODNN7EXAMPLE');
    expect(out).toContain('and more\n');
    expect(out.length).toBeGreaterThan(64 * 1024);
  });

  it('masks an access key split at the cut of a line several cuts long', () => {
    const parts: string[] = [];
    for (let i = 0; i < 5; i++) parts.push(`${'y'.repeat(40 * 1024)} `);
    parts.push(KEY.slice(0, 10), `${KEY.slice(10)} `, `${'z'.repeat(100 * 1024)}\n`);
    const out = shown(lineRedactor(), parts);
    expect(out).not.toMatch(/AKIAIOSF|ODNN7EXAMPLE|IOSFODNN/);
    expect(out.split('y').length - 1).toBe(5 * 40 * 1024);
  });

  it('masks a multi-line secret value printed a line at a time', () => {
    const value = 'first-line-of-it\nsecond-line-of-it\nthird-line-of-it';
    const out = shown(lineRedactor({ CERT: value }), ['before\n', 'first-line-of-it\n', 'second-line-of-it\n', 'third-line-of-it\n', 'after\n']);
    expect(out).toBe('before\n<SECRET:CERT>\nafter\n');
  });

  it('lets lines go that only begin like a multi-line secret', () => {
    const value = 'first-line-of-it\nsecond-line-of-it';
    const redactor = lineRedactor({ CERT: value });
    expect(redactor.push('first-line-of-it\n')).toBe('');
    expect(redactor.push('something else\n')).toBe('first-line-of-it\nsomething else\n');
  });
});
