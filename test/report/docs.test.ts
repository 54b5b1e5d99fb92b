// docs/reporters.md stays true: its JSON example has the shape the json reporter writes, and every
// field the reporter writes is named in the page.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createReporters } from '../../runner/report/index.js';
import type { RemoteResult } from '../../runner/model/result.js';
import { captureStream, drive, failed, labResult, makeLab, passed, skipped } from './build.js';

const DOC = new URL('../../docs/reporters.md', import.meta.url);

async function realDocument() {
  const lab = makeLab('week1/node-ssh', 'SSH into the worker nodes', [{ id: 'node-hostname', line: 95 }, { id: 'local', line: 99 }, { id: 'shell', line: 105 }]);
  const hosts: RemoteResult[] = [{ kind: 'host', name: '10.0.0.1', status: 'failed', attempts: [{ stdout: '', stderr: '', exitCode: 255, durationMs: 5 }], error: 'refused', failures: [] }];
  const remote = { ...failed('node-hostname', [{ message: '10.0.0.1: refused', remote: '10.0.0.1', diff: '-a\n+b\n', position: { file: lab.displayPath, line: 95, column: 1 } }], { remotes: hosts }), recordedDurationMs: 490 };
  const result = labResult(lab, [remote, passed('local'), skipped('shell', 'needs a terminal')], {
    error: { code: 'X', message: 'm', hint: 'h', position: { file: lab.displayPath, line: 1, column: 1 } },
  });
  const out = captureStream();
  await drive(createReporters(['json'], { stdout: out.stream, isTTY: false, color: false, cwd: '.' })[0]!, [{ lab, result }], 'replay');
  return JSON.parse(out.text());
}

const keys = (value: object) => Object.keys(value).sort();

describe('docs/reporters.md', () => {
  it('shows a JSON example whose every field the reporter writes', async () => {
    const page = await readFile(DOC, 'utf8');
    const example = JSON.parse(/```json\n([\s\S]*?)```/.exec(page)![1]!);
    const real = await realDocument();
    expect(keys(example)).toEqual(keys(real));
    expect(keys(example.summary)).toEqual(keys(real.summary));
    const [lab] = real.labs;
    for (const key of keys(example.labs[0])) expect(lab).toHaveProperty(key);
    for (const key of keys(example.labs[0].steps[0])) expect(lab.steps[0]).toHaveProperty(key);
    for (const key of keys(example.labs[0].steps[0].hosts[0])) expect(lab.steps[0].hosts[0]).toHaveProperty(key);
  });

  it('names every field the reporter writes', async () => {
    const page = await readFile(DOC, 'utf8');
    const real = await realDocument();
    const [lab] = real.labs;
    const written = new Set([
      ...keys(real), ...keys(real.summary), ...keys(lab), ...keys(lab.error),
      ...lab.steps.flatMap(keys), ...keys(lab.steps[0].hosts[0]), ...keys(lab.steps[0].failures[0]),
    ]);
    // Named as a JSON key in the example, or as a field in the table (`steps[].key`, `{ a, key }`).
    const named = (key: string) => [`"${key}"`, `.${key}`, `{ ${key}`, `, ${key}`].some((form) => page.includes(form));
    const missing = [...written].filter((key) => !named(key));
    expect(missing).toEqual([]);
  });
});
