// Hosts over ssh as a target (`hosts="$N1 $N2"`): the block runs with `bash -s` through the system
// ssh client on each host; connection problems are put into words instead of a bare exit 255.
import type { Lab, Step } from '../model/lab.js';
import { runClientProcess } from '../process/client-process.js';
import type { ShellTarget } from '../shell/target.js';
import type { AttemptRequest, RemoteList, Target, TargetAttempt, TerminalOutcome } from '../step/target.js';
import { expandVariables, unresolvedVariable } from '../step/variables.js';
import { buildSshArgs, effectiveConnectTimeoutS, interactiveSshArgs, splitHosts, validateDestination, type SshConnectionOptions } from './command.js';
import { describeSshFailure } from './errors.js';

export interface SshTargetOptions {
  sshConfig?: string;
  /** `--ssh-option`, over the lab's `ssh-options`. */
  sshOptions?: Record<string, string>;
  /** Per stream, per host (default 4 MiB, head and tail kept). */
  maxOutputBytes?: number;
  /** Added to this process's environment for the ssh client (not sent to the remote side). */
  env?: Record<string, string>;
  /** Seconds for the TCP connection and the handshake (default 10; a lab's ConnectTimeout option wins). */
  connectTimeoutS?: number;
}

export class SshTarget implements Target {
  readonly mode = 'live' as const;

  constructor(private readonly lab: Lab, private readonly local: ShellTarget, private readonly options: SshTargetOptions = {}) {}

  async remotes(step: Step, values: Record<string, string>): Promise<RemoteList> {
    const expanded = expandVariables(step.attributes.hosts ?? '', values);
    const unresolved = unresolvedVariable(expanded);
    if (unresolved) return { error: `\`hosts=\` uses $${unresolved}, which has no value yet: set it in an earlier step or pass --var ${unresolved}=...` };
    const hosts = splitHosts(expanded);
    if (hosts.length === 0) return { error: '`hosts=` expanded to no host at all' };
    // A host or user ssh could read as an option is bad input: refused before any connection.
    for (const host of hosts) validateDestination(host, step.attributes.sshUser);
    return { remotes: hosts.map((name) => ({ kind: 'host', name })) };
  }

  async attempt(request: AttemptRequest): Promise<TargetAttempt> {
    const host = request.remote!.name;
    const connection = this.connection(request.step);
    const { attempt, spawnError } = await runClientProcess('ssh', buildSshArgs(host, connection), request.script, {
      timeoutMs: request.timeoutMs,
      signal: request.signal,
      env: this.options.env,
      maxOutputBytes: this.options.maxOutputBytes,
      notFound: 'ssh client not found: install openssh-client',
      onOutput: (chunk) => request.onOutput(chunk.stream, chunk.data),
    });
    const error = spawnError ?? describeSshFailure(attempt.exitCode, attempt.stderr, effectiveConnectTimeoutS(connection));
    return error ? { attempt, error } : { attempt };
  }

  interactive(request: Pick<AttemptRequest, 'step' | 'script' | 'remote'>): Promise<TerminalOutcome> {
    const args = interactiveSshArgs(request.remote!.name, { ...this.connection(request.step), command: request.script.trim() || undefined });
    return this.local.runTerminal(['ssh', ...args], request.step.attributes.cwd);
  }

  private connection(step: Step): SshConnectionOptions {
    return {
      user: step.attributes.sshUser,
      sshConfig: this.options.sshConfig ?? this.lab.meta.sshConfig,
      sshOptions: { ...this.lab.meta.sshOptions, ...this.options.sshOptions },
      connectTimeoutS: this.options.connectTimeoutS,
    };
  }
}
