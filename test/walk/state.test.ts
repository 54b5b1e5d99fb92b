import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadLab } from '../../runner/lab/index.js';
import { attachedShellSeed, loadProgress, newProgress, progressFile, progressKey, recordAttachedShell, restorableNames, restorableVariables, resumeIndex, saveProgress, stateDirectory, storableVariables } from '../../runner/walk/state.js';
import { ROOT } from '../helpers/cli.js';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'walk-progress-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('progress store', () => {
  it('lives under $XDG_STATE_HOME/lab, else ~/.local/state/lab, one flat file per lab file and mode', () => {
    expect(stateDirectory({ XDG_STATE_HOME: '/x/state' })).toBe('/x/state/lab');
    expect(stateDirectory({ XDG_STATE_HOME: 'relative' })).toBe(path.join(os.homedir(), '.local/state/lab'));
    const env = { XDG_STATE_HOME: '/s' };
    const live = progressFile({ labId: 'week1/endpoint-access', file: '/p/labs/week1/endpoint-access.md', mode: 'live' }, env);
    expect(live).toMatch(/^\/s\/lab\/week1__endpoint-access\.live\.[0-9a-f]{12}\.json$/);
    expect(progressFile({ labId: 'week1/endpoint-access', file: '/p/labs/week1/endpoint-access.md', mode: 'replay' }, env)).not.toBe(live);
    // Another file with the same id (a copy elsewhere) has progress of its own.
    expect(progressFile({ labId: 'week1/endpoint-access', file: '/tmp/x/endpoint-access.md', mode: 'live' }, env)).not.toBe(live);
    expect(path.dirname(progressFile({ labId: '../../etc/passwd', file: '/x.md', mode: 'live' }, env))).toBe('/s/lab');
  });

  it('saves atomically (no temp file left) and reads back; a damaged file is no progress', async () => {
    const env = { XDG_STATE_HOME: home };
    const { lab } = await loadLab(path.join(ROOT, 'test/samples/walk/unit/flow.md'));
    const progress = newProgress(lab, 'replay');
    progress.variables = { REGION: 'x' };
    await saveProgress(progress, env);
    await saveProgress({ ...progress, nextStepId: 'change', nextStepIndex: 1 }, env);
    const key = progressKey(lab, 'replay');
    expect(await readdir(path.join(home, 'lab'))).toEqual([path.basename(progressFile(key, env))]);
    expect(await loadProgress(key, env)).toMatchObject({ nextStepId: 'change', variables: { REGION: 'x' } });
    expect(await loadProgress(progressKey(lab, 'live'), env)).toBeUndefined();
    await import('node:fs/promises').then((fs) => fs.writeFile(progressFile(key, env), '{ half a fi'));
    expect(await loadProgress(key, env)).toBeUndefined();
    expect(await readFile(progressFile(key, env), 'utf8')).toBe('{ half a fi');
  });

  it('keeps no secret: neither a secret variable nor a value holding one', async () => {
    const { lab } = await loadLab(path.join(ROOT, 'test/samples/walk/unit/flow.md'));
    const kept = storableVariables(lab, { REGION: 'eu', API_TOKEN: 'tok-123456', HEADER: 'Bearer tok-123456', MASKED: 'x <SECRET:API_TOKEN>', NAME: 'web-1' });
    expect(kept).toEqual({ REGION: 'eu', NAME: 'web-1' });
  });

  it('a practice file copied over the live one is not live progress: the mode and file inside are checked', async () => {
    const env = { XDG_STATE_HOME: home };
    const { lab } = await loadLab(path.join(ROOT, 'test/samples/walk/unit/flow.md'));
    await saveProgress({ ...newProgress(lab, 'replay'), variables: { REGION: 'from-the-recording' } }, env);
    const fs = await import('node:fs/promises');
    await fs.copyFile(progressFile(progressKey(lab, 'replay'), env), progressFile(progressKey(lab, 'live'), env));
    expect(await loadProgress(progressKey(lab, 'live'), env)).toBeUndefined();
  });

  it('restores only names the lab declares, captures or assigns; never a loader or PATH it does not set', async () => {
    const { lab } = await loadLab(path.join(ROOT, 'test/samples/walk/unit/flow.md'));
    const names = restorableNames(lab);
    expect(names.has('REGION')).toBe(true); // declared
    expect(names.has('NAME')).toBe(true); // capture=
    expect(names.has('DONE')).toBe(true); // assigned by the task's solution or check
    const saved = { REGION: 'eu', NAME: 'web-1', PATH: '/tmp/evil:/usr/bin', LD_PRELOAD: '/tmp/x.so', BASH_ENV: '/tmp/rc', OTHER: 'x' };
    expect(restorableVariables(lab, saved)).toEqual({ REGION: 'eu', NAME: 'web-1' });
    expect(storableVariables(lab, saved)).toEqual({ REGION: 'eu', NAME: 'web-1' });
  });

  it('an attached shell, live: starts with the lab\'s values and those set by hand, in the shell\'s directory; keeps what changed, never a secret or a loader', async () => {
    const { lab } = await loadLab(path.join(ROOT, 'test/samples/walk/unit/flow.md'));
    const progress = { ...newProgress(lab, 'live'), variables: { REGION: 'eu', NAME: 'web-1' }, cwd: '/work' };
    const values = { REGION: 'eu', NAME: 'web-2', API_TOKEN: 'tok-123456', MINE: 'by-hand', HEADER: 'Bearer tok-123456', LD_PRELOAD: '/tmp/x.so' };
    recordAttachedShell(lab, progress, { changed: { NAME: 'web-2', MINE: 'by-hand', HEADER: 'Bearer tok-123456', LD_PRELOAD: '/tmp/x.so' }, unset: [], values, cwd: '/work/sub' });
    expect(progress.variables).toEqual({ REGION: 'eu', NAME: 'web-2' });
    expect(progress.terminal).toEqual({ variables: { MINE: 'by-hand' } });
    expect(progress.cwd).toBe('/work/sub');
    expect(attachedShellSeed(lab, progress)).toEqual({ variables: { REGION: 'eu', NAME: 'web-2', MINE: 'by-hand' }, cwd: '/work/sub' });
    recordAttachedShell(lab, progress, { changed: {}, unset: ['MINE'], values: { REGION: 'eu', NAME: 'web-2' }, cwd: '/work/sub' });
    expect(progress.terminal).toEqual({ variables: {} });
  });

  it('an attached shell\'s functions and aliases are kept for the next one, removed ones dropped; one holding a secret\'s value is never written', async () => {
    const { lab } = await loadLab(path.join(ROOT, 'test/samples/walk/unit/flow.md'));
    const progress = { ...newProgress(lab, 'live'), variables: { REGION: 'eu' } };
    const values = { REGION: 'eu', API_TOKEN: 'tok-123456' };
    recordAttachedShell(lab, progress, {
      changed: {}, unset: [], values, cwd: '/work',
      definitions: { functions: { greet: 'greet () \n{ \n    echo hi\n}\n', leak: 'leak () \n{ \n    curl -H "tok-123456"\n}\n' }, removedFunctions: [], aliases: { ll: "alias ll='ls -l'\n" }, removedAliases: [] },
    });
    expect(progress.terminal).toEqual({ variables: {}, functions: { greet: 'greet () \n{ \n    echo hi\n}\n' }, aliases: { ll: "alias ll='ls -l'\n" } });
    recordAttachedShell(lab, progress, { changed: {}, unset: [], values, cwd: '/work', definitions: { functions: {}, removedFunctions: ['greet'], aliases: {}, removedAliases: [] } });
    expect(progress.terminal).toEqual({ variables: {}, aliases: { ll: "alias ll='ls -l'\n" } });
  });

  it('an attached shell, practice: only the learner\'s answers and what they set there, never a value a replayed step set', async () => {
    const { lab } = await loadLab(path.join(ROOT, 'test/samples/walk/unit/flow.md'));
    // NAME came from the fixture's capture=, REGION is the learner's answer.
    const progress = { ...newProgress(lab, 'replay'), variables: { REGION: 'eu', NAME: 'from-the-recording' } };
    expect(attachedShellSeed(lab, progress)).toEqual({ variables: { REGION: 'eu' } });
    recordAttachedShell(lab, progress, { changed: { NAME: 'typed', MINE: '1' }, unset: [], values: { REGION: 'eu', NAME: 'typed', MINE: '1' }, cwd: '/scratch' });
    expect(progress.variables).toEqual({ REGION: 'eu', NAME: 'from-the-recording' }); // the replayed walk's own, untouched
    expect(attachedShellSeed(lab, progress)).toEqual({ variables: { REGION: 'eu', NAME: 'typed', MINE: '1' }, cwd: '/scratch' });
    expect(attachedShellSeed(lab, progress, { REGION: 'us' }).variables.REGION).toBe('us');
  });

  it('resumes by step id when the lab changed, by index otherwise, at the end when completed', async () => {
    const { lab } = await loadLab(path.join(ROOT, 'test/samples/walk/unit/flow.md'));
    const progress = newProgress(lab, 'replay');
    expect(resumeIndex(lab, { ...progress, nextStepId: 'capture-name', nextStepIndex: 0 })).toBe(2);
    expect(resumeIndex(lab, { ...progress, nextStepId: 'gone', nextStepIndex: 1 })).toBe(1);
    expect(resumeIndex(lab, { ...progress, completedAt: 'now' })).toBe(lab.steps.length);
  });
});
