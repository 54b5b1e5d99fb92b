// Builds the argv for the system `ssh` client (so ~/.ssh/config, keys and the agent keep working)
// for remote `hosts=` steps and for interactive `tty` steps.
import { LabError } from '../errors/index.js';

export interface SshConnectionOptions {
  /** Remote user (`ssh-user=`); without it the ssh config or the local user decides. */
  user?: string;
  /** An ssh_config file (`ssh-config:` in the frontmatter), passed as `-F`. */
  sshConfig?: string;
  /** Extra `-o KEY=VALUE` options (`ssh-options:`); they override the defaults below. */
  sshOptions?: Record<string, string>;
  /** Seconds to wait for the TCP connection and the SSH handshake (default 10). */
  connectTimeoutS?: number;
}

export const DEFAULT_CONNECT_TIMEOUT_S = 10;

/** The remote command: the block travels on stdin, so quoting and heredocs arrive untouched. */
export const REMOTE_SHELL_COMMAND = ['bash', '-s'];

/** `"$N1 $N2  $N1"` after expansion -> `['10.0.0.1', '10.0.0.2']`: whitespace separated, first occurrence kept. */
export function splitHosts(expanded: string): string[] {
  const hosts = expanded.split(/\s+/).filter((host) => host.length > 0);
  return [...new Set(hosts)];
}

/** Throws a BAD_INPUT LabError for a host or user that ssh could read as an option or that is not one word. */
export function validateDestination(host: string, user?: string): void {
  if (host.length === 0) throw new LabError('BAD_INPUT', 'empty ssh host', { hint: 'check the variables used in hosts=' });
  if (host.startsWith('-')) {
    throw new LabError('BAD_INPUT', `ssh host "${host}" starts with "-" and would be read as an ssh option`, {
      hint: 'check the value of the variables used in hosts=',
    });
  }
  if (/[\s\0]/.test(host)) throw new LabError('BAD_INPUT', `ssh host "${host}" contains whitespace`);
  if (user !== undefined && (user.length === 0 || user.startsWith('-') || /[\s@\0]/.test(user))) {
    throw new LabError('BAD_INPUT', `ssh user "${user}" is not a valid user name`, { hint: 'check ssh-user=' });
  }
}

function validateOption(key: string, value: string): void {
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(key)) {
    throw new LabError('BAD_INPUT', `ssh option name "${key}" is not an ssh_config keyword`, { hint: 'see `man ssh_config`' });
  }
  if (/[\r\n\0]/.test(value)) throw new LabError('BAD_INPUT', `ssh option ${key} has a line break in its value`);
}

/**
 * Defaults first, then the lab's options; ssh_config keywords are case-insensitive, so a lab's
 * `connecttimeout` replaces our `ConnectTimeout` instead of being silently ignored by ssh.
 */
function mergeOptions(defaults: Array<[string, string]>, overrides: Record<string, string> = {}): Array<[string, string]> {
  const merged = new Map<string, [string, string]>();
  for (const [key, value] of defaults) merged.set(key.toLowerCase(), [key, value]);
  for (const [key, value] of Object.entries(overrides)) {
    validateOption(key, value);
    merged.set(key.toLowerCase(), [key, value]);
  }
  return [...merged.values()];
}

/** The connect timeout ssh will really use: a lab's `ConnectTimeout` option wins over connectTimeoutS. */
export function effectiveConnectTimeoutS(options: SshConnectionOptions): number {
  const fromOptions = Object.entries(options.sshOptions ?? {}).find(([key]) => key.toLowerCase() === 'connecttimeout');
  const parsed = fromOptions ? Number(fromOptions[1]) : NaN;
  if (Number.isFinite(parsed) && parsed > 0) return parsed;
  return options.connectTimeoutS ?? DEFAULT_CONNECT_TIMEOUT_S;
}

function commonArgs(options: SshConnectionOptions, defaults: Array<[string, string]>): string[] {
  const args: string[] = [];
  if (options.sshConfig) args.push('-F', options.sshConfig);
  const connectTimeout = String(options.connectTimeoutS ?? DEFAULT_CONNECT_TIMEOUT_S);
  // Keepalives so a peer that vanishes mid-step is noticed in ~45s instead of hanging until the step timeout.
  const baseline: Array<[string, string]> = [
    ...defaults,
    ['ConnectTimeout', connectTimeout],
    ['ServerAliveInterval', '15'],
    ['ServerAliveCountMax', '3'],
  ];
  for (const [key, value] of mergeOptions(baseline, options.sshOptions)) args.push('-o', `${key}=${value}`);
  return args;
}

function destination(host: string, user?: string): string {
  validateDestination(host, user);
  return user ? `${user}@${host}` : host;
}

/**
 * Arguments for `ssh` (program name excluded) that run `bash -s` on the host, headless:
 * BatchMode so a missing key fails instead of prompting; host key checking stays on unless the lab
 * sets StrictHostKeyChecking. `--` ends option parsing, so neither host nor command can become an option.
 */
export function buildSshArgs(host: string, options: SshConnectionOptions = {}): string[] {
  const target = destination(host, options.user);
  return [...commonArgs(options, [['BatchMode', 'yes']]), '-T', '--', target, ...REMOTE_SHELL_COMMAND];
}

/**
 * Arguments for `ssh` for a `tty` step in walk mode: a terminal (`-t`), prompts allowed (no BatchMode).
 * Without `command` the remote login shell starts.
 */
export function interactiveSshArgs(host: string, options: SshConnectionOptions & { command?: string } = {}): string[] {
  const target = destination(host, options.user);
  const command = options.command ? [options.command] : [];
  return [...commonArgs(options, []), '-t', '--', target, ...command];
}
