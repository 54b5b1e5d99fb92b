// A host dies in the middle of a remote (`hosts=`) step: two real sshd on 127.0.0.1, one of them
// killed with everything it started while the block runs on both. The dead host gets a clear error
// of its own, the other host's output is whole, the run ends with a failure instead of hanging, and
// no ssh client is left behind.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sshdUnavailableReason, startSshd, type SshdHandle } from '../helpers/sshd.js';
import {
  bash, expectBlock, killMarked, leftoversAfter, makeProject, MARK_VARIABLE, newMark, readJson, rounds, startLab, stepsOf, Tally, waitUntil,
  type Project,
} from './live-faults-helpers.js';

const unavailable = sshdUnavailableReason();
if (unavailable) console.warn(`skipping the dying-sshd faults: ${unavailable}`);

const LINES = 2000;

/** The pids of a process and all its descendants (sshd, its per-connection children, their shells). */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const tree: number[] = [];
  const visit = (pid: number) => {
    tree.push(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return tree;
}

/** Kills a host the hard way: sshd and everything under it, at once (a crashed machine). */
function killHost(sshd: SshdHandle): number {
  const master = Number(readFileSync(path.join(sshd.dir, 'sshd.pid'), 'utf8'));
  const tree = processTree(master);
  for (const pid of tree) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return tree.length;
}

/** ssh_config with two hosts on two servers: `alive` keeps running, `dying` is killed mid-step. */
function writeClientConfig(file: string, alive: SshdHandle, dying: SshdHandle): void {
  const host = (name: string, sshd: SshdHandle) => [
    `Host ${name}`, '  HostName 127.0.0.1', `  Port ${sshd.port}`, `  IdentityFile ${sshd.identityFile}`,
    `  UserKnownHostsFile ${sshd.knownHostsFile}`, `  SetEnv NODE_NAME=${name}`,
  ];
  const lines = [
    ...host('alive', alive), ...host('dying', dying),
    'Host *', `  User ${alive.user}`, '  IdentitiesOnly yes', '  IdentityAgent none', '  GlobalKnownHostsFile /dev/null', '  LogLevel ERROR',
  ];
  writeFileSync(file, `${lines.join('\n')}\n`);
}

describe.skipIf(unavailable !== undefined)('sshd dies mid-step on one of two hosts', () => {
  let alive: SshdHandle;
  let dying: SshdHandle | undefined;
  let project: Project;
  const marks: string[] = [];
  const tally = new Tally('dying sshd');

  beforeAll(async () => {
    alive = await startSshd();
  });
  afterAll(async () => {
    await alive?.stop();
    tally.print();
  });
  beforeEach(async () => {
    project = makeProject();
    dying = await startSshd();
  });
  afterEach(async () => {
    for (const mark of marks.splice(0)) tally.leftovers += killMarked(mark);
    await dying?.stop();
    project.remove();
  });

  for (const round of rounds()) {
    it(`the dead host gets its own error, the other host's output is whole, the run fails without hanging (round ${round})`, async () => {
      const config = path.join(project.dir, 'ssh_config');
      writeClientConfig(config, alive, dying!);
      const remoteMark = newMark();
      marks.push(remoteMark);
      const work = project.work;
      // The remote side runs on this machine too: it can see the test's files and carry a marker.
      const labPath = project.writeLab('dying-host', [
        '---', 'title: A host dies mid-step', '---', '',
        bash('id=on-both hosts="alive dying" timeout=2m', [
          `export ${MARK_VARIABLE}=${remoteMark}`,
          'echo "start on $NODE_NAME"',
          `touch "${work}/started-$NODE_NAME"`,
          `while [ ! -e "${work}/go" ]; do sleep 0.1; done`,
          `for i in $(seq 1 ${LINES}); do echo "$NODE_NAME line $i"; done`,
          'echo "end on $NODE_NAME"',
        ].join('\n')),
        expectBlock('', `start on [..]\n...\n[..] line ${LINES}\nend on [..]`),
        '',
        bash('id=after', 'echo after'),
        '',
        bash('id=cleanup-mark cleanup', `echo cleaned > "${work}/cleanup-ran"`),
        '',
      ].join('\n'));

      const report = path.join(work, 'report.json');
      const lab = startLab(['run', '--live', labPath, '--ssh-config', config, '--ssh-option', 'ConnectTimeout=5',
        '--reporter', 'pretty', '--reporter', `json:${report}`], { cwd: project.dir });
      marks.push(lab.mark);
      // Killed only once its first line is through: a line still in sshd's buffers dies with it.
      let shown = '';
      lab.child.stdout?.on('data', (chunk: Buffer) => (shown += chunk.toString()));
      await waitUntil('the block to start on both hosts', () => existsSync(path.join(work, 'started-alive')) && existsSync(path.join(work, 'started-dying')) && shown.includes('│ dying: start on dying'));
      expect(killHost(dying!)).toBeGreaterThanOrEqual(3); // sshd, its session process, the remote shell at least
      tally.faults++;
      writeFileSync(path.join(work, 'go'), '');

      const result = await lab.done;
      expect(result.code, result.stderr).toBe(1);
      const steps = stepsOf(readJson(report));
      const step = steps['on-both']!;
      expect(step.status).toBe('failed');
      const hosts = Object.fromEntries(step.hosts!.map((host) => [host.host, host]));
      expect(hosts.alive!.status).toBe('passed');
      expect(hosts.alive!.exitCode).toBe(0);
      expect(hosts.alive!.error).toBeUndefined();
      expect(hosts.dying!.status).toBe('failed');
      // The host's own error, a sentence about the connection (as for an unreachable host): not
      // "exited with 255" plus a diff of the output it never finished. Soft, so the rest is checked too.
      expect.soft(hosts.dying!.error ?? '', JSON.stringify(hosts.dying)).toMatch(/connection|closed|host/i);
      expect.soft(step.failures.map((failure) => failure.host)).toEqual(['dying']);
      expect(step.failures.length).toBeGreaterThan(0);
      expect(step.failures.every((failure) => failure.host === 'dying')).toBe(true);
      expect(steps.after!.status).toBe('skipped');
      expect(steps['cleanup-mark']!.status).toBe('passed');
      expect(readFileSync(path.join(work, 'cleanup-ran'), 'utf8')).toBe('cleaned\n');

      // The live output of the surviving host: every line, in order.
      const aliveLines = result.stdout.split('\n').filter((line) => line.includes('│ alive: ')).map((line) => line.slice(line.indexOf('│ alive: ') + 9));
      expect(aliveLines).toEqual(['start on alive', ...Array.from({ length: LINES }, (_unused, i) => `alive line ${i + 1}`), 'end on alive']);
      expect(result.stdout).toContain('│ dying: start on dying');

      // No ssh client (nor anything else the run started here) outlives it.
      expect(await leftoversAfter(lab.mark)).toEqual([]);
    }, 120_000);
  }
});
