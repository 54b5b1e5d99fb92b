// Turns the ssh client's own failure messages (exit 255) into one clear sentence per host.
// Only ssh's line shapes are matched, so a remote command printing "Connection refused" is not mistaken for one.

interface SshFailurePattern {
  pattern: RegExp;
  describe(match: RegExpMatchArray, connectTimeoutS: number): string;
}

const PATTERNS: SshFailurePattern[] = [
  {
    pattern: /^ssh: connect to host \S+ port (\d+): Connection refused\s*$/m,
    describe: (match) => `connection refused on port ${match[1]}`,
  },
  {
    // Both the TCP connect and the banner exchange are bounded by ConnectTimeout.
    pattern: /^(?:ssh: connect to host \S+ port \d+: (?:Connection|Operation) timed out|Connection timed out during banner exchange)\s*$/m,
    describe: (_match, connectTimeoutS) => `connection timed out after ${connectTimeoutS}s`,
  },
  {
    pattern: /^Host key verification failed\.\s*$/m,
    describe: () => 'host key verification failed: add it to known_hosts or set StrictHostKeyChecking=accept-new',
  },
  {
    pattern: /^\S+: Permission denied \(([^)]*)\)\.\s*$/m,
    describe: (match) => `permission denied (${match[1]}): the key was refused`,
  },
  {
    pattern: /^ssh: Could not resolve hostname ([^:\s]+):/m,
    describe: (match) => `could not resolve hostname ${match[1]}`,
  },
  {
    pattern: /^ssh: connect to host \S+ port (\d+): (No route to host|Network is unreachable)\s*$/m,
    describe: (match) => `${match[2].toLowerCase()} (port ${match[1]})`,
  },
  {
    pattern: /^(?:Connection closed by|Connection reset by|kex_exchange_identification: )(.*)$/m,
    describe: (match) => `the connection was closed during the handshake (${match[0].trim()})`,
  },
  {
    // The server went away mid-command (sshd killed, the node rebooted or was terminated).
    pattern: /^Connection to \S+ closed by remote host\.\s*$/m,
    describe: () => 'the connection was closed by the host while the command ran (sshd stopped or the host went down)',
  },
  {
    pattern: /^Timeout, server \S+ not responding\.\s*$/m,
    describe: () => 'the host stopped responding (no answer to keepalives)',
  },
];

/**
 * A sentence for the connection problem behind an ssh exit, or undefined when the exit code is the
 * remote command's own (including a remote `exit 255` without ssh's error text).
 */
export function describeSshFailure(exitCode: number | null, stderr: string, connectTimeoutS: number): string | undefined {
  if (exitCode !== 255) return undefined;
  for (const { pattern, describe } of PATTERNS) {
    const match = stderr.match(pattern);
    if (match) return describe(match, connectTimeoutS);
  }
  return undefined;
}
