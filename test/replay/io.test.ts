import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatError, LabError } from '../../runner/errors/index.js';
import { readFixture, writeFixture } from '../../runner/replay/io.js';
import type { Fixture, FixtureAttempt } from '../../runner/replay/model.js';
import { createRedactor } from '../../runner/redact/redact.js';
import { catchLabError } from '../helpers/catch-lab-error.js';

const samples = path.resolve('test/samples/fixture-files');
let dir: string;
beforeEach(() => { dir = mkdtempSync(path.join(tmpdir(), 'lab-fixture-io-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

function attempt(stdout: string, stderr = '', exit: number | null = 0): FixtureAttempt {
  return { exit, durationMs: 12, stdout, stderr };
}

function fixtureWith(outputs: string[]): Fixture {
  return {
    format: 1, lab: 'week1/round-trip', labHash: 'abc123', recordedAt: '2026-03-16T05:06:07.000Z', runner: '0.1.0',
    tools: { kubectl: 'v1.34.1', aws: 'aws-cli/2.27.0' }, redactions: [{ rule: 'account-id', count: 2 }],
    steps: [
      {
        id: 'tricky-output', provenance: 'recorded', sourceHash: 'h1', command: 'kubectl get pods \\\n  -A',
        variables: { N1: '192.168.1.10' }, attempts: outputs.map((text, index) => attempt(text, outputs[outputs.length - 1 - index])),
      },
      { id: 'killed', provenance: 'synthesized', sourceHash: 'h2', command: 'sleep 999', note: 'hand-written', attempts: [{ exit: null, signal: 'SIGKILL', durationMs: 600000, timedOut: true, stdout: '', stderr: '' }] },
      { id: 'remote', provenance: 'recorded', sourceHash: 'h3', command: 'uname -r', attempts: [], hosts: [{ host: 'n1', attempts: [attempt('6.1.0\n')] }, { host: 'n2', error: 'timed out', attempts: [] }] },
    ],
  };
}

const trickyOutputs = [
  'NAME   READY   STATUS\ncoredns   1/1   Running\n',
  'no trailing newline\nsecond line',
  'trailing spaces   \n\tleading tab\n\n\nblank lines above\n\n\n',
  '  indented first line\nnot indented\n',
  '---\nkey: value\n...\n# not a comment\n- not a list\n"quoted": \'x\'\n',
  '한국어 출력: 노드가 준비되었습니다\n✓ done\n',
  'ansi \u001b[32mgreen\u001b[0m and bell \u0007\nline two  \n',
  'x \n  y\n\n \n',
  '\u0007x \n  y\n\n \n',
  ' \n',
  'cr\r\nlf\n',
  '',
  'single line with trailing space ',
  ': colon first\n{ flow: like }\n[also]\n',
];

describe('writeFixture + readFixture', () => {
  it('round-trips every kind of output exactly, as block scalars where possible', async () => {
    const file = path.join(dir, 'fixtures', 'week1', 'round-trip.yaml');
    const fixture = fixtureWith(trickyOutputs);
    await writeFixture(file, fixture);
    expect(readFixture(file)).toEqual(fixture);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('# Fixture of lab week1/round-trip')).toBe(true);
    expect(text).toContain('stdout: |\n          NAME   READY   STATUS\n          coredns   1/1   Running\n');
    expect(text).toContain('stdout: |-\n          no trailing newline\n          second line\n');
    expect(text).toContain('command: |-\n      kubectl get pods \\\n        -A\n');
    expect(text).toContain('한국어 출력');
    // Multi-line text is never written as one escaped line, except the documented last resort.
    const escapedOneLiners = text.split('\n').filter((line) => /: ".*\\n.*\\n/.test(line));
    expect(escapedOneLiners.sort()).toEqual(['        stderr: "\\u0007x \\n  y\\n\\n \\n"', '        stdout: "\\u0007x \\n  y\\n\\n \\n"']);
  });

  it('writes keys in a stable order whatever the input order', async () => {
    const fixture = fixtureWith(['a\n']);
    const shuffled = JSON.parse(JSON.stringify(fixture, Object.keys(fixture).reverse().concat(
      ['steps', 'attempts', 'hosts', 'id', 'provenance', 'sourceHash', 'command', 'variables', 'note', 'exit', 'signal', 'durationMs', 'timedOut', 'stdout', 'stderr', 'host', 'error', 'N1', 'rule', 'count', 'kubectl', 'aws'].reverse()))) as Fixture;
    await writeFixture(path.join(dir, 'a.yaml'), fixture);
    await writeFixture(path.join(dir, 'b.yaml'), shuffled);
    expect(readFileSync(path.join(dir, 'b.yaml'), 'utf8')).toBe(readFileSync(path.join(dir, 'a.yaml'), 'utf8'));
    expect(readFileSync(path.join(dir, 'a.yaml'), 'utf8')).toMatch(/format: 1\nlab: .*\nlabHash: .*\nrecordedAt: .*\nrunner: .*\ntools:\n  aws: .*\n  kubectl: /);
  });

  it('reads the sample fixture with retries and hosts', () => {
    const fixture = readFixture(path.join(samples, 'valid.yaml'));
    expect(fixture?.steps.map((s) => s.id)).toEqual(['wait-update', 'node-peers']);
    expect(fixture?.steps[0]?.attempts.map((a) => a.stdout)).toEqual(['InProgress\n', 'InProgress\n', 'Successful\n']);
    expect(fixture?.steps[1]?.hosts?.[1]?.error).toContain('Connection timed out');
  });

  it('returns undefined for a missing file', () => {
    expect(readFixture(path.join(dir, 'nope.yaml'))).toBeUndefined();
  });

  it.each([
    ['wrong-type.yaml', /wrong-type\.yaml:13:\d+: error: steps\[0\]\.attempts\[0\]\.exit must be a number/],
    ['missing-field.yaml', /missing-field\.yaml:13:\d+: error: steps\[0\]\.attempts\[0\]\.stdout is missing/],
    ['truncated.yaml', /truncated\.yaml:14:\d+: error: steps\[0\]\.attempts is missing/],
    ['corrupt.yaml', /corrupt\.yaml:\d+:\d+: error: is not valid YAML: /],
  ])('refuses %s with FIXTURE_INVALID naming file and line', (name, expected) => {
    const error = catchLabError(() => readFixture(path.join(samples, name)));
    expect(error.code).toBe('FIXTURE_INVALID');
    expect(formatError(error)).toMatch(expected);
    expect(formatError(error)).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('refuses binary, empty, duplicate-id and unknown-key files', () => {
    const cases: [string, string | Buffer, RegExp][] = [
      ['binary.yaml', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]), /binary\.yaml is not a text file/],
      ['empty.yaml', '', /empty\.yaml is empty/],
      ['dupe.yaml', readFileSync(path.join(samples, 'valid.yaml'), 'utf8').replace('id: node-peers', 'id: wait-update'), /dupe\.yaml:\d+:\d+: error: steps\[1\]\.id: step `wait-update` appears twice/],
      ['extra.yaml', readFileSync(path.join(samples, 'valid.yaml'), 'utf8').replace('runner: 0.1.0', 'runner: 0.1.0\nrunnr: typo'), /extra\.yaml:7:1: error: runnr has an unknown key `runnr`/],
      ['provenance.yaml', readFileSync(path.join(samples, 'valid.yaml'), 'utf8').replace('provenance: transcribed', 'provenance: guessed'), /must be one of recorded, transcribed, synthesized/],
    ];
    for (const [name, content, expected] of cases) {
      writeFileSync(path.join(dir, name), content);
      const error = catchLabError(() => readFixture(path.join(dir, name)));
      expect(error.code, name).toBe('FIXTURE_INVALID');
      expect(formatError(error), name).toMatch(expected);
    }
  });

  it('refuses to write a fixture in which a secret still matches, leaving the old file and no temp file', async () => {
    const file = path.join(dir, 'x.yaml');
    await writeFixture(file, fixtureWith(['clean\n']));
    const before = readFileSync(file);
    const leaking = fixtureWith(['role arn:aws:iam::123456789012:role/admin\n']);
    const error = await writeFixture(file, leaking).then(() => undefined, (e: unknown) => e as LabError);
    expect(error?.code).toBe('REFUSED');
    expect(error?.message).toContain('steps[0].attempts[0].stdout: account-id at line 1');
    expect(error?.message).not.toContain('123456789012');
    expect(readFileSync(file)).toEqual(before);
    expect(readdirSync(dir)).toEqual(['x.yaml']);
  });

  it('uses the recording redactor to refuse secret values it knows', async () => {
    const redactor = createRedactor({ secretValues: { DB_PASSWORD: 'correct-horse' }, rules: [] });
    const error = await writeFixture(path.join(dir, 'y.yaml'), fixtureWith(['pw correct-horse\n']), { redactor }).catch((e: unknown) => e as LabError);
    expect(error?.code).toBe('REFUSED');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves the old file and no temp file when the rename fails', async () => {
    const file = path.join(dir, 'target.yaml');
    mkdirSync(file);
    writeFileSync(path.join(file, 'keep'), 'x');
    const error = await writeFixture(file, fixtureWith(['a\n'])).catch((e: unknown) => e as LabError);
    expect(error?.code).toBe('WRITE_FAILED');
    expect(readdirSync(dir)).toEqual(['target.yaml']);
    expect(readFileSync(path.join(file, 'keep'), 'utf8')).toBe('x');
  });

  it.skipIf(process.getuid?.() === 0)('leaves the old file intact when the directory is not writable', async () => {
    const file = path.join(dir, 'locked.yaml');
    await writeFixture(file, fixtureWith(['old\n']));
    const before = readFileSync(file);
    chmodSync(dir, 0o555);
    try {
      const error = await writeFixture(file, fixtureWith(['new\n'])).catch((e: unknown) => e as LabError);
      expect(error?.code).toBe('WRITE_FAILED');
    } finally {
      chmodSync(dir, 0o755);
    }
    expect(readFileSync(file)).toEqual(before);
    expect(readdirSync(dir)).toEqual(['locked.yaml']);
  });
});

// A fixture as lab writes it is read by the fast path (the YAML subset and the schema, no
// positions); every problem must still be told at its file:line, as the full reader tells it.
describe('readFixture fast path', () => {
  const valid = () => readFileSync(path.join(samples, 'valid.yaml'), 'utf8');

  it('reads a fixture lab wrote through the YAML subset, exactly as written', async () => {
    const file = path.join(dir, 'fixtures', 'week1', 'fast.yaml');
    // Control characters (ANSI colours, CR) are the yaml library's to read.
    const fixture = fixtureWith(trickyOutputs.filter((text) => !/[\u0000-\u0008\u000b-\u001f]/.test(text)));
    await writeFixture(file, fixture);
    const { parseYamlSubset } = await import('../../runner/lab/yaml-subset.js');
    expect(parseYamlSubset(readFileSync(file, 'utf8'))).toBeDefined();
    expect(readFixture(file)).toEqual(fixture);
  });

  it('names file:line for a schema problem the subset reads without complaint', () => {
    const lines = valid().split('\n');
    const at = lines.findIndex((line) => line.includes('durationMs:'));
    lines[at] = lines[at]!.replace(/durationMs: .*/, 'durationMs: -5');
    writeFileSync(path.join(dir, 'negative.yaml'), lines.join('\n'));
    const error = catchLabError(() => readFixture(path.join(dir, 'negative.yaml')));
    expect(error.code).toBe('FIXTURE_INVALID');
    expect(formatError(error)).toMatch(new RegExp(`negative\\.yaml:${at + 1}:\\d+: error: .*durationMs`));
  });

  it('names file:line for a duplicate step id and for a value outside the subset', () => {
    const dupe = valid().replace('id: node-peers', 'id: wait-update');
    writeFileSync(path.join(dir, 'dupe.yaml'), dupe);
    const dupeLine = dupe.split('\n').findIndex((line, index) => line.includes('id: wait-update') && index > dupe.split('\n').findIndex((l) => l.includes('id: wait-update'))) + 1;
    expect(formatError(catchLabError(() => readFixture(path.join(dir, 'dupe.yaml'))))).toMatch(new RegExp(`dupe\\.yaml:${dupeLine}:\\d+: error: steps\\[1\\]\\.id`));
    // An anchor leaves the subset: the yaml library reads it and the schema still points at the line.
    const anchored = valid().replace('runner: 0.1.0', 'runner: &r 0.1.0\nrunnr: *r');
    writeFileSync(path.join(dir, 'anchored.yaml'), anchored);
    const line = anchored.split('\n').findIndex((text) => text.startsWith('runnr:')) + 1;
    expect(formatError(catchLabError(() => readFixture(path.join(dir, 'anchored.yaml'))))).toMatch(new RegExp(`anchored\\.yaml:${line}:1: error: runnr has an unknown key`));
  });

  it('reads a valid fixture outside the subset with the yaml library, to the same data', () => {
    const text = valid();
    const expected = readFixture(path.join(samples, 'valid.yaml'));
    writeFileSync(path.join(dir, 'flow.yaml'), text.replace(/^format: 1$/m, 'format: &f 1'));
    expect(readFixture(path.join(dir, 'flow.yaml'))).toEqual(expected);
  });
});
