// Headless runs through the real CLI and a real bash: reports give this run's time and the
// recorded one, named apart.
import { XMLParser } from 'fast-xml-parser';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lab } from '../helpers/cli.js';

const LAB = `---
title: Slow apply
---

# Slow apply

\`\`\`bash id=quick
echo hi
\`\`\`

\`\`\`bash id=slow-apply
sleep 1.3
echo applied
sleep 1.3
echo done
\`\`\`
`;

let project: string;
const recordEnv = { CI: '', NO_COLOR: '1' };

beforeAll(async () => {
  project = await mkdtemp(path.join(os.tmpdir(), 'lab-progress-'));
  await mkdir(path.join(project, 'labs'), { recursive: true });
  await writeFile(path.join(project, 'labs/slow.md'), LAB);
  const recorded = await lab(['record', 'labs/slow.md'], { cwd: project, env: recordEnv });
  expect(recorded.code, recorded.stderr).toBe(0);
}, 60_000);
afterAll(async () => rm(project, { recursive: true, force: true }));

interface JsonStep { id: string; durationMs: number; recordedDurationMs?: number }
const stepOf = (stdout: string, id: string): JsonStep => JSON.parse(stdout).labs[0].steps.find((step: JsonStep) => step.id === id);

function junitCase(xml: string, name: string) {
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
  const cases = [doc.testsuites.testsuite.testcase].flat();
  const found = cases.find((c: { name: string }) => c.name === name);
  const properties = [found.properties?.property ?? []].flat() as Array<{ name: string; value: string }>;
  return { time: Number(found.time), property: (key: string) => properties.find((p) => p.name === key)?.value };
}

describe('this run\'s time and the recorded time', () => {
  it('replay: durationMs and JUnit time are the replay\'s own; the recorded duration stands beside them', async () => {
    const json = await lab(['run', 'labs/slow.md', '--reporter', 'json'], { cwd: project });
    expect(json.code, json.stderr).toBe(0);
    const step = stepOf(json.stdout, 'slow-apply');
    expect(step.recordedDurationMs).toBeGreaterThanOrEqual(2500);
    expect(step.durationMs).toBeLessThan(500);
    expect(JSON.parse(json.stdout).durationMs).toBeLessThan(2500);
    const junit = await lab(['run', 'labs/slow.md', '--reporter', 'junit'], { cwd: project });
    const testcase = junitCase(junit.stdout, 'slow-apply');
    expect(testcase.time).toBeLessThan(0.5);
    expect(Number(testcase.property('recordedTime'))).toBeGreaterThanOrEqual(2.5);
    const pretty = await lab(['run', 'labs/slow.md'], { cwd: project });
    expect(pretty.stdout).toMatch(/^ {2}✓ slow-apply {2}recorded 2\.\ds on \d{4}-\d\d-\d\d$/m);
  }, 60_000);

  it('live: durationMs is this run\'s, recordedDurationMs the fixture\'s; JUnit says both', async () => {
    const json = await lab(['run', '--live', 'labs/slow.md', '--reporter', 'json'], { cwd: project });
    expect(json.code, json.stderr).toBe(0);
    const replayed = stepOf((await lab(['run', 'labs/slow.md', '--reporter', 'json'], { cwd: project })).stdout, 'slow-apply');
    const step = stepOf(json.stdout, 'slow-apply');
    expect(step.durationMs).toBeGreaterThanOrEqual(2500);
    expect(step.recordedDurationMs).toBe(replayed.recordedDurationMs);
    const junit = await lab(['run', '--live', 'labs/slow.md', '--reporter', 'junit'], { cwd: project });
    const testcase = junitCase(junit.stdout, 'slow-apply');
    expect(testcase.time).toBeGreaterThanOrEqual(2.5);
    expect(Number(testcase.property('recordedTime'))).toBe(replayed.recordedDurationMs! / 1000);
  }, 60_000);

  it('a step changed since the recording has no recorded duration', async () => {
    const changed = path.join(project, 'labs/changed.md');
    await writeFile(changed, LAB.replace('echo done', 'echo finished'));
    const fixture = await readFile(path.join(project, 'fixtures/slow.yaml'), 'utf8');
    await writeFile(path.join(project, 'fixtures/changed.yaml'), fixture.replace(/^lab: slow$/m, 'lab: changed'));
    const json = await lab(['run', '--live', 'labs/changed.md', '--reporter', 'json'], { cwd: project });
    expect(json.code, json.stderr).toBe(0);
    expect(stepOf(json.stdout, 'quick').recordedDurationMs).toBeTypeOf('number');
    expect(stepOf(json.stdout, 'slow-apply')).not.toHaveProperty('recordedDurationMs');
  }, 60_000);
});
