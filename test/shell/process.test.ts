// Steps lead their own process group: timeouts, for=, Ctrl-C and close() stop all of it.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ShellSession } from '../../runner/shell/session.js';
import { openSession, tempDir } from './helpers.js';

/** Live (non-zombie) processes of a group, as `ps` sees them: independent of the code under test. */
function psGroup(pgid: number): string[] {
  const lines = execFileSync('ps', ['-eo', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' }).split('\n');
  return lines.filter((line) => {
    const [, group, stat] = line.trim().split(/\s+/);
    return Number(group) === pgid && !stat?.startsWith('Z');
  });
}

function firstLineNumber(text: string): number {
  const pgid = Number(text.split('\n')[0]);
  expect(pgid).toBeGreaterThan(1);
  return pgid;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ShellSession process control', () => {
  it('kills a hung step and its children at the timeout, and the session goes on', async () => {
    const session = await openSession({ graceMs: 2_000 });
    await session.run('BEFORE=kept');
    const started = Date.now();
    const run = await session.run('echo $BASHPID; STARTED=yes; sleep 1000 & sleep 1000', { timeoutMs: 1_000 });
    expect(run.timedOut).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);
    const pgid = firstLineNumber(run.stdout);
    expect(psGroup(pgid)).toEqual([]);
    // bash trapped SIGTERM and left through its EXIT trap: the state from before the hang is kept.
    expect(run.exitCode).toBe(143);
    expect(run.variables).toEqual({ STARTED: 'yes' });
    expect((await session.run('echo $BEFORE $STARTED')).stdout).toBe('kept yes\n');
  });

  it('SIGKILLs a step that ignores SIGINT and SIGTERM after the grace period', async () => {
    const session = await openSession({ graceMs: 1_000 });
    await session.run('BEFORE=kept');
    const started = Date.now();
    const run = await session.run("echo $BASHPID; trap '' INT TERM; sleep 100", { timeoutMs: 500 });
    const elapsed = Date.now() - started;
    expect(run).toMatchObject({ timedOut: true, exitCode: null, signal: 'SIGKILL', variables: {} });
    expect(elapsed).toBeGreaterThanOrEqual(1_400);
    expect(elapsed).toBeLessThan(15_000);
    expect(psGroup(firstLineNumber(run.stdout))).toEqual([]);
    // A SIGKILLed step cannot report its state: the session keeps the previous one.
    expect((await session.run('echo $BEFORE')).stdout).toBe('kept\n');
  });

  it('stops a never-ending command after for= with Ctrl-C and keeps its output', async () => {
    const session = await openSession();
    const run = await session.run('echo $BASHPID; while true; do echo tick; sleep 0.2; done', { forMs: 1_000, timeoutMs: 20_000 });
    expect(run.stoppedAfterFor).toBe(true);
    expect(run.timedOut).toBeUndefined();
    expect(run.exitCode).toBe(130);
    expect(run.stdout.match(/^tick$/gm)!.length).toBeGreaterThanOrEqual(2);
    expect(psGroup(firstLineNumber(run.stdout))).toEqual([]);
  });

  it('does not mark a for= step that ended on its own', async () => {
    const session = await openSession();
    const run = await session.run('echo quick', { forMs: 5_000 });
    expect(run).toMatchObject({ stdout: 'quick\n', exitCode: 0 });
    expect(run.stoppedAfterFor).toBeUndefined();
  });

  it('interrupts a step when the caller aborts (Ctrl-C)', async () => {
    const session = await openSession();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 500);
    const run = await session.run('echo $BASHPID; sleep 1000', { signal: controller.signal, timeoutMs: 20_000 });
    expect(run.interrupted).toBe(true);
    expect(psGroup(firstLineNumber(run.stdout))).toEqual([]);
    const already = await session.run('echo never', { signal: controller.signal });
    expect(already).toMatchObject({ interrupted: true, stdout: '', exitCode: null });
  });

  it('does not wait for daemons left running, and close() stops them', async () => {
    const session = await ShellSession.start({ cwd: tempDir(), graceMs: 1_000 });
    try {
      const quiet = await session.run('echo $BASHPID; sleep 1000 >/dev/null 2>&1 &', { timeoutMs: 20_000 });
      // This one keeps the step's stdout open: the runner must not wait for its EOF.
      const holding = await session.run('echo $BASHPID; (while true; do sleep 1; done) & echo started', { timeoutMs: 20_000 });
      expect(quiet.timedOut).toBeUndefined();
      expect(holding.timedOut).toBeUndefined();
      expect(quiet.durationMs).toBeLessThan(5_000);
      expect(holding.durationMs).toBeLessThan(5_000);
      expect(holding.stdout).toMatch(/started\n$/);
      const groups = [firstLineNumber(quiet.stdout), firstLineNumber(holding.stdout)];
      for (const pgid of groups) expect(psGroup(pgid).length).toBeGreaterThan(0);
      const next = await session.run('echo next');
      expect(next.stdout).toBe('next\n');
      await session.close();
      for (const pgid of groups) expect(psGroup(pgid)).toEqual([]);
    } finally {
      await session.close();
    }
  });

  it('runs background jobs with the session state, keeps their log, and stops them', async () => {
    const session = await openSession({ graceMs: 1_000 });
    await session.run('export PORT=8080; label() { echo "job:$1"; }');
    const chunks: string[] = [];
    const job = await session.startBackground('label $PORT; echo oops >&2; while true; do echo tick; sleep 0.2; done', {
      onOutput: (chunk) => void chunks.push(String(chunk.data)),
    });
    expect(job.id).toMatch(/^bg-\d+$/);
    expect(job.running()).toBe(true);
    // The foreground is free while the job runs.
    expect((await session.run('echo foreground')).stdout).toBe('foreground\n');
    for (let waited = 0; !job.log().includes('tick') && waited < 10_000; waited += 100) await sleep(100);
    expect(job.log()).toMatch(/^job:8080\n/);
    expect(job.log()).toContain('oops\n');
    expect(chunks.join('')).toContain('job:8080');
    await job.stop();
    expect(psGroup(job.pid)).toEqual([]);
    expect(job.running()).toBe(false);
    const logged = job.log();
    await sleep(300);
    expect(job.log()).toBe(logged);
  });

  it('close() stops background jobs still running', async () => {
    const session = await ShellSession.start({ cwd: tempDir(), graceMs: 1_000 });
    const job = await session.startBackground("trap '' TERM; sleep 1000");
    expect(session.backgroundJobs()).toEqual([job]);
    await sleep(200);
    expect(psGroup(job.pid).length).toBeGreaterThan(0);
    await session.close();
    expect(psGroup(job.pid)).toEqual([]);
    await expect(session.run('echo late')).rejects.toThrow(/closed/);
  });
});
