// `lab run --live` end to end: real bash steps through the compiled CLI.
import { execa } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI, lab, ROOT } from '../helpers/cli.js';
import { processAlive } from '../helpers/process-alive.js';

const dir = 'test/samples/run';
let work: string;

beforeEach(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'lab-live-'));
});
afterEach(() => rm(work, { recursive: true, force: true }));

describe('lab run --live', () => {
  it('runs every step in one persistent shell and passes', async () => {
    const { code, stdout, stderr } = await lab(['run', '--live', '--trust', `${dir}/basics.md`, '--var', `WORK=${work}`, '--reporter', 'json']);
    const report = JSON.parse(stdout);
    const steps = report.labs[0].steps;
    const byId = Object.fromEntries(steps.map((s: { id: string }) => [s.id, s]));
    expect(steps.filter((s: { status: string }) => s.status !== 'passed'), stderr).toEqual([]);
    expect(code).toBe(0);
    expect(byId['third-time'].attempts).toBe(3);
    expect(readFileSync(path.join(work, 'count'), 'utf8').trim()).toBe('3');
    expect(readFileSync(path.join(work, 'cleanup-ran'), 'utf8').trim()).toBe('cleaned');
    expect(byId['use-state'].line).toBe(19);
    // The background job was stopped with its process group when the lab ended.
    const bgShell = Number(readFileSync(path.join(work, 'bg.pid'), 'utf8'));
    expect(processAlive(bgShell)).toBe(false);
  });

  it('applies --timeout to steps without their own timeout=', async () => {
    const started = Date.now();
    const { code, stdout } = await lab(['run', '--live', '--trust', `${dir}/interrupt.md`, '--var', `WORK=${work}`, '--timeout', '1s', '--reporter', 'json']);
    expect(code).toBe(1);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(JSON.parse(stdout).labs[0].steps[0].failures[0].message).toMatch(/timed out after 1s/);
    expect(existsSync(path.join(work, 'cleanup-ran'))).toBe(true);
  });

  it('exits 2 on a lab that does not parse, before running anything', async () => {
    const { code, stderr } = await lab(['run', '--live', '--trust', 'test/samples/lint/unterminated.md']);
    expect(code).toBe(2);
    expect(stderr).toContain('test/samples/lint/unterminated.md:7:1: error: code block opened with');
  });

  it('fails on a mismatch with a diff, skips the rest, still runs cleanup', async () => {
    const { code, stdout } = await lab(['run', '--live', '--trust', `${dir}/failing.md`, '--var', `WORK=${work}`, '--reporter', 'json']);
    expect(code).toBe(1);
    const steps = JSON.parse(stdout).labs[0].steps;
    const wrong = steps.find((s: { id: string }) => s.id === 'wrong');
    expect(wrong.status).toBe('failed');
    expect(wrong.failures[0].message).toContain(`${dir}/failing.md:15`);
    expect(wrong.failures[0].diff).toContain('-expected output');
    expect(wrong.failures[0].diff).toContain('+actual output');
    expect(steps.find((s: { id: string }) => s.id === 'never-reached').status).toBe('skipped');
    expect(existsSync(path.join(work, 'reached'))).toBe(false);
    expect(existsSync(path.join(work, 'cleanup-ran'))).toBe(true);
  });

  it('kills a hung step with its whole process group at its timeout', async () => {
    const started = Date.now();
    const { code, stdout } = await lab(['run', '--live', '--trust', `${dir}/hang.md`, '--var', `WORK=${work}`, '--reporter', 'json']);
    expect(code).toBe(1);
    expect(Date.now() - started).toBeLessThan(20_000);
    const hang = JSON.parse(stdout).labs[0].steps[0];
    expect(hang.failures[0].message).toMatch(/timed out after 1(\.0)?s/);
    const child = Number(readFileSync(path.join(work, 'child.pid'), 'utf8'));
    const shell = Number(readFileSync(path.join(work, 'shell.pid'), 'utf8'));
    expect(processAlive(child)).toBe(false);
    expect(processAlive(shell)).toBe(false);
    expect(existsSync(path.join(work, 'cleanup-ran'))).toBe(true);
  });

  it('runs cleanup after SIGINT and exits 130', async () => {
    const child = execa(process.execPath, [CLI, 'run', '--live', '--trust', `${dir}/interrupt.md`, '--var', `WORK=${work}`,
      '--reporter', `json:${work}/report.json`, '--reporter', `tap:${work}/report.tap`], {
      cwd: ROOT, reject: false, env: { NO_COLOR: '1', CI: 'true' },
    });
    const deadline = Date.now() + 20_000;
    while (!existsSync(path.join(work, 'started')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(readFileSync(path.join(work, 'cleanup-ran'), 'utf8').trim()).toBe('cleaned');
    const report = JSON.parse(readFileSync(path.join(work, 'report.json'), 'utf8'));
    expect(report.interrupted).toBe(true);
    expect(report.labs[0].steps.map((s: { id: string; status: string }) => `${s.id}:${s.status}`)).toEqual(['long:failed', 'cleanup-mark:passed']);
    expect(readFileSync(path.join(work, 'report.tap'), 'utf8')).toContain('Bail out! interrupted');
  });

  it('fails a confirm step without --yes and skips a tty step headless', async () => {
    const refused = await lab(['run', '--live', '--trust', `${dir}/confirm-tty.md`, '--reporter', 'json']);
    expect(refused.code).toBe(1);
    const risky = JSON.parse(refused.stdout).labs[0].steps[0];
    expect(risky.failures[0].message).toContain('pass --yes');
    const accepted = await lab(['run', '--live', '--trust', '--yes', `${dir}/confirm-tty.md`, '--reporter', 'json']);
    expect(accepted.code).toBe(0);
    const steps = JSON.parse(accepted.stdout).labs[0].steps;
    expect(steps.map((s: { status: string }) => s.status)).toEqual(['passed', 'skipped']);
    expect(steps[1].skipReason).toContain('needs a terminal');
  });

  it('names every missing variable up front and how to pass it', async () => {
    const { code, stderr, stdout } = await lab(['run', '--live', '--trust', `${dir}/failing.md`]);
    expect(code).toBe(2);
    expect(stdout + stderr).toContain('--var WORK=');
  });

  it('checks requires before anything runs', async () => {
    const { code, stdout, stderr } = await lab(['run', '--live', '--trust', `${dir}/basics.md`, '--var', `WORK=${work}`], { env: { PATH: '/nonexistent', NO_COLOR: '1', CI: 'true' } });
    expect(code).toBe(2);
    expect(stdout + stderr).toContain('`bash`, not found on PATH');
    expect(existsSync(path.join(work, 'count'))).toBe(false);
  });
});
