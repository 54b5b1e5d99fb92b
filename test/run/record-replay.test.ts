// `lab record` then `lab run` (replay) end to end, on real local labs in a temp project.
import { execa } from 'execa';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI, lab, ROOT } from '../helpers/cli.js';

const source = path.join(ROOT, 'test/samples/record');
const noChildProcess = path.join(source, 'no-child-process.mjs');
let project: string;
let work: string;
const recordEnv = { CI: '', NO_COLOR: '1' };

beforeEach(async () => {
  project = await mkdtemp(path.join(os.tmpdir(), 'lab-rec-'));
  work = await mkdtemp(path.join(os.tmpdir(), 'lab-work-'));
  await mkdir(path.join(project, 'labs'), { recursive: true });
  for (const name of ['secrets.md', 'retry.md']) await copyFile(path.join(source, name), path.join(project, 'labs', name));
});
afterEach(async () => {
  await rm(project, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

const fixtureOf = (name: string) => path.join(project, 'fixtures', `${name}.yaml`);

describe('lab record', () => {
  it('writes no planted secret to the fixture, in outputs, commands or variables', async () => {
    const token = 'tok-9f8e7d6c5b4a-SECRET';
    const recorded = await lab(['record', 'labs/secrets.md', '--var', `TOKEN=${token}`], { cwd: project, env: recordEnv });
    expect(recorded.code, recorded.stderr).toBe(0);
    const text = await readFile(fixtureOf('secrets'), 'utf8');
    for (const secret of [
      'AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'IQoJb3JpZ2luX2VjEJr', 'k8s-aws-v1.aHR0', 'eyJhbGciOiJSUzI1NiIs',
      'LS0tLS1CRUdJTiBDRVJU', '123456789012', token,
    ]) {
      expect(text, `${secret} leaked`).not.toContain(secret);
    }
    for (const placeholder of ['<AWS_ACCESS_KEY_ID>', '<AWS_SECRET_ACCESS_KEY>', '<ACCOUNT_ID>', '<SECRET:TOKEN>']) expect(text).toContain(placeholder);
    expect(text).toContain('arn:aws:iam::<ACCOUNT_ID>:role/eksctl-myeks-nodegroup');
    // Outputs are block scalars, not escaped one-liners.
    expect(text).toMatch(/stdout: \|/);
    // The redacted fixture still replays green.
    const replay = await lab(['run', 'labs/secrets.md', '--reporter', 'json'], { cwd: project });
    expect(replay.code, replay.stdout + replay.stderr).toBe(0);
  });

  it('refuses under CI=true and writes nothing', async () => {
    const refused = await lab(['record', 'labs/retry.md', '--var', `WORK=${work}`], { cwd: project, env: { CI: 'true' } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('refused under CI=true');
    expect(existsSync(path.join(project, 'fixtures'))).toBe(false);
    expect(existsSync(path.join(work, 'count'))).toBe(false);
  });

  it('records, then replays with no process at all, retry attempts in order, variables restored', async () => {
    const recorded = await lab(['record', 'labs/retry.md', '--var', `WORK=${work}`], { cwd: project, env: recordEnv });
    expect(recorded.code, recorded.stderr).toBe(0);
    const replay = await execa(process.execPath, ['--import', noChildProcess, CLI, 'run', 'labs/retry.md', '--reporter', 'json'], {
      cwd: project, reject: false, env: { PATH: '', CI: 'true', NO_COLOR: '1', LAB_CACHE_DIR: process.env.LAB_CACHE_DIR }, extendEnv: false,
    });
    expect(replay.exitCode, String(replay.stderr)).toBe(0);
    const steps = JSON.parse(String(replay.stdout)).labs[0].steps;
    const poll = steps.find((s: { id: string }) => s.id === 'poll');
    expect(poll.attempts).toBe(3);
    expect(poll.failures).toEqual([]);
    const fixture = await readFile(fixtureOf('retry'), 'utf8');
    expect(fixture.indexOf('attempt 1')).toBeLessThan(fixture.indexOf('attempt 2'));
    expect(fixture.indexOf('attempt 2')).toBeLessThan(fixture.indexOf('attempt 3'));
    expect(fixture).toContain('NODE_IP: 192.168.1.51');
    expect(steps.find((s: { id: string }) => s.id === 'use-it').command).toBe('echo "node is 192.168.1.51"');
  });

  it('makes exactly the edited step stale, with its line and the command to re-record it', async () => {
    await lab(['record', 'labs/retry.md', '--var', `WORK=${work}`], { cwd: project, env: recordEnv });
    const file = path.join(project, 'labs/retry.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('echo "node is $NODE_IP"', 'echo "node is" "$NODE_IP"'));
    const replay = await lab(['run', 'labs/retry.md'], { cwd: project });
    expect(replay.code).toBe(1);
    const all = replay.stdout + replay.stderr;
    expect(all).toContain('labs/retry.md:30:1: step `use-it` changed since it was recorded');
    expect(all).toContain('lab record labs/retry.md --only use-it');
    expect(all).not.toContain('`first` changed');
    const lint = await lab(['lint', 'labs/retry.md'], { cwd: project });
    expect(lint.code).toBe(1);
    expect(lint.stdout.trim().split('\n').filter((l) => l.includes('fixture-stale'))).toHaveLength(1);
    // Re-recording just that step makes the lab replay again and keeps the others as they were.
    const rerecord = await lab(['record', 'labs/retry.md', '--only', 'use-it', '--var', `WORK=${work}`], { cwd: project, env: recordEnv });
    expect(rerecord.code, rerecord.stderr).toBe(0);
    expect((await lab(['run', 'labs/retry.md'], { cwd: project })).code).toBe(0);
  });

  it('leaves the previous fixture byte-identical when a recording is killed halfway', async () => {
    await lab(['record', 'labs/retry.md', '--var', `WORK=${work}`], { cwd: project, env: recordEnv });
    const before = await readFile(fixtureOf('retry'));
    await writeFile(path.join(work, 'slow'), '');
    for (const signal of ['SIGKILL', 'SIGINT'] as const) {
      await rm(path.join(work, 'halfway'), { force: true });
      await rm(path.join(work, 'count'), { force: true });
      const child = execa(process.execPath, [CLI, 'record', 'labs/retry.md', '--var', `WORK=${work}`], { cwd: project, reject: false, env: recordEnv });
      const deadline = Date.now() + 20_000;
      while (!existsSync(path.join(work, 'halfway')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      child.kill(signal);
      const result = await child;
      if (signal === 'SIGINT') {
        expect(result.exitCode).toBe(130);
        expect(String(result.stderr)).toContain('left untouched');
      }
      expect(Buffer.compare(await readFile(fixtureOf('retry')), before)).toBe(0);
    }
  });

  it('reports a corrupt or truncated fixture by name, exit 2, no stack trace', async () => {
    await mkdir(path.join(project, 'fixtures'), { recursive: true });
    await writeFile(fixtureOf('retry'), 'format: 1\nlab: retry\nsteps:\n  - id: first\n    attempts: [ { exit: "zero"');
    const replay = await lab(['run', 'labs/retry.md'], { cwd: project });
    expect(replay.code).toBe(2);
    expect(replay.stdout + replay.stderr).toContain('fixtures/retry.yaml');
    expect(replay.stderr).not.toMatch(/\n\s+at .*\.js:\d+/);
  });
});
