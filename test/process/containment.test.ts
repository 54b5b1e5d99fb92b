// The session's watchdog (runner/process/containment.ts): when lab is gone it kills what the
// session left, down to a sweep of /proc for the marker; after a clean close, where lab already
// stopped all of that itself, it leaves without that sweep (one grep per process on the machine).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Containment } from '../../runner/process/containment.js';
import { newSessionId, SESSION_ID_VARIABLE } from '../../runner/process/session-marker.js';
import { processAlive } from '../helpers/process-alive.js';
import { openSession } from '../shell/helpers.js';

/** Whether a cgroup can be made here (a writable cgroup v2 below this process's own), as containment.ts tries. */
function cgroupWritable(): boolean {
  try {
    const own = /^0::(.*)$/m.exec(readFileSync('/proc/self/cgroup', 'utf8'))?.[1];
    const mounts = readFileSync('/proc/self/mounts', 'utf8').split('\n').map((line) => line.split(' ')).filter((fields) => fields[2] === 'cgroup2');
    if (own === undefined) return false;
    return mounts.some((fields) => {
      const dir = path.join(fields[1]!, own, `lab-probe-${process.pid}`);
      try {
        mkdirSync(dir);
        rmdirSync(dir);
        return true;
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** A process carrying the session's marker that the containment was never told about: only the /proc sweep finds it. */
function markedSleeper(sessionId: string): ChildProcess {
  const child = spawn('sleep', ['600'], { env: { ...process.env, [SESSION_ID_VARIABLE]: sessionId }, stdio: 'ignore', detached: true });
  started.push(child);
  return child;
}

/** The watchdog of this session, found by the session id on its command line. */
function watchdogs(sessionId: string): number[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).map(Number).filter((pid) => {
    try {
      const words = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      return words.includes('lab-watchdog') && words.includes(sessionId) && processAlive(pid);
    } catch {
      return false;
    }
  });
}

async function watchdogGone(sessionId: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (watchdogs(sessionId).length > 0) {
    if (Date.now() > deadline) throw new Error('the watchdog is still there');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the session watchdog', () => {
  it('after a clean close leaves without its own kills and /proc sweep', async () => {
    const sessionId = newSessionId();
    const containment = Containment.open(sessionId);
    expect(watchdogs(sessionId)).toHaveLength(1);
    const marked = markedSleeper(sessionId);
    await containment.close(0);
    await watchdogGone(sessionId);
    expect(processAlive(marked.pid!)).toBe(true);
  });

  it('when lab is killed (its pipe ends without a close) still kills every process carrying the marker', async () => {
    const sessionId = newSessionId();
    const module = fileURLToPath(new URL('../../dist/process/containment.js', import.meta.url));
    const lab = spawn(process.execPath, ['--input-type=module', '-e', `
      const { Containment } = await import(${JSON.stringify(module)});
      Containment.open(${JSON.stringify(sessionId)});
      console.log('open');
      setInterval(() => {}, 1000);
    `], { stdio: ['ignore', 'pipe', 'inherit'] });
    started.push(lab);
    await new Promise((resolve) => lab.stdout!.once('data', resolve));
    const marked = markedSleeper(sessionId);
    lab.kill('SIGKILL');
    await watchdogGone(sessionId);
    expect(processAlive(marked.pid!)).toBe(false);
  });

  it.runIf(process.platform === 'linux' && cgroupWritable())('has the host in the session\'s cgroup before the first step forks (the first state\'s probe overlaps the move)', async () => {
    const session = await openSession();
    const first = await session.run('cat /proc/$BASHPID/cgroup');
    expect(first.stdout).toMatch(/^0::.*\/lab-[A-Za-z0-9_-]+\n$/m);
  });
});
