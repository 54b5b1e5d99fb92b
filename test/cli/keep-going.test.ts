// `lab run --keep-going`: the steps after a failure still run (those needing its capture= are
// skipped and say why), cleanup runs, the exit code stays 1 — replayed and live, through the CLI.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lab } from '../helpers/cli.js';

let project: string;

const LAB = `---
title: Keep going
---

# Keep going

\`\`\`bash id=one
echo one
\`\`\`

\`\`\`expect
one
\`\`\`

\`\`\`bash id=make-id capture=ID
echo id-42
\`\`\`

\`\`\`bash id=use-id
echo "using $ID"
\`\`\`

\`\`\`expect
using {{ID}}
\`\`\`

\`\`\`bash id=four
echo four
\`\`\`

\`\`\`expect
four
\`\`\`

\`\`\`bash id=bye cleanup
echo bye > "$OUT/bye"
\`\`\`
`;

beforeEach(async () => {
  project = await mkdtemp(path.join(os.tmpdir(), 'lab-keep-'));
  await mkdir(path.join(project, 'labs'), { recursive: true });
});
afterEach(async () => rm(project, { recursive: true, force: true }));

interface JsonStep { id: string; status: string; skipReason?: string; failures: unknown[] }
const stepsOf = (stdout: string): JsonStep[] => JSON.parse(stdout).labs[0].steps;

/** Records the lab green, then makes `one`, `make-id` and `four` fail in the fixture. */
async function brokenFixture(): Promise<void> {
  await writeFile(path.join(project, 'labs/kg.md'), LAB.replace('echo bye > "$OUT/bye"', 'echo bye'));
  const recorded = await lab(['record', 'labs/kg.md'], { cwd: project, env: { CI: '', NO_COLOR: '1' } });
  expect(recorded.code, recorded.stderr).toBe(0);
  const file = path.join(project, 'fixtures/kg.yaml');
  let text = await readFile(file, 'utf8');
  text = text.replace('          one\n', '          uno\n').replace('          four\n', '          fore\n');
  const makeId = text.indexOf('id: make-id');
  const exit = text.indexOf('exit: 0', makeId);
  text = `${text.slice(0, exit)}exit: 1${text.slice(exit + 'exit: 0'.length)}`;
  await writeFile(file, text);
}

describe('lab run --keep-going (replay)', () => {
  it('without it, the first failure stops the run', async () => {
    await brokenFixture();
    const run = await lab(['run', 'labs/kg.md', '--reporter', 'json'], { cwd: project });
    expect(run.code).toBe(1);
    expect(stepsOf(run.stdout).map((s) => s.status)).toEqual(['failed', 'skipped', 'skipped', 'skipped', 'passed']);
  });

  it('runs every step, skips the one needing the failed capture and names why, in every reporter', async () => {
    await brokenFixture();
    const json = await lab(['run', 'labs/kg.md', '--keep-going', '--reporter', 'json'], { cwd: project });
    expect(json.code, json.stderr).toBe(1);
    const steps = stepsOf(json.stdout);
    expect(steps.map((s) => [s.id, s.status])).toEqual([['one', 'failed'], ['make-id', 'failed'], ['use-id', 'skipped'], ['four', 'failed'], ['bye', 'passed']]);
    expect(steps[2]!.skipReason).toBe('not run: needs ID from failed step `make-id`');

    const pretty = await lab(['run', 'labs/kg.md', '--keep-going'], { cwd: project });
    expect(pretty.code).toBe(1);
    expect(pretty.stdout).toContain('+uno');
    expect(pretty.stdout).toContain('exited with 1, expected exit 0');
    expect(pretty.stdout).toContain('+fore');
    expect(pretty.stdout).toContain('use-id  skipped: not run: needs ID from failed step `make-id`');
    expect(pretty.stdout).toContain('3 failed · 1 skipped');

    const junit = await lab(['run', 'labs/kg.md', '--keep-going', '--reporter', 'junit'], { cwd: project });
    expect(junit.stdout).toMatch(/<testsuite name="kg" tests="5" failures="3" errors="0" skipped="1"/);
    expect(junit.stdout).toContain('<skipped message="not run: needs ID from failed step `make-id`"/>');

    const tap = await lab(['run', 'labs/kg.md', '--keep-going', '--reporter', 'tap'], { cwd: project });
    expect(tap.stdout).toContain('not ok 1 - one');
    expect(tap.stdout).toContain('not ok 2 - make-id');
    expect(tap.stdout).toContain('ok 3 - use-id # SKIP not run: needs ID from failed step `make-id`');
    expect(tap.stdout).toContain('not ok 4 - four');
  });
});

describe('lab run --live --keep-going (real bash)', () => {
  it('runs on after failures, skips dependants, still cleans up, exits 1', async () => {
    const out = path.join(project, 'out');
    await mkdir(out);
    const live = LAB.replace('echo one\n', 'echo uno\n').replace('echo id-42\n', 'echo no id; exit 3\n').replace('echo four\n', 'echo fore\n');
    await writeFile(path.join(project, 'labs/kg.md'), live);
    const run = await lab(['run', 'labs/kg.md', '--live', '--keep-going', '--reporter', 'json'], { cwd: project, env: { NO_COLOR: '1', CI: 'true', OUT: out } });
    expect(run.code, run.stderr).toBe(1);
    const steps = stepsOf(run.stdout);
    expect(steps.map((s) => [s.id, s.status])).toEqual([['one', 'failed'], ['make-id', 'failed'], ['use-id', 'skipped'], ['four', 'failed'], ['bye', 'passed']]);
    expect(steps[2]!.skipReason).toBe('not run: needs ID from failed step `make-id`');
    expect(await readFile(path.join(out, 'bye'), 'utf8')).toBe('bye\n');
  });

  it('a passing live run with --keep-going exits 0', async () => {
    await writeFile(path.join(project, 'labs/kg.md'), LAB.replace('echo bye > "$OUT/bye"', 'echo bye'));
    const run = await lab(['run', 'labs/kg.md', '--live', '--keep-going'], { cwd: project });
    expect(run.code, run.stdout + run.stderr).toBe(0);
  });
});
