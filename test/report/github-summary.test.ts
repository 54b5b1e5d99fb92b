// The github reporter on a real `lab run`: a line when everything passed, and the job summary
// ($GITHUB_STEP_SUMMARY) as a Markdown table of labs, appended as GitHub asks.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, lab } from '../helpers/cli.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lab-gh-summary-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('github reporter: success line and job summary', () => {
  it('a passing run says so and appends a table row per lab to $GITHUB_STEP_SUMMARY', async () => {
    const summary = path.join(dir, 'summary.md');
    await writeFile(summary, '# earlier step\n');
    const project = path.join(ROOT, 'test/samples/walk');
    const result = await lab(['run', 'labs/remote/nodes.md', 'labs/practice/basics.md', '--var', 'ZONE=ap-northeast-2a', '--reporter', 'github'], { cwd: project, env: { CI: 'true', GITHUB_STEP_SUMMARY: summary } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^lab: 2 labs passed, 8 steps \(this run took \S+\)$/m);
    const text = await readFile(summary, 'utf8');
    expect(text.startsWith('# earlier step\n')).toBe(true); // appended, not replaced
    expect(text).toContain('| Lab | Mode | Result | Passed | Failed | Skipped | This run took | Failed steps |');
    expect(text).toMatch(/\| `remote\/nodes` \| replay \| ✅ passed \| 3 \| 0 \| 0 \| \S+ \|  \|/);
    expect(text).toMatch(/\| `practice\/basics` \| replay \| ✅ passed \| 5 \| 0 \| 0 \|/);
  });

  it('a failing run prints no success line; the table names the failed lab', async () => {
    const summary = path.join(dir, 'summary.md');
    const project = path.join(ROOT, 'test/samples/walk');
    const result = await lab(['run', 'labs/practice/basics.md', '--var', 'ZONE=elsewhere', '--reporter', 'github'], { cwd: project, env: { CI: 'true', GITHUB_STEP_SUMMARY: summary } });
    expect(result.code).toBe(1);
    expect(result.stdout).not.toMatch(/^lab: .* passed/m);
    expect(result.stdout).toContain('::error ');
    expect(await readFile(summary, 'utf8')).toMatch(/\| `practice\/basics` \| replay \| ❌ failed \| \d+ \| [1-9]/);
  });
});
