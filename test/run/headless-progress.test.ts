// Headless live progress through the real CLI and a real bash: a step's name comes before its
// output; a terminal (tmux, CI unset) gets the redrawn `⏳ step 2s (recorded 2.6s)` line, a log
// (CI=true, a pipe) never does; reports give this run's time and the recorded one, named apart.
import { XMLParser } from 'fast-xml-parser';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, lab } from '../helpers/cli.js';
import { TmuxSession } from '../helpers/tmux.js';

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

describe('a live step in a log (CI=true, stdout a pipe)', () => {
  it('prints the step\'s name before its output, and no progress line or cursor movement', async () => {
    const run = await lab(['run', '--live', 'labs/slow.md'], { cwd: project });
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    const header = lines.indexOf('  … slow-apply');
    expect(header).toBeGreaterThan(-1);
    expect(lines.slice(header, header + 4)).toEqual(['  … slow-apply', '    │ applied', '    │ done', expect.stringMatching(/^ {2}✓ slow-apply {2}2\.\ds \(recorded 2\.\ds\)$/)]);
    expect(lines.slice(0, 4)).toEqual(['▶ slow  Slow apply  (live)', '  … quick', '    │ hi', expect.stringMatching(/^ {2}✓ quick {2}\d+ms$/)]);
    expect(run.stdout).not.toContain('⏳');
    expect(run.stdout).not.toContain('\r');
    expect(run.stdout).not.toContain('\u001b');
  }, 60_000);
});

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

describe('a live step on a terminal (tmux)', () => {
  const start = (env: Record<string, string>) => TmuxSession.start([process.execPath, CLI, 'run', '--live', 'labs/slow.md'], { cwd: project, env: { NO_COLOR: '1', ...env }, width: 60 });

  it('CI unset: after a second, one progress line with the elapsed and recorded time, cleared when the step ends', async () => {
    const session = await start({ CI: '' });
    try {
      let screen = await session.waitFor(/⏳ slow-apply \ds \(recorded 2\.\ds\)/);
      // Output lines go above the progress line, never into it.
      screen = await session.waitFor('    │ applied');
      const lines = (await session.waitFor(/│ applied\n {2}⏳ slow-apply \ds/)).split('\n');
      const at = lines.indexOf('    │ applied');
      expect(lines[at - 1]).toBe('  … slow-apply');
      expect(lines[at + 1]).toMatch(/^ {2}⏳ slow-apply \ds \(recorded 2\.\ds\)$/);
      expect(await session.exitCode()).toBe(0);
      screen = await session.screen();
      expect(screen).not.toContain('⏳');
      expect(screen).toMatch(/ {2}… slow-apply\n {4}│ applied\n {4}│ done\n {2}✓ slow-apply {2}2\.\ds \(recorded 2\.\ds\)\n/);
    } finally {
      await session.kill();
    }
  }, 60_000);

  it('CI=true: plain lines only, no progress line even on a terminal', async () => {
    const session = await start({ CI: 'true' });
    try {
      const seen: string[] = [];
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const screen = await session.screen();
        seen.push(screen);
        if (/__TMUX_EXIT__=\d/.test(screen)) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(await session.exitCode()).toBe(0);
      expect(seen.some((screen) => screen.includes('│ applied'))).toBe(true);
      expect(seen.join('\n')).not.toContain('⏳');
      expect(seen.at(-1)).toMatch(/ {2}… slow-apply\n {4}│ applied\n {4}│ done\n {2}✓ slow-apply/);
    } finally {
      await session.kill();
    }
  }, 60_000);
});
