import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
});
