// The cheap checks that let redaction skip a pattern (issue 19: a flood's chunks hold no secret, and
// every regex over every chunk was most of its CPU). A check may let through a text the regex does
// not match, never the reverse: every text any pattern matches in passes its check. And the
// run-length scan that stands for the standalone secret-key regex finds exactly what it finds.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { builtinPatterns, hasStandaloneSecretKey } from '../../runner/redact/patterns.js';
import { createRedactor } from '../../runner/redact/redact.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const corpus = parse(readFileSync(path.join(ROOT, 'test/samples/secrets/corpus.yaml'), 'utf8')) as Array<{ kind: string; value: string; context?: string }>;
/** A corpus secret where it stands: some shapes are secrets only in their context (a URL's password). */
const planted = (secret: { value: string; context?: string }) => secret.context?.replace('{}', secret.value) ?? secret.value;

/** Where a secret stands in real output: alone, after its keyword, in JSON, in a header, in a URL. */
const CONTEXTS = [
  (v: string) => v,
  (v: string) => `aws_secret_access_key = ${v}`,
  (v: string) => `"SecretAccessKey": "${v}",`,
  (v: string) => `AWS_SESSION_TOKEN=${v}`,
  (v: string) => `-H 'Authorization: Bearer ${v}'`,
  (v: string) => `<AWS_ACCESS_KEY_ID>\t${v}\t2026-03-16`,
  (v: string) => `https://b.s3.amazonaws.com/k?X-Amz-Security-Token=${v}&X-Amz-Signature=${'a1b2c3d4'.repeat(8)}`,
  (v: string) => `client-key-data: ${v}`,
];

/** Texts the redaction tests use: every quoted literal of their files, and the corpus in context. */
function texts(): string[] {
  const found = new Set<string>();
  for (const file of ['test/redact/credentials.test.ts', 'test/reliability/secrets.test.ts', 'test/step/line-redactor.test.ts']) {
    const source = readFileSync(path.join(ROOT, file), 'utf8');
    for (const match of source.matchAll(/'((?:[^'\\\n]|\\.){8,})'|"((?:[^"\\\n]|\\.){8,})"/g)) found.add(match[1] ?? match[2]!);
  }
  for (const secret of corpus) for (const context of CONTEXTS) found.add(context(planted(secret)));
  const accounts = ['arn:aws:iam::123456789012:role/x', '123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/app', 'https://sqs.ap-northeast-2.amazonaws.com/123456789012/q',
    '"SourceAccount": "123456789012"', '--owner-ids 123456789012', '"UserId": "123456789012"', '"Principal": {"AWS": ["arn:x", "123456789012"]}', '  123456789012  ', 'docker login --password FAKEpw-123 x'];
  for (const text of accounts) found.add(text);
  return [...found];
}

describe('pattern checks before the regex', () => {
  const all = texts();
  const patterns = builtinPatterns(() => '<ACCOUNT_ID>');

  it('pass every text the pattern matches in, for every pattern that has one', () => {
    const unmatched: string[] = [];
    for (const pattern of patterns) {
      if (!pattern.mayMatch) continue;
      let matched = 0;
      for (const text of all) {
        if (!new RegExp(pattern.regex.source, pattern.regex.flags.replace('g', '')).test(text)) continue;
        matched++;
        expect(pattern.mayMatch(text), `${pattern.name} ${pattern.regex} skipped ${JSON.stringify(text.slice(0, 120))}`).toBe(true);
      }
      if (matched === 0) unmatched.push(`${pattern.name} ${pattern.regex}`);
    }
    // A check no text exercises proves nothing: the texts cover every pattern.
    expect(unmatched).toEqual([]);
  });

  it('skip a flood of ordinary lines for all but the patterns without a literal', () => {
    const flood = 'lab flood: a short line of output 0123\n'.repeat(100);
    const searched = patterns.filter((pattern) => !pattern.mayMatch || pattern.mayMatch(flood)).map((pattern) => pattern.name);
    expect(searched).toEqual(['account-id']); // the id alone on a line, for fixtures only
  });

  it('leave redaction as it was: every corpus secret in every context is still masked', () => {
    const redactor = createRedactor({ secretValues: [], rules: [] });
    for (const secret of corpus.filter((entry) => !entry.kind.startsWith('secret-variable'))) {
      const { kind, value } = secret;
      const redacted = redactor.redact(`before\n${planted(secret)}\nafter\n`);
      expect(redacted, kind).not.toContain(value);
      expect(redacted, kind).toMatch(/^before\n[\s\S]*<[A-Z0-9_]+>[\s\S]*\nafter\n$/);
    }
  });
});

describe('the standalone secret-key scan', () => {
  const standalone = builtinPatterns(() => '<ACCOUNT_ID>').find((p) => p.mayMatch === hasStandaloneSecretKey)!;
  const regexFinds = (text: string) => [...text.matchAll(standalone.regex)].some((m) => standalone.placeholder(m.groups!.secret!) !== undefined);

  it('finds the documented example and a random key, and not a git SHA, a longer run or a suffixed word', () => {
    expect(hasStandaloneSecretKey('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')).toBe(true);
    expect(hasStandaloneSecretKey('key: mt2EZN5s0shJNc1vGI2K4WKKigBGLAFAKE22EXMP\n')).toBe(true);
    expect(hasStandaloneSecretKey('commit 3f786850e387550fdab836ed7e6dc881de23001b')).toBe(false);
    expect(hasStandaloneSecretKey('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEYX')).toBe(false);
    expect(hasStandaloneSecretKey('x-wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')).toBe(false);
    expect(hasStandaloneSecretKey('- wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY=')).toBe(false);
    expect(hasStandaloneSecretKey('-wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')).toBe(true);
  });

  it('agrees with the regex on runs around 40 characters with every kind of neighbour', () => {
    const base64 = fc.constantFrom(...'aZ9+/xQ0');
    const neighbour = fc.constantFrom('', ' ', '\n', '_', '.', '-', '=', 'a-', '_-', '/-', '+-', ':', '"', 'é');
    const run = fc.tuple(neighbour, fc.array(base64, { minLength: 36, maxLength: 44 }).map((chars) => chars.join('')), neighbour).map((parts) => parts.join(''));
    fc.assert(fc.property(fc.array(run, { minLength: 1, maxLength: 4 }), (runs) => {
      const text = runs.join('');
      expect(hasStandaloneSecretKey(text)).toBe(regexFinds(text));
    }), { numRuns: 3000 });
  });
});
