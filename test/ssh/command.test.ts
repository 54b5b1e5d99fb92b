// The ssh argv: option order and precedence, destination safety, host lists.
import { describe, expect, it } from 'vitest';
import { LabError } from '../../runner/errors/index.js';
import { buildSshArgs, effectiveConnectTimeoutS, interactiveSshArgs, splitHosts } from '../../runner/ssh/command.js';

/** `-o` values as a map, in the order ssh sees them. */
function optionsOf(args: string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  args.forEach((arg, index) => {
    if (arg === '-o') {
      const [key, ...rest] = args[index + 1].split('=');
      pairs.push([key, rest.join('=')]);
    }
  });
  return pairs;
}

describe('splitHosts', () => {
  it('splits on any whitespace, drops duplicates and keeps the first order', () => {
    expect(splitHosts(' 10.0.0.2\t10.0.0.1\n10.0.0.2  node-a ')).toEqual(['10.0.0.2', '10.0.0.1', 'node-a']);
  });
  it('gives no hosts for an empty or blank expansion', () => {
    expect(splitHosts('')).toEqual([]);
    expect(splitHosts('  \n ')).toEqual([]);
  });
});

describe('buildSshArgs', () => {
  it('runs bash -s headless with safe defaults, ending options before the destination', () => {
    const args = buildSshArgs('10.0.0.5', { user: 'ec2-user', sshConfig: '/tmp/ssh_config' });
    expect(args.slice(0, 2)).toEqual(['-F', '/tmp/ssh_config']);
    expect(args.slice(-5)).toEqual(['-T', '--', 'ec2-user@10.0.0.5', 'bash', '-s']);
    expect(Object.fromEntries(optionsOf(args))).toEqual({
      BatchMode: 'yes',
      ConnectTimeout: '10',
      ServerAliveInterval: '15',
      ServerAliveCountMax: '3',
    });
    // Host key checking is left to ssh's default (on): no StrictHostKeyChecking unless the lab sets it.
    expect(args.join(' ')).not.toMatch(/StrictHostKeyChecking/i);
  });

  it('lets the lab override defaults, whatever the keyword case, and add its own options', () => {
    const args = buildSshArgs('node1', {
      connectTimeoutS: 4,
      sshOptions: { connecttimeout: '7', StrictHostKeyChecking: 'accept-new', BatchMode: 'no' },
    });
    const options = optionsOf(args);
    expect(options).toContainEqual(['connecttimeout', '7']);
    expect(options.filter(([key]) => key.toLowerCase() === 'connecttimeout')).toHaveLength(1);
    expect(options).toContainEqual(['StrictHostKeyChecking', 'accept-new']);
    expect(options).toContainEqual(['BatchMode', 'no']);
    expect(args).not.toContain('-F');
    expect(args.slice(-4)).toEqual(['--', 'node1', 'bash', '-s']);
  });

  it('uses connectTimeoutS when the lab sets no ConnectTimeout option', () => {
    expect(optionsOf(buildSshArgs('h', { connectTimeoutS: 3 }))).toContainEqual(['ConnectTimeout', '3']);
    expect(effectiveConnectTimeoutS({ connectTimeoutS: 3 })).toBe(3);
    expect(effectiveConnectTimeoutS({ connectTimeoutS: 3, sshOptions: { CONNECTTIMEOUT: '9' } })).toBe(9);
    expect(effectiveConnectTimeoutS({})).toBe(10);
  });

  it('rejects hosts and users that ssh could read as options, with a BAD_INPUT error', () => {
    for (const call of [
      () => buildSshArgs('-oProxyCommand=sh', {}),
      () => buildSshArgs('', {}),
      () => buildSshArgs('a b', {}),
      () => buildSshArgs('node1', { user: '-lroot' }),
      () => buildSshArgs('node1', { sshOptions: { 'Proxy Command': 'x' } }),
      () => buildSshArgs('node1', { sshOptions: { ProxyCommand: 'x\nHost *' } }),
    ]) {
      expect(call).toThrow(LabError);
    }
    try {
      buildSshArgs('-oProxyCommand=sh', {});
    } catch (error) {
      expect(error).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('starts with "-"') });
    }
  });
});

describe('interactiveSshArgs', () => {
  it('asks for a terminal and allows prompts', () => {
    const args = interactiveSshArgs('10.0.0.5', { user: 'ec2-user', sshOptions: { StrictHostKeyChecking: 'accept-new' } });
    expect(args).toContain('-t');
    expect(args).not.toContain('-T');
    expect(args.join(' ')).not.toMatch(/BatchMode/);
    expect(optionsOf(args)).toContainEqual(['StrictHostKeyChecking', 'accept-new']);
    expect(args.slice(-2)).toEqual(['--', 'ec2-user@10.0.0.5']);
  });
  it('appends a remote command after the destination when given', () => {
    expect(interactiveSshArgs('node1', { command: 'sudo -i' }).slice(-3)).toEqual(['--', 'node1', 'sudo -i']);
  });
});
