// `lab import` asking per block in a real terminal (tmux), as an author uses it.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI, ROOT, lab } from '../helpers/cli.js';
import { TmuxSession } from '../helpers/tmux.js';

let project: string;
const sessions: TmuxSession[] = [];
beforeEach(async () => {
  project = await mkdtemp(path.join(os.tmpdir(), 'lab-import-tty-'));
  await mkdir(path.join(project, 'labs'));
  await writeFile(path.join(project, 'package.json'), '{"name":"posts"}\n');
});
afterEach(async () => {
  for (const session of sessions.splice(0)) await session.kill();
  await rm(project, { recursive: true, force: true });
});

describe('lab import on a terminal', () => {
  it('asks keep/skip/merge and a name for each block, and writes what was chosen', async () => {
    const post = path.join(ROOT, 'test/import/posts/fenced-post.md');
    const session = await TmuxSession.start([process.execPath, CLI, 'import', post, 'pods'], { cwd: project, env: { CI: 'true', TERM: 'xterm-256color' } });
    sessions.push(session);
    await session.waitFor('block 1/2 (line 8): kubectl get pod');
    expect(await session.screen()).not.toContain('merge with the previous step'); // nothing before the first block
    await session.send('Enter');
    await session.waitFor('step id');
    await session.type('list-pods');
    await session.send('Enter');
    await session.waitFor('block 2/2');
    await session.waitFor('merge with the previous step');
    await session.send('Down', 'Down', 'Enter');
    expect(await session.exitCode()).toBe(0);

    const draft = await readFile(path.join(project, 'labs/pods.md'), 'utf8');
    expect(draft).toContain('```bash id=list-pods\nkubectl get pod\necho "done" \\\n  && echo again\n```');
    expect(draft).not.toContain('id=echo');
    const lint = await lab(['lint', 'labs/pods.md'], { cwd: project });
    expect(lint.stderr).toContain('0 errors, 0 warnings');
    const run = await lab(['run', 'labs/pods.md'], { cwd: project });
    expect(run.code).toBe(0);
  });
});
