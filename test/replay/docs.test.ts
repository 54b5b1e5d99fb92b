import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatError, LabError } from '../../runner/errors/index.js';
import { readFixture } from '../../runner/replay/io.js';

const doc = readFileSync(path.resolve('docs/fixtures.md'), 'utf8');

describe('docs/fixtures.md', () => {
  it('has an example that is a valid fixture, the same as the sample file', () => {
    const example = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const dir = mkdtempSync(path.join(tmpdir(), 'lab-fixture-docs-'));
    try {
      writeFileSync(path.join(dir, 'example.yaml'), example!);
      const parsed = readFixture(path.join(dir, 'example.yaml'));
      expect(parsed).toEqual(readFixture(path.resolve('test/samples/fixture-files/valid.yaml')));
      expect(parsed?.steps[0]?.attempts).toHaveLength(3);
      expect(parsed?.steps[1]?.hosts).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shows the error format the reader really produces', () => {
    try {
      readFixture(path.resolve('test/samples/fixture-files/wrong-type.yaml'));
    } catch (error) {
      const shown = formatError(error as LabError).split('\n')[0]!.replace('test/samples/fixture-files/wrong-type.yaml', 'fixtures/week1/x.yaml');
      expect(doc).toContain(shown);
      return;
    }
    throw new Error('expected FIXTURE_INVALID');
  });

  it('shows a side-file entry that reads, its output taken from the file', () => {
    const section = doc.slice(doc.indexOf('## Long outputs in a side file'));
    const entry = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(entry).toContain('stdout-file: outputs/pods.txt');
    const dir = mkdtempSync(path.join(tmpdir(), 'lab-fixture-docs-'));
    try {
      const header = 'format: 1\nlab: week2/long\nlabHash: ""\nrecordedAt: 2026-01-01T00:00:00.000Z\nrunner: 0.1.0\nredactions: []\nsteps:\n';
      writeFileSync(path.join(dir, 'long.yaml'), header + entry!);
      mkdirSync(path.join(dir, 'outputs'));
      writeFileSync(path.join(dir, 'outputs/pods.txt'), 'NAMESPACE NAME\nkube-system coredns-1\n');
      const attempt = readFixture(path.join(dir, 'long.yaml'))?.steps[0]?.attempts[0];
      expect(attempt).toMatchObject({ stdout: 'NAMESPACE NAME\nkube-system coredns-1\n', 'stdout-file': 'outputs/pods.txt', stderr: '' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
