// Workspace trust: a live run of a lab from outside the labs/ folder of the project you run lab in
// is confirmed first. The walk asks (default No); run --live and record refuse with exit 2 and a
// hint naming --trust; replay needs no trust. The decision function first, then the real CLI.
import { mkdir, mkdtemp, readdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BUNDLED_LABS } from '../../runner/lab/discover.js';
import { trustOf } from '../../runner/lab/trust.js';
import { CLI, lab } from '../helpers/cli.js';
import { TmuxSession } from '../helpers/tmux.js';

let base: string;
let project: string;
let elsewhere: string;
let marks: string;
const sessions: TmuxSession[] = [];

const markerLab = (mark: string) => `---
title: Leaves a mark
vars:
  WHO: { default: me, default-from: "touch ${mark}/default-from; echo you" }
---

# Leaves a mark

\`\`\`bash id=mark
touch ${mark}/step
echo "marked by $WHO"
\`\`\`
`;

beforeAll(async () => {
  base = await realpath(await mkdtemp(path.join(os.tmpdir(), 'lab-trust-')));
  project = path.join(base, 'project');
  elsewhere = path.join(base, 'downloads', 'someone-elses');
  marks = path.join(base, 'marks');
  for (const dir of [path.join(project, 'labs', 'week1'), path.join(project, 'docs'), path.join(elsewhere, 'labs'), marks]) await mkdir(dir, { recursive: true });
  await writeFile(path.join(project, 'package.json'), '{}\n');
  await writeFile(path.join(project, 'labs', 'week1', 'mine.md'), markerLab(marks));
  await writeFile(path.join(project, 'docs', 'demo.md'), markerLab(marks));
  await writeFile(path.join(elsewhere, 'labs', 'theirs.md'), markerLab(marks));
  await symlink(path.join(elsewhere, 'labs', 'theirs.md'), path.join(project, 'labs', 'week1', 'linked.md'));
});

beforeEach(async () => {
  await rm(marks, { recursive: true, force: true });
  await mkdir(marks);
});

afterAll(async () => {
  for (const session of sessions.splice(0)) await session.kill();
  await rm(base, { recursive: true, force: true });
});

describe('trustOf: which labs a live run may start without asking', () => {
  it('trusts the labs/ folder of the working directory\'s project, from its root or any folder below it', () => {
    const mine = path.join(project, 'labs', 'week1', 'mine.md');
    expect(trustOf(mine, project)).toEqual({ trusted: true, labsFolder: path.join(project, 'labs') });
    expect(trustOf(mine, path.join(project, 'labs', 'week1')).trusted).toBe(true);
    expect(trustOf('labs/week1/mine.md', project).trusted).toBe(true);
  });

  it('does not trust a lab of the project outside labs/, a lab of another project, or a link into one', () => {
    expect(trustOf(path.join(project, 'docs', 'demo.md'), project).trusted).toBe(false);
    expect(trustOf(path.join(elsewhere, 'labs', 'theirs.md'), project).trusted).toBe(false);
    expect(trustOf(path.join(project, 'labs', 'week1', 'linked.md'), project).trusted).toBe(false);
    expect(trustOf(path.join(elsewhere, 'labs', 'theirs.md'), os.homedir()).trusted).toBe(false);
  });

  it('trusts what you opened: the other project\'s labs from inside it, and the labs bundled with lab from anywhere', () => {
    expect(trustOf(path.join(elsewhere, 'labs', 'theirs.md'), elsewhere).trusted).toBe(true);
    expect(trustOf(path.join(BUNDLED_LABS, 'week1', 'node-ssh.md'), base).trusted).toBe(true);
  });
});

describe('headless live runs refuse an untrusted lab unless --trust is given', () => {
  const theirs = () => path.join(elsewhere, 'labs', 'theirs.md');

  it.each([
    ['lab run --live', ['run', '--live']],
    ['lab record', ['record']],
  ])('%s: exit 2 naming the file and --trust, nothing run (default-from neither)', async (command, args) => {
    for (const file of [theirs(), 'docs/demo.md', 'labs/week1/linked.md']) {
      const result = await lab([...args, file], { cwd: project, env: { CI: '', NO_COLOR: '1' } });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`^${file.replace(/[./]/g, '\\$&')}:1:1: error: ${command} would execute a lab from outside labs/: `));
      expect(result.stderr).toContain('hint: read it first; if you trust what it runs, add --trust (replay needs no trust: drop --live)');
    }
    expect(await readdir(marks)).toEqual([]);
  });

  it('--trust runs it; a lab in this project\'s labs/ needs no flag; replay of an untrusted lab needs none', async () => {
    const trusted = await lab(['run', '--live', '--trust', theirs(), '--reporter', 'json'], { cwd: project });
    expect(trusted.code, trusted.stderr).toBe(0);
    expect(JSON.parse(trusted.stdout).labs[0].steps[0].command).toContain('marked by you');
    expect((await readdir(marks)).sort()).toEqual(['default-from', 'step']);

    const recorded = await lab(['record', '--trust', theirs()], { cwd: project, env: { CI: '', NO_COLOR: '1' } });
    expect(recorded.code, recorded.stderr).toBe(0);
    const mine = await lab(['run', '--live', 'week1/mine', '--reporter', 'json'], { cwd: project });
    expect(mine.code, mine.stderr).toBe(0);

    await rm(marks, { recursive: true });
    await mkdir(marks);
    const replay = await lab(['run', theirs(), '--reporter', 'json'], { cwd: project });
    expect(replay.code, replay.stderr).toBe(0);
    expect(JSON.parse(replay.stdout).labs[0].mode).toBe('replay');
    expect(await readdir(marks)).toEqual([]);
  });
});

describe('lab walk --live asks first, like an editor\'s workspace trust', () => {
  async function walk(args: string[]): Promise<TmuxSession> {
    const session = await TmuxSession.start([process.execPath, CLI, 'walk', '--live', ...args], {
      cwd: project, env: { CI: 'true', NO_COLOR: '1', XDG_STATE_HOME: path.join(base, 'state'), TERM: 'xterm-256color' },
    });
    sessions.push(session);
    return session;
  }

  it('declined (the default): nothing runs, default-from neither, exit 0', async () => {
    const session = await walk([path.join(elsewhere, 'labs', 'theirs.md')]);
    const screen = await session.waitFor('Trust this lab and run its commands? (y/N)');
    expect(screen.replace(/\s+/g, ' ')).toContain(`${path.join(elsewhere, 'labs', 'theirs.md')} is not in labs/: a live walk runs its commands in your shell, as you.`);
    await session.send('Enter');
    expect(await session.exitCode()).toBe(0);
    expect(await session.screen()).toContain('Not trusted: nothing ran.');
    expect(await readdir(marks)).toEqual([]);
  });

  it('accepted: the walk goes on and runs the lab', async () => {
    const session = await walk(['docs/demo.md']);
    await session.waitFor('Trust this lab and run its commands?');
    await session.type('y');
    await session.send('Enter');
    await session.waitFor('Run this lab for real?');
    await session.send('Enter');
    await session.waitFor('Use these values?');
    expect(await session.screen()).toMatch(/WHO\s+you/);
    await session.send('Enter');
    await session.waitFor('mark:');
    await session.send('r');
    expect(await session.exitCode()).toBe(0);
    expect((await readdir(marks)).sort()).toEqual(['default-from', 'step']);
  });

  it('no question for a lab in this project\'s labs/, nor with --trust', async () => {
    for (const args of [['week1/mine'], ['--trust', 'docs/demo.md']]) {
      const session = await walk(args);
      await session.waitFor('Run this lab for real?');
      expect(await session.screen()).not.toContain('Trust this lab');
      await session.send('n');
      await session.send('Enter');
      expect(await session.exitCode()).toBe(0);
    }
  });
});
