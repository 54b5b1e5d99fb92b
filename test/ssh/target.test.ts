// Remote steps against a real sshd on 127.0.0.1 (two Host aliases node1/node2 to one server).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { LabError } from '../../runner/errors/index.js';
import { interactiveSshArgs } from '../../runner/ssh/command.js';
import { SshTarget, type SshTargetOptions } from '../../runner/ssh/target.js';
import type { ShellTarget } from '../../runner/shell/target.js';
import { runAttempts, type Slot } from '../../runner/step/attempts.js';
import type { Lab, Step } from '../../runner/model/lab.js';
import { sshdUnavailableReason, startSshd, type SshdHandle } from '../helpers/sshd.js';
import { processAlive } from '../helpers/process-alive.js';

const execFileAsync = promisify(execFile);
const unavailable = sshdUnavailableReason();
if (unavailable) console.warn(`skipping ssh tests: ${unavailable}`);

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return condition();
}

interface RunOnHostsOptions extends SshTargetOptions {
  timeoutMs: number;
  concurrency?: number;
  signal?: AbortSignal;
  onOutput?: (host: string, chunk: { stream: 'stdout' | 'stderr'; text: string }) => void;
}

const lab = { meta: { sshOptions: {} } } as unknown as Lab;

/** The ssh target under the step runner's own fan-out: one attempt per host, in the given order. */
async function runOnHosts(script: string, hosts: string[], options: RunOnHostsOptions) {
  const target = new SshTarget(lab, {} as ShellTarget, options);
  const step = { id: 'remote', attributes: { hosts: hosts.join(' ') }, expectations: [] } as unknown as Step;
  const list = await target.remotes(step, {});
  if ('error' in list) throw new Error(list.error);
  const slots: Slot[] = list.remotes.map((remote) => ({ remote }));
  await runAttempts(slots, {
    maxAttempts: 1, intervalMs: 0, signal: options.signal, concurrency: options.concurrency, judge: async () => [],
    attempt: (slot, attempt) => target.attempt({
      step, script, part: 'step', attempt, remote: slot.remote, timeoutMs: options.timeoutMs, signal: options.signal,
      onOutput: (stream, data) => options.onOutput?.(slot.remote!.name, { stream, text: String(data) }),
    }),
  });
  return slots.map((slot) => ({ host: slot.remote!.name, attempt: slot.attempts![0]!, error: slot.error }));
}

describe.skipIf(unavailable !== undefined)('hosts over a real sshd: the ssh target under the step fan-out', () => {
  let sshd: SshdHandle;
  let options: RunOnHostsOptions;
  let scratch: string;

  beforeAll(async () => {
    sshd = await startSshd();
    scratch = mkdtempSync(join(tmpdir(), 'lab-ssh-scratch-'));
    options = { sshConfig: sshd.configFile, connectTimeoutS: 5, timeoutMs: 30_000 };
  });
  afterAll(async () => {
    await sshd?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('keeps output per host, in the order of the hosts', async () => {
    const streamed: string[] = [];
    const results = await runOnHosts('echo "on $NODE_NAME"\necho "warn from $NODE_NAME" >&2', ['node2', 'node1'], {
      ...options,
      onOutput: (host, chunk) => { streamed.push(`${host}:${chunk.stream}`); },
    });
    expect(results.map((result) => result.host)).toEqual(['node2', 'node1']);
    expect(results[0].attempt.stdout).toBe('on node2\n');
    expect(results[1].attempt.stdout).toBe('on node1\n');
    expect(results[0].attempt.stderr).toContain('warn from node2');
    expect(results.every((result) => result.attempt.exitCode === 0 && result.error === undefined)).toBe(true);
    expect(streamed).toEqual(expect.arrayContaining(['node1:stdout', 'node2:stdout', 'node1:stderr', 'node2:stderr']));
  });

  it('fails a block on one host and passes it on the other', async () => {
    const results = await runOnHosts('[ "$NODE_NAME" = node1 ]', ['node1', 'node2'], options);
    expect(results.map((result) => result.attempt.exitCode)).toEqual([0, 1]);
    expect(results.map((result) => result.error)).toEqual([undefined, undefined]);
  });

  it('reports an unreachable host clearly and fast while the others succeed', async () => {
    const started = Date.now();
    const results = await runOnHosts('echo "up on $NODE_NAME"', ['node1', 'node3', 'node2'], {
      ...options,
      sshOptions: { ConnectTimeout: '3' },
    });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(results[0].attempt.stdout).toBe('up on node1\n');
    expect(results[2].attempt.stdout).toBe('up on node2\n');
    expect(results[1].attempt.exitCode).toBe(255);
    expect(results[1].error).toBe(`connection refused on port ${sshd.closedPort}`);
  });

  it('reports a handshake that never comes as a connect timeout', async () => {
    // A server that accepts TCP and then says nothing: ssh's ConnectTimeout covers the banner exchange.
    const held: Socket[] = [];
    const silent: Server = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const started = Date.now();
      const [result] = await runOnHosts('true', ['127.0.0.1'], { ...options, sshOptions: { Port: String(port) }, connectTimeoutS: 3 });
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(result.error).toBe('connection timed out after 3s');
    } finally {
      held.forEach((socket) => socket.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('names a refused key and an unknown hostname', async () => {
    const results = await runOnHosts('true', ['intruder', 'no-such-node.invalid'], options);
    expect(results[0].error).toBe('permission denied (publickey): the key was refused');
    expect(results[1].error).toBe('could not resolve hostname no-such-node.invalid');
  });

  it('sends heredocs and mixed quotes untouched', async () => {
    const script = [
      "cat <<'EOF'",
      'literal $HOME and `date` stay as written',
      'EOF',
      `echo "double \\"quoted\\" and 'single' inside" 'single "double" inside'`,
      'printf "%s|" a\\ b "c d"; echo',
    ].join('\n');
    const [result] = await runOnHosts(script, ['node1'], options);
    expect(result.attempt.stdout).toBe(
      ['literal $HOME and `date` stay as written', `double "quoted" and 'single' inside single "double" inside`, 'a b|c d|', ''].join('\n'),
    );
    expect(result.attempt.exitCode).toBe(0);
  });

  it('does not let a command that reads stdin swallow the rest of the block', async () => {
    const [result] = await runOnHosts('cat\nread -r line || echo "read got EOF"\necho after', ['node1'], options);
    expect(result.attempt.stdout).toBe('read got EOF\nafter\n');
  });

  it('refuses an unknown host key by default and accepts it with StrictHostKeyChecking=accept-new', async () => {
    const freshKnownHosts = join(scratch, 'known_hosts_fresh');
    const refused = await runOnHosts('echo hello', ['node1'], { ...options, sshOptions: { UserKnownHostsFile: freshKnownHosts } });
    expect(refused[0].error).toBe('host key verification failed: add it to known_hosts or set StrictHostKeyChecking=accept-new');
    expect(refused[0].attempt.stdout).toBe('');

    const accepted = await runOnHosts('echo hello', ['node1'], {
      ...options,
      sshOptions: { UserKnownHostsFile: freshKnownHosts, StrictHostKeyChecking: 'accept-new' },
    });
    expect(accepted[0].error).toBeUndefined();
    expect(accepted[0].attempt.stdout).toBe('hello\n');
    expect(readFileSync(freshKnownHosts, 'utf8')).toContain(`[127.0.0.1]:${sshd.port}`);
  });

  it('kills a hung remote command at timeoutMs and the remote side goes away with it', async () => {
    const pidFile = join(scratch, 'hung.pid');
    // Prints forever, like `watch`: once ssh is gone its next write fails and the remote loop ends.
    const script = `echo $$ > ${pidFile}\nwhile true; do echo tick; sleep 0.5; done`;
    const started = Date.now();
    const [result] = await runOnHosts(script, ['node1'], { ...options, timeoutMs: 2_000 });
    const elapsed = Date.now() - started;
    expect(result.attempt.timedOut).toBe(true);
    // ssh catches SIGTERM and exits 255 ("Killed by signal 15."); that is not a connection error.
    expect(result.attempt.exitCode === null || result.attempt.exitCode === 255).toBe(true);
    expect(result.error).toBeUndefined();
    expect(result.attempt.stdout).toContain('tick');
    expect(elapsed).toBeGreaterThanOrEqual(1_900);
    expect(elapsed).toBeLessThan(15_000);
    expect(existsSync(pidFile)).toBe(true);
    const remotePid = Number(readFileSync(pidFile, 'utf8'));
    expect(await waitUntil(() => !processAlive(remotePid), 15_000)).toBe(true);
  });

  it('stops running hosts and skips the rest when aborted', async () => {
    const controller = new AbortController();
    const pending = runOnHosts('while true; do echo tick; sleep 0.5; done', ['node1', 'node2'], {
      ...options,
      concurrency: 1,
      signal: controller.signal,
      onOutput: () => controller.abort(),
    });
    const results = await pending;
    expect(results[0].attempt.interrupted).toBe(true);
    expect(results[1].attempt.interrupted).toBe(true);
    expect(results[1].error).toBe('not started: the step was interrupted');
  });

  it('runs at most `concurrency` clients at once', async () => {
    const hosts = ['node1', 'node2'];
    const started = Date.now();
    const results = await runOnHosts('sleep 1; echo done', hosts, { ...options, concurrency: 1 });
    expect(results.map((result) => result.attempt.stdout)).toEqual(['done\n', 'done\n']);
    // Sequential: two one-second sleeps cannot overlap.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
  });

  it('keeps a runaway remote output bounded, head and tail', async () => {
    const [result] = await runOnHosts('seq 1 200000', ['node1'], { ...options, maxOutputBytes: 1_000 });
    const { stdout } = result.attempt;
    expect(stdout.startsWith('1\n2\n3\n')).toBe(true);
    expect(stdout.endsWith('199999\n200000\n')).toBe(true);
    expect(stdout).toMatch(/\[\.\.\. \d+ bytes not kept \.\.\.\]/);
    expect(stdout.length).toBeLessThan(1_100);
    expect(result.attempt.exitCode).toBe(0);
  });

  it('says so when there is no ssh client to run', async () => {
    const [result] = await runOnHosts('true', ['node1'], { ...options, env: { PATH: join(scratch, 'no-bin') } });
    expect(result.error).toBe('ssh client not found: install openssh-client');
    expect(result.attempt.exitCode).toBeNull();
  });

  it('builds interactive argv that the real ssh client accepts', async () => {
    const args = interactiveSshArgs('node2', { sshConfig: sshd.configFile, command: 'echo "interactive on $NODE_NAME"' });
    // No terminal here, so ssh warns and runs without one; the argv itself is what is under test.
    const { stdout } = await execFileAsync('ssh', args, { timeout: 20_000 });
    expect(stdout).toBe('interactive on node2\n');
  });

  it('rejects a host that starts with "-" before connecting anywhere', async () => {
    const call = runOnHosts('echo never', ['node1', '-oProxyCommand=touch /tmp/pwned'], options);
    await expect(call).rejects.toBeInstanceOf(LabError);
    await expect(call).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('starts with "-"') });
  });
});
