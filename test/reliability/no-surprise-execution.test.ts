// No surprise execution: lint, list, replay and the practice walk run nothing from a lab (proven
// with child_process failing on use and logging every attempt, PATH empty, and marker files the
// lab's commands would create); default-from runs only live; a lab's `fixture:` and `cwd=` cannot
// point outside its project (lint says where, run/record/walk refuse with exit 2 before running).
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, lab } from '../helpers/cli.js';
import { TmuxSession } from '../helpers/tmux.js';

const BLOCKER = path.join(ROOT, 'test/samples/record/no-child-process.mjs');

let base: string;
let project: string;
let marks: string;
let spawnLog: string;
const sessions: TmuxSession[] = [];

const sideEffects = (mark: string) => `---
title: Side effects
vars:
  ZONE: { default: zone-a, default-from: "touch ${mark}/default-from; echo zone-b" }
---

# Side effects

\`\`\`bash id=touch
touch ${mark}/step
echo "touched in $ZONE"
\`\`\`

\`\`\`bash id=later background
touch ${mark}/background; sleep 1
\`\`\`

## Your turn

Create the file by hand.

\`\`\`bash verify id=check
touch ${mark}/verify; echo checked
\`\`\`

\`\`\`bash solve
touch ${mark}/solve
\`\`\`

## Clean up

\`\`\`bash id=bye cleanup
touch ${mark}/cleanup
\`\`\`
`;

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'lab-nosurprise-'));
  project = path.join(base, 'project');
  marks = path.join(base, 'marks');
  spawnLog = path.join(base, 'spawn.log');
  await mkdir(path.join(project, 'labs'), { recursive: true });
  await mkdir(marks);
  await writeFile(path.join(project, 'package.json'), '{}\n');
  await writeFile(path.join(project, 'labs', 'side-effects.md'), sideEffects(marks));
  // Recording runs everything live once: the positive control that the markers do appear.
  const recorded = await lab(['record', 'labs/side-effects.md'], { cwd: project, env: { CI: '', NO_COLOR: '1' } });
  expect(recorded.code, recorded.stderr).toBe(0);
  expect((await readdir(marks)).sort()).toEqual(['background', 'cleanup', 'default-from', 'solve', 'step', 'verify']);
  expect(await readFile(path.join(project, 'fixtures', 'side-effects.yaml'), 'utf8')).toContain('touched in zone-b');
  await rm(marks, { recursive: true });
  await mkdir(marks);
});

afterAll(async () => {
  for (const session of sessions.splice(0)) await session.kill();
  await rm(base, { recursive: true, force: true });
});

/** The CLI with child_process failing on use, every attempt logged, and no PATH. */
async function blocked(args: string[]) {
  const result = await execa(process.execPath, ['--import', BLOCKER, CLI, ...args], {
    cwd: project, reject: false, extendEnv: false, env: { PATH: '', CI: 'true', NO_COLOR: '1', LAB_SPAWN_LOG: spawnLog, HOME: base }, timeout: 60_000,
  });
  return { code: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
}

async function nothingRan(): Promise<void> {
  expect(await readdir(marks), 'a lab command ran').toEqual([]);
  expect(existsSync(spawnLog) ? await readFile(spawnLog, 'utf8') : '', 'a process was started').toBe('');
}

describe('commands that execute nothing, with child_process blocked', () => {
  it('the blocker works: a live run under it starts nothing and the attempt is logged', async () => {
    const live = await blocked(['run', '--live', 'labs/side-effects.md']);
    expect(live.code).not.toBe(0);
    expect(await readFile(spawnLog, 'utf8')).toMatch(/child_process\.\w+/);
    expect(await readdir(marks)).toEqual([]);
    await rm(spawnLog);
  });

  it.each([
    [['lint', 'labs']],
    [['lint', '--reporter', 'github', 'labs/side-effects.md']],
    [['list']],
    [['list', '--json', 'labs']],
    [['run', 'labs/side-effects.md', '--reporter', 'json:out/r.json', '--reporter', 'junit:out/r.xml', '--reporter', 'tap:out/r.tap', '--reporter', 'github']],
    [['run', 'side-effects', '--only', 'touch', '--only', 'check']],
  ])('lab %j exits 0 and runs nothing', async (args) => {
    const result = await blocked(args);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    await nothingRan();
  });

  it('replay does not run default-from: the command shows the default, not what default-from would give', async () => {
    const result = await blocked(['run', 'labs/side-effects.md', '--reporter', 'json']);
    const touch = JSON.parse(result.stdout).labs[0].steps.find((step: { id: string }) => step.id === 'touch');
    expect(touch.command).toContain('echo "touched in zone-a"');
    await nothingRan();
  });

  it('a practice walk runs nothing, not even default-from, through to the end', async () => {
    const session = await TmuxSession.start([process.execPath, '--import', BLOCKER, CLI, 'walk', 'labs/side-effects.md'], {
      cwd: project, env: { PATH: '', CI: 'true', NO_COLOR: '1', LAB_SPAWN_LOG: spawnLog, XDG_STATE_HOME: path.join(base, 'state'), TERM: 'xterm-256color' },
    });
    sessions.push(session);
    await session.waitFor('Use these values?');
    expect(await session.screen()).toMatch(/ZONE\s+zone-a/);
    await session.send('Enter');
    for (const prompt of ['touch:', 'later:']) {
      await session.waitFor(prompt);
      await session.send('r');
    }
    await session.waitFor('check:');
    await session.send('c');
    await session.waitFor('bye:');
    await session.send('r');
    expect(await session.exitCode()).toBe(0);
    expect(await session.screen()).toContain('Done · Side effects');
    await nothingRan();
  });

  it('default-from runs in a live run (the one place it may)', async () => {
    const live = await lab(['run', '--live', 'labs/side-effects.md', '--only', 'touch', '--reporter', 'json'], { cwd: project });
    expect(live.code, live.stderr).toBe(0);
    expect(JSON.parse(live.stdout).labs[0].steps[0].command).toContain('echo "touched in zone-b"');
    expect((await readdir(marks)).sort()).toEqual(['default-from', 'step']);
    await rm(marks, { recursive: true });
    await mkdir(marks);
  });
});

describe('paths that leave the project', () => {
  let outside: string;
  beforeAll(async () => {
    outside = path.join(base, 'outside');
    await mkdir(outside);
    const step = (id: string, cwd: string) => `\`\`\`bash id=${id} cwd=${cwd}\ntouch ${marks}/${id}\n\`\`\`\n\n`;
    await mkdir(path.join(project, 'labs', 'bad'));
    await symlink(outside, path.join(project, 'labs', 'bad', 'link-out'));
    await writeFile(path.join(project, 'labs', 'bad', 'cwd.md'), `---\ntitle: Escaping steps\n---\n\n# Escape\n\n\`\`\`bash id=first\ntouch ${marks}/first\n\`\`\`\n\n`
      + step('absolute', '/tmp') + step('climbing', '../../..') + step('home', '~/x') + step('linked', 'link-out') + step('fine', 'sub/dir'));
    await writeFile(path.join(project, 'labs', 'bad', 'fixture.md'), `---\ntitle: Escaping fixture\nfixture: ../outside/f.yaml\n---\n\n# Fixture\n\n\`\`\`bash id=first\ntouch ${marks}/first\n\`\`\`\n`);
  });

  it('lint reports each with file:line:col and the rule, and no other step', async () => {
    const result = await blocked(['lint', 'labs/bad']);
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n').filter((line) => line.includes('[path-outside-project]'));
    expect(lines).toEqual([
      expect.stringMatching(/^labs\/bad\/cwd\.md:11:21: error: `cwd=\/tmp` is an absolute path: .* \[path-outside-project\]$/),
      expect.stringMatching(/^labs\/bad\/cwd\.md:15:21: error: `cwd=\.\.\/\.\.\/\.\.` escapes the project root .* \[path-outside-project\]$/),
      expect.stringMatching(/^labs\/bad\/cwd\.md:19:17: error: `cwd=~\/x` starts at a home folder/),
      expect.stringMatching(/^labs\/bad\/cwd\.md:23:\d+: error: `cwd=link-out` leads outside the project through a symbolic link/),
      expect.stringMatching(/^labs\/bad\/fixture\.md:3:1: error: fixture `\.\.\/outside\/f\.yaml` escapes the project root/),
    ]);
    await nothingRan();
  });

  it.each([
    [['run', '--live', '--trust', '--yes']],
    [['record', '--trust']],
    [['run']],
  ])('lab %j refuses with exit 2, naming file:line, before running anything', async (args) => {
    for (const file of ['labs/bad/cwd.md', 'labs/bad/fixture.md']) {
      const result = await lab([...args.slice(0, 1), file, ...args.slice(1)], { cwd: project, env: { CI: '', NO_COLOR: '1' } });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`^${file.replace(/\./g, '\\.')}:\\d+:\\d+: error: .*(cwd=|fixture ).*`, 'm'));
      expect(result.stderr).toContain('fix these errors first');
    }
    expect(await readdir(marks)).toEqual([]);
    expect(await readdir(outside)).toEqual([]);
  });

  it('lab walk --live refuses with exit 2 too', async () => {
    const session = await TmuxSession.start([process.execPath, CLI, 'walk', '--live', '--trust', 'labs/bad/cwd.md'], {
      cwd: project, env: { CI: 'true', NO_COLOR: '1', XDG_STATE_HOME: path.join(base, 'state'), TERM: 'xterm-256color' },
    });
    sessions.push(session);
    expect(await session.exitCode()).toBe(2);
    expect(await session.screen()).toMatch(/labs\/bad\/cwd\.md:11:21: error: `cwd=\/tmp` is an absolute path/);
    expect(await readdir(marks)).toEqual([]);
  });
});
