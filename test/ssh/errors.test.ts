// ssh's own failure lines (as OpenSSH 9 prints them) become one sentence; remote output never does.
import { describe, expect, it } from 'vitest';
import { describeSshFailure } from '../../runner/ssh/errors.js';

describe('describeSshFailure', () => {
  const cases: Array<[string, string]> = [
    ['ssh: connect to host 127.0.0.1 port 2222: Connection refused\r\n', 'connection refused on port 2222'],
    ['ssh: connect to host 10.0.0.9 port 22: Connection timed out\r\n', 'connection timed out after 3s'],
    ['Connection timed out during banner exchange\r\nConnection to 127.0.0.1 port 4000 timed out\r\n', 'connection timed out after 3s'],
    [
      'No ED25519 host key is known for [127.0.0.1]:2222 and you have requested strict checking.\r\nHost key verification failed.\r\n',
      'host key verification failed: add it to known_hosts or set StrictHostKeyChecking=accept-new',
    ],
    ['ec2-user@10.0.0.5: Permission denied (publickey,gssapi-keyex).\r\n', 'permission denied (publickey,gssapi-keyex): the key was refused'],
    ['ssh: Could not resolve hostname ip-10-0-0-5: Name or service not known\r\n', 'could not resolve hostname ip-10-0-0-5'],
    ['ssh: connect to host 10.1.2.3 port 22: No route to host\r\n', 'no route to host (port 22)'],
    ['Connection to 127.0.0.1 closed by remote host.\r\n', 'the connection was closed by the host while the command ran (sshd stopped or the host went down)'],
  ];
  it.each(cases)('explains %j', (stderr, sentence) => {
    expect(describeSshFailure(255, stderr, 3)).toBe(sentence);
  });

  it('leaves the remote command its own exit codes', () => {
    expect(describeSshFailure(1, 'ssh: connect to host x port 22: Connection refused\n', 10)).toBeUndefined();
    expect(describeSshFailure(255, 'my script failed\n', 10)).toBeUndefined();
    // ssh killed at the step timeout is a timeout, not a connection problem.
    expect(describeSshFailure(255, 'Killed by signal 15.\r\n', 10)).toBeUndefined();
  });

  it('does not mistake remote output quoting an ssh message for one', () => {
    expect(describeSshFailure(255, 'curl: (7) Failed to connect: Connection refused\n', 10)).toBeUndefined();
  });
});
