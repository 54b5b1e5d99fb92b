// Remote steps through the CLI against a real sshd: per-host results, a failing host, an
// unreachable host within the connect timeout, heredocs over ssh, record then replay per host.
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
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
});
