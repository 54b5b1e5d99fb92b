// Runs one block on many hosts over ssh, a bounded number at a time; one result per host, in the
// order the hosts were given, with connection problems put into words instead of a bare exit 255.
import type { AttemptResult } from '../model/result.js';
import { buildSshArgs, effectiveConnectTimeoutS, validateDestination, type SshConnectionOptions } from './ssh-command.js';
import { describeSshFailure } from './ssh-errors.js';
import { runSshProcess } from './ssh-process.js';

export const DEFAULT_SSH_CONCURRENCY = 8;

export interface RunOnHostsOptions extends SshConnectionOptions {
  /** How many ssh clients run at once (default 8). */
  concurrency?: number;
  /** Per host; the ssh client's process group is killed when it is up. */
  timeoutMs: number;
  onOutput?: (host: string, chunk: { stream: 'stdout' | 'stderr'; text: string }) => void;
  /** Aborting kills the running clients; hosts not started yet are reported as interrupted. */
  signal?: AbortSignal;
  /** Added to this process's environment for the ssh client (not sent to the remote side). */
  env?: Record<string, string>;
  /** Per stream, per host (default 4 MiB, head and tail kept). */
  maxOutputBytes?: number;
}

export interface HostRun {
  host: string;
  attempt: AttemptResult;
  /** A connection problem in words ("connection refused on port 22"); absent when the block ran. */
  error?: string;
}

function notStarted(host: string): HostRun {
  return {
    host,
    attempt: { stdout: '', stderr: '', exitCode: null, durationMs: 0, interrupted: true },
    error: 'not started: the step was interrupted',
  };
}

async function runOnHost(script: string, host: string, options: RunOnHostsOptions): Promise<HostRun> {
  const { attempt, spawnError } = await runSshProcess(buildSshArgs(host, options), script, {
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    env: options.env,
    maxOutputBytes: options.maxOutputBytes,
    onOutput: options.onOutput && ((chunk) => options.onOutput?.(host, chunk)),
  });
  const error = spawnError ?? describeSshFailure(attempt.exitCode, attempt.stderr, effectiveConnectTimeoutS(options));
  return error ? { host, attempt, error } : { host, attempt };
}

/**
 * Runs `script` with `bash -s` on every host. Bad hosts (starting with `-`, empty) reject the whole
 * call with a BAD_INPUT LabError before any connection is made; everything else resolves per host.
 */
export async function runOnHosts(script: string, hosts: string[], options: RunOnHostsOptions): Promise<HostRun[]> {
  for (const host of hosts) validateDestination(host, options.user);
  const results = new Array<HostRun>(hosts.length);
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_SSH_CONCURRENCY));
  let next = 0;
  // Each worker takes the next host index; results land by index, so completion order does not matter.
  const worker = async () => {
    while (next < hosts.length) {
      const index = next++;
      results[index] = options.signal?.aborted ? notStarted(hosts[index]) : await runOnHost(script, hosts[index], options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, hosts.length) }, worker));
  return results;
}
