// EKS Workshop pages under `--profile eks-workshop`, end to end: a workshop-style page (our own)
// recorded live against a kubectl stand-in on PATH with a real hook script, then replayed.
import { execa } from 'execa';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CLI, lab, ROOT } from '../helpers/cli.js';

const source = path.join(ROOT, 'test/samples/eks-workshop');
const noChildProcess = path.join(ROOT, 'test/samples/record/no-child-process.mjs');
let project: string;
let log: string;
let env: Record<string, string>;

beforeEach(async () => {
  project = await mkdtemp(path.join(os.tmpdir(), 'lab-eks-'));
  await mkdir(path.join(project, 'labs/tests'), { recursive: true });
  await mkdir(path.join(project, 'bin'));
  await copyFile(path.join(source, 'scaling.md'), path.join(project, 'labs/scaling.md'));
  await copyFile(path.join(source, 'tests/hook-scaled.sh'), path.join(project, 'labs/tests/hook-scaled.sh'));
  await copyFile(path.join(source, 'kubectl'), path.join(project, 'bin/kubectl'));
  await chmod(path.join(project, 'bin/kubectl'), 0o755);
  log = path.join(project, 'calls.log');
  env = { CI: '', NO_COLOR: '1', STANDIN_LOG: log, PATH: `${path.join(project, 'bin')}:${process.env.PATH}` };
});
afterEach(async () => {
  await rm(project, { recursive: true, force: true });
});

const record = () => lab(['record', 'labs/scaling.md', '--profile', 'eks-workshop'], { cwd: project, env });
const calls = async () => (await readFile(log, 'utf8').catch(() => '')).trim().split('\n').filter(Boolean);

describe('--profile eks-workshop', () => {
  it('runs every annotated block live, as their harness means it', async () => {
    const run = await lab(['run', '--live', 'labs/scaling.md', '--profile', 'eks-workshop', '--reporter', 'json'], { cwd: project, env });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const steps = JSON.parse(run.stdout).labs[0].steps;
    expect(steps.map((s: { status: string }) => s.status)).toEqual(['passed', 'passed', 'passed', 'passed', 'skipped', 'passed']);
    // The blank lines in the second block did not end it: the heredoc after them ran, blank lines kept.
    expect(await readFile(path.join(project, 'labs/patch.yaml'), 'utf8')).toBe('spec:\n\n  replicas: 3\n');
    // hook before, the block, hook after; test=false never ran; expectError's failing kubectl ran.
    expect(await calls()).toEqual([
      'kubectl get pods -n web',
      'hook before',
      'kubectl scale deployment/web --replicas 3 -n web',
      'hook after',
      'kubectl get ns missing',
    ]);
    // The first block's sample matches once ages and pod hashes are masked; the second's drifted: a warning only.
    expect(steps[0].warnings).toBeUndefined();
    expect(steps[1].warnings).toEqual([expect.objectContaining({ message: expect.stringContaining('drifts from the sample output') })]);
    expect(steps[1].hooks.map((h: { phase: string; exitCode: number }) => [h.phase, h.exitCode])).toEqual([['before', 0], ['after', 0]]);
    expect(steps[1].hooks[1].stdout).toContain('checking: deployment.apps/web scaled');
    expect(steps[4].skipReason).toContain('test=false');
  });

  it('fails the step when its after-hook fails', async () => {
    await writeFile(path.join(project, 'bin/kubectl'), '#!/usr/bin/env bash\necho "kubectl $*" >> "$STANDIN_LOG"\necho "deployment.apps/web unchanged"\n');
    const run = await lab(['run', '--live', 'labs/scaling.md', '--profile', 'eks-workshop', '--only', 'scaling-the-web-tier-2'], { cwd: project, env });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('hook scaled (after) failed with exit code 1: the deployment did not scale');
  });

  it('records hooks in the fixture and replays them without running anything, drift shown', async () => {
    const recorded = await record();
    expect(recorded.code, recorded.stdout + recorded.stderr).toBe(0);
    const fixture = parse(await readFile(path.join(project, 'fixtures/scaling.yaml'), 'utf8'));
    const hooked = fixture.steps[1];
    expect(hooked.hooks.map((h: { phase: string; name: string; attempts: Array<{ exit: number }> }) => [h.phase, h.name, h.attempts[0]!.exit])).toEqual([['before', 'scaled', 0], ['after', 'scaled', 0]]);
    expect(hooked.hooks[1].attempts[0].stdout).toContain('checking: deployment.apps/web scaled');

    const before = await calls();
    const replay = await execa(process.execPath, ['--import', noChildProcess, CLI, 'run', 'labs/scaling.md', '--profile', 'eks-workshop'], {
      cwd: project, reject: false, env: { PATH: '', CI: 'true', NO_COLOR: '1', LAB_CACHE_DIR: process.env.LAB_CACHE_DIR }, extendEnv: false,
    });
    expect(replay.exitCode, String(replay.stdout) + String(replay.stderr)).toBe(0);
    expect(String(replay.stdout)).toContain('hook scaled after: exit 0 (recorded)');
    expect(String(replay.stdout)).toContain('warning: labs/scaling.md:20:1: stdout+stderr (sample) drifts from the sample output');
    expect(await calls()).toEqual(before);
  });

  it('makes the fixture stale when the hook script changes', async () => {
    expect((await record()).code).toBe(0);
    await writeFile(path.join(project, 'labs/tests/hook-scaled.sh'), 'exit 0\n');
    const replay = await lab(['run', 'labs/scaling.md', '--profile', 'eks-workshop'], { cwd: project });
    expect(replay.code).toBe(1);
    expect(replay.stdout + replay.stderr).toContain('step `scaling-the-web-tier-2` changed since it was recorded');
    // The profile came from the command line: the fix it hints repeats it.
    expect(replay.stdout + replay.stderr).toContain('lab record labs/scaling.md --profile eks-workshop --only scaling-the-web-tier-2');
  });
});
