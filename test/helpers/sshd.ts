// Test harness: a throwaway OpenSSH server on 127.0.0.1 with its own keys, config and known_hosts,
// so remote steps are tested against a real sshd instead of a mock.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export const SSHD_PATH = '/usr/sbin/sshd';

export interface SshdHandle {
  port: number;
  /** A port nothing listens on (alias `node3`), for "connection refused". */
  closedPort: number;
  /**
   * ssh_config with aliases: node1, node2 (-> the sshd, NODE_NAME set on the remote side),
   * node3 (closed port), intruder (a key the server does not accept).
   */
  configFile: string;
  identityFile: string;
  /** known_hosts that already trusts the sshd's host key. */
  knownHostsFile: string;
  user: string;
  dir: string;
  stop(): Promise<void>;
}

/** Why the harness cannot run here, or undefined when it can. */
export function sshdUnavailableReason(): string | undefined {
  if (!existsSync(SSHD_PATH)) return `${SSHD_PATH} is missing (install openssh-server; .ci/run does)`;
  for (const tool of ['ssh', 'ssh-keygen']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      return `${tool} is missing (install openssh-client)`;
    }
  }
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function generateKey(path: string): string {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'lab-test', '-f', path], { stdio: 'ignore' });
  return readFileSync(`${path}.pub`, 'utf8').trim();
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function writeServerConfig(dir: string, port: number, hostKey: string): string {
  const path = join(dir, 'sshd_config');
  const lines = [
    'ListenAddress 127.0.0.1',
    `Port ${port}`,
    `HostKey ${hostKey}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'UsePAM no',
    'StrictModes no',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'AcceptEnv NODE_NAME',
    'LogLevel ERROR',
  ];
  if (process.getuid?.() === 0) lines.push('PermitRootLogin yes');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function writeClientConfig(dir: string, user: string, ports: { open: number; closed: number }, keys: { client: string; stranger: string }): string {
  const path = join(dir, 'ssh_config');
  const known = join(dir, 'known_hosts');
  const alias = (name: string, port: number, identity: string, nodeName?: string) => [
    `Host ${name}`,
    '  HostName 127.0.0.1',
    `  Port ${port}`,
    `  IdentityFile ${identity}`,
    ...(nodeName ? [`  SetEnv NODE_NAME=${nodeName}`] : []),
  ];
  const lines = [
    ...alias('node1', ports.open, keys.client, 'node1'),
    ...alias('node2', ports.open, keys.client, 'node2'),
    ...alias('node3', ports.closed, keys.client, 'node3'),
    ...alias('intruder', ports.open, keys.stranger),
    // Shared settings; isolated from the developer's agent, keys and known_hosts.
    'Host *',
    `  User ${user}`,
    '  IdentitiesOnly yes',
    '  IdentityAgent none',
    `  UserKnownHostsFile ${known}`,
    '  GlobalKnownHostsFile /dev/null',
    '  LogLevel ERROR',
  ];
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function ensurePrivilegeSeparationDir(): void {
  // Debian's sshd refuses to start as root without it; containers often lack /run/sshd.
  if (process.getuid?.() === 0 && !existsSync('/run/sshd')) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
}

async function launch(dir: string, configFile: string, port: number): Promise<ChildProcess> {
  const child = spawn(SSHD_PATH, ['-D', '-e', '-f', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`sshd exited before listening (${dir}): ${stderr.trim()}`);
    }
    if (await canConnect(port)) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`sshd did not listen on 127.0.0.1:${port} within 20s: ${stderr.trim()}`);
}

/** Starts a private sshd; call stop() in afterAll (a process 'exit' hook also cleans up). */
export async function startSshd(): Promise<SshdHandle> {
  ensurePrivilegeSeparationDir();
  const dir = mkdtempSync(join(tmpdir(), 'lab-sshd-'));
  const user = userInfo().username;
  const hostKey = join(dir, 'host_ed25519');
  const hostPublicKey = generateKey(hostKey);
  const identityFile = join(dir, 'client_ed25519');
  writeFileSync(join(dir, 'authorized_keys'), `${generateKey(identityFile)}\n`);
  const strangerKey = join(dir, 'stranger_ed25519');
  generateKey(strangerKey);

  let child: ChildProcess | undefined;
  let port = 0;
  let lastError: unknown;
  // A free port can be taken between probing and binding; try a few.
  for (let attempt = 0; attempt < 3 && !child; attempt++) {
    port = await freePort();
    try {
      child = await launch(dir, writeServerConfig(dir, port, hostKey), port);
    } catch (error) {
      lastError = error;
    }
  }
  if (!child) {
    rmSync(dir, { recursive: true, force: true });
    throw lastError;
  }
  const closedPort = await freePort();
  const knownHostsFile = join(dir, 'known_hosts');
  const [keyType, keyData] = hostPublicKey.split(/\s+/);
  writeFileSync(knownHostsFile, `[127.0.0.1]:${port} ${keyType} ${keyData}\n`);
  const configFile = writeClientConfig(dir, user, { open: port, closed: closedPort }, { client: identityFile, stranger: strangerKey });

  const server = child;
  const cleanUpNow = () => {
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', cleanUpNow);
  const stop = async () => {
    process.off('exit', cleanUpNow);
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return { port, closedPort, configFile, identityFile, knownHostsFile, user, dir, stop };
}
