// Practice and live never mix, end to end in tmux under CI=true: a practice walk replays the
// recording's node address into N1; a later live walk must never hand that address to ssh. The
// ssh on PATH is a stand-in that logs its argv and runs the block in a local bash.
import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../helpers/cli.js';
import { TmuxSession } from '../helpers/tmux.js';

const RECORDED_ADDRESS = '13.125.181.227'; // what the fixture of labs/remote/nodes.md holds
const LIVE_ADDRESS = '10.9.8.7';

let base: string;
let project: string;
let state: string;
let sshLog: string;
let bin: string;
const sessions: TmuxSession[] = [];

beforeEach(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'lab-walk-modes-'));
  project = path.join(base, 'project');
  state = path.join(base, 'state');
  bin = path.join(base, 'bin');
  sshLog = path.join(base, 'ssh.log');
  await cp(path.join(ROOT, 'test/samples/walk'), project, { recursive: true });
  await writeFile(path.join(project, 'labs/remote/node-address.txt'), `${LIVE_ADDRESS}\n`);
  await mkdir(bin);
  await writeFile(path.join(bin, 'ssh'), `#!/bin/bash\nprintf '%s\\n' "$*" >> ${JSON.stringify(sshLog)}\nexec bash -s\n`);
  await chmod(path.join(bin, 'ssh'), 0o755);
  await writeFile(sshLog, '');
});

afterEach(async () => {
  for (const session of sessions.splice(0)) await session.kill();
  await rm(base, { recursive: true, force: true });
});

async function walk(args: string[]): Promise<TmuxSession> {
  const session = await TmuxSession.start([process.execPath, CLI, 'walk', ...args], {
    cwd: project,
    env: { CI: 'true', XDG_STATE_HOME: state, TERM: 'xterm-256color', PATH: `${bin}:${process.env.PATH}` },
  });
  sessions.push(session);
  return session;
}

describe('practice and live never mix', () => {
  it('practise to the hosts= step and quit; a live walk never sends the recording\'s address to ssh', async () => {
    const practice = await walk(['labs/remote/nodes.md']);
    await practice.waitFor('find-node:');
    await practice.send('r');
    let screen = await practice.waitFor('node-uname:');
    expect(screen).toContain(`N1=${RECORDED_ADDRESS}`);
    await practice.send('q');
    expect(await practice.exitCode()).toBe(0);
    expect(await practice.screen()).toContain('`lab walk remote/nodes` resumes at step 2/3');

    const live = await walk(['--live', 'labs/remote/nodes.md']);
    await live.waitFor('Run this lab for real?');
    await live.send('Enter');
    screen = await live.waitFor(/Pick up where you left off\?|find-node:|node-uname:/);
    // What a learner would do if offered: resume. The fix offers nothing to resume.
    if (screen.includes('Pick up where you left off?')) await live.send('r');
    else {
      expect(screen).toContain('Your practice progress is kept apart');
      await live.waitFor('find-node:');
      await live.send('r');
    }
    await live.waitFor('node-uname:');
    await live.send('r');
    screen = await live.waitFor(/after:|Not as expected:/);
    const argv = await readFile(sshLog, 'utf8');
    expect(argv).not.toContain(RECORDED_ADDRESS);
    expect(argv).toContain(`ec2-user@${LIVE_ADDRESS}`);
    expect(screen).not.toContain(RECORDED_ADDRESS);
    await live.send('q');
    expect(await live.exitCode()).toBe(0);
    // The live quit message resumes the live walk, not practice.
    expect(await live.screen()).toContain('`lab walk remote/nodes --live` resumes at step 3/3');

    // And practice kept its own progress: it resumes at its own step, with the recording's value.
    const again = await walk(['labs/remote/nodes.md']);
    await again.waitFor('Pick up where you left off?');
    expect(await again.screen()).toContain('You stopped before step 2/3 (node-uname)');
    await again.send('q');
    expect(await again.exitCode()).toBe(0);
  }, 120_000);
});
