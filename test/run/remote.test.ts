// Remote steps through the CLI against a real sshd: per-host results, a failing host, an
// unreachable host within the connect timeout, heredocs over ssh, record then replay per host.
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lab, ROOT } from '../helpers/cli.js';
import { sshdUnavailableReason, startSshd, type SshdHandle } from '../helpers/sshd.js';

const unavailable = sshdUnavailableReason();
if (unavailable) console.warn(`remote step tests skipped: ${unavailable}`);

describe.skipIf(Boolean(unavailable))('remote steps (hosts=) over a real sshd', () => {
  let sshd: SshdHandle;
  let project: string;
  const ssh = () => ['--ssh-config', sshd.configFile, '--ssh-option', 'ConnectTimeout=3'];

  beforeAll(async () => {
    sshd = await startSshd();
    project = await mkdtemp(path.join(os.tmpdir(), 'lab-remote-'));
    await mkdir(path.join(project, 'labs'));
    for (const name of ['nodes.md', 'reachable.md']) await copyFile(path.join(ROOT, 'test/samples/remote', name), path.join(project, 'labs', name));
  });
  afterAll(async () => {
    await sshd?.stop();
    if (project) await rm(project, { recursive: true, force: true });
  });

  it('runs each host, keeps output per host, and names the host that failed', async () => {
    const run = await lab(['run', '--live', 'labs/nodes.md', ...ssh(), '--reporter', 'json'], { cwd: project });
    expect(run.code).toBe(1);
    const steps = JSON.parse(run.stdout).labs[0].steps;
    const whoami = steps.find((s: { id: string }) => s.id === 'whoami');
    expect(whoami.status, JSON.stringify(whoami)).toBe('passed');
    expect(whoami.hosts.map((h: { host: string; status: string }) => `${h.host}:${h.status}`)).toEqual(['node1:passed', 'node2:passed']);
    const cgroup = steps.find((s: { id: string }) => s.id === 'cgroup');
    expect(cgroup.status).toBe('failed');
    expect(cgroup.hosts.map((h: { status: string }) => h.status)).toEqual(['passed', 'failed']);
    expect(cgroup.failures).toHaveLength(1);
    expect(cgroup.failures[0].host).toBe('node2');
    expect(cgroup.failures[0].diff).toContain('+fs=tmpfs');
  });

  it('reports an unreachable host within the connect timeout while the others pass', async () => {
    const started = Date.now();
    const run = await lab(['run', '--live', 'labs/reachable.md', ...ssh(), '--reporter', 'json'], { cwd: project });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(run.code).toBe(1);
    const step = JSON.parse(run.stdout).labs[0].steps[0];
    const byHost = Object.fromEntries(step.hosts.map((h: { host: string }) => [h.host, h]));
    expect(byHost.node1.status).toBe('passed');
    expect(byHost.node2.status).toBe('passed');
    expect(byHost.node3.status).toBe('failed');
    expect(byHost.node3.error).toMatch(/connection refused/);
    expect(step.failures[0].message).toContain('node3');
  });

  it('records per host and replays per host with no ssh', async () => {
    const record = await lab(['record', 'labs/reachable.md', ...ssh()], { cwd: project, env: { CI: '', NO_COLOR: '1' } });
    expect(record.code).toBe(1); // node3 is down: a failed recording writes nothing
    const nodes = await lab(['record', 'labs/nodes.md', ...ssh(), '--only', 'node-list', '--only', 'whoami'], { cwd: project, env: { CI: '', NO_COLOR: '1' } });
    expect(nodes.code, nodes.stderr).toBe(0);
    const fixture = await readFile(path.join(project, 'fixtures/nodes.yaml'), 'utf8');
    expect(fixture).toMatch(/hosts:\n\s+- host: node1[\s\S]*on node1[\s\S]*- host: node2[\s\S]*on node2/);
    const replay = await lab(['run', 'labs/nodes.md', '--only', 'node-list', '--only', 'whoami', '--reporter', 'json'], { cwd: project, env: { PATH: '', CI: 'true', NO_COLOR: '1' } });
    expect(replay.code, replay.stderr).toBe(0);
    const whoami = JSON.parse(replay.stdout).labs[0].steps.find((s: { id: string }) => s.id === 'whoami');
    expect(whoami.hosts.map((h: { host: string; status: string }) => `${h.host}:${h.status}`)).toEqual(['node1:passed', 'node2:passed']);
  });

  it('shows a host\'s output as it came, a character split between two reads whole, and a flood past --output-lines counted', async () => {
    const fence = '```';
    // 한 is ED 95 9C: the first two bytes, a pause (a read of their own), then the third.
    await writeFile(path.join(project, 'labs/bytes.md'), `---\ntitle: Bytes\n---\n\n${fence}bash id=bytes hosts="node1"\nprintf 'os: \\355\\225'; sleep 0.3; printf '\\234\\352\\265\\255\\n'\nseq -f 'row %.0f' 1 3000\n${fence}\n\n${fence}expect contains\nos: 한국\nrow 3000\n${fence}\n`);
    const run = await lab(['run', '--live', 'labs/bytes.md', ...ssh(), '--output-lines', '100'], { cwd: project, env: { CI: 'true', NO_COLOR: '1' } });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('│ node1: os: 한국\n');
    expect(run.stdout).not.toContain('\ufffd');
    // 3,001 lines: 100 shown as they came, then the count of the rest and the last 200.
    expect(run.stdout).toContain('│ node1: row 99\n');
    expect(run.stdout).not.toContain('│ node1: row 100\n');
    expect(run.stdout).toMatch(/\[… 2,701 lines, [\d,]+ bytes not shown …\]/);
    expect(run.stdout).toContain('│ node1: row 3000\n');
  });
});
