// Orphans (issue 18 item 4): a daemon that drops every mark a process inherits (`env -i`, a
// double fork, `setsid`) is still stopped when the lab ends, and a `kill -9` of lab itself (from
// outside, or by a step through `kill -9 $PPID`) still ends the session: the host, the running
// step, its background loop and its setsid children. The leftovers are found by a unique sleep
// length in their command line, since they carry no marker in their environment.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bash, labText, makeProject, rounds, sleep, startLab, waitUntil, type Project } from './live-faults-helpers.js';

const projects: Project[] = [];
const tokens: string[] = [];
afterAll(() => {
  for (const token of tokens) for (const pid of withArgument(token)) killQuietly(pid);
  for (const project of projects.splice(0)) project.remove();
});

/** A sleep length no other process uses: the token a leftover is found by. */
function token(): string {
  const value = `${86_400 + Math.floor(Math.random() * 800_000)}`;
  tokens.push(value);
  return value;
}

/** Live processes whose command line has `argument` as one of its words (zombies excepted). */
function withArgument(argument: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(argument)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (!/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3))) found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone
  }
}

async function gone(argument: string, withinMs = 15_000): Promise<number[]> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const left = withArgument(argument);
    if (left.length === 0 || Date.now() > deadline) return left;
    await sleep(100);
  }
}

describe.each(rounds())('orphans, round %i', () => {
  it('a daemon that cleared its environment (setsid env -i, a double fork under env -i) is stopped when the lab ends', async () => {
    const project = makeProject();
    projects.push(project);
    const [a, b, c] = [token(), token(), token()];
    const lab = project.writeLab('daemons', labText('Daemons without a marker', [
      bash('id=setsid-env', `setsid env -i /bin/sleep ${a} >/dev/null 2>&1 < /dev/null &`),
      bash('id=double-fork', `( env -i /bin/bash -c '( /bin/sleep ${b} >/dev/null 2>&1 < /dev/null & )' & )`),
      bash('id=setsid-double', `( setsid env -i /bin/bash -c '/bin/sleep ${c} >/dev/null 2>&1 < /dev/null &' & )`),
      bash('id=seen', `sleep 0.5; for t in ${a} ${b} ${c}; do pgrep -f "sleep $t" >/dev/null || { echo "missing $t"; exit 1; }; done`),
    ]));
    const run = startLab(['run', '--live', lab, '--var', `WORK=${project.work}`], { cwd: project.dir });
    const result = await run.done;
    expect(result.code, result.stdout + result.stderr).toBe(0);
    for (const argument of [a, b, c]) expect(await gone(argument, 10_000), `sleep ${argument}`).toEqual([]);
  });

  it.each([
    ['kill -9 of lab from outside', ''],
    ['a step running kill -9 $PPID', 'kill -9 $PPID'],
  ])('%s ends the session: host, running step, background loop, setsid children', async (_name, killer) => {
    const project = makeProject();
    projects.push(project);
    const [loop, child, running] = [token(), token(), token()];
    const started = path.join(project.work, 'started');
    const lab = project.writeLab('killed', labText('Killed lab', [
      bash('id=loop background', `while true; do /bin/sleep ${loop}; done`),
      bash('id=child', `setsid env -i /bin/sleep ${child} >/dev/null 2>&1 < /dev/null &`),
      bash('id=long timeout=10m', `touch "${started}"\n${killer}\n/bin/sleep ${running}`),
    ]));
    const run = startLab(['run', '--live', lab, '--var', `WORK=${project.work}`], { cwd: project.dir });
    await waitUntil('the long step to start', () => withArgument(running).length > 0 || (killer !== '' && readdirSync(project.work).includes('started')), 60_000);
    if (!killer) {
      await waitUntil('the background loop and the setsid child', () => withArgument(loop).length > 0 && withArgument(child).length > 0, 30_000);
      process.kill(run.pid, 'SIGKILL');
    }
    const result = await run.done;
    expect(result.signal ?? result.code).toBeTruthy();
    for (const argument of [loop, child, running]) expect(await gone(argument), `sleep ${argument}`).toEqual([]);
  });
});
