import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadLab } from '../../runner/lab/index.js';
import { loadProgress, newProgress, progressFile, resumeIndex, saveProgress, stateDirectory, storableVariables } from '../../runner/walk/state.js';
import { ROOT } from '../helpers/cli.js';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'walk-progress-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('progress store', () => {
  it('lives under $XDG_STATE_HOME/lab, else ~/.local/state/lab, one flat file per lab id', () => {
    expect(stateDirectory({ XDG_STATE_HOME: '/x/state' })).toBe('/x/state/lab');
    expect(stateDirectory({ XDG_STATE_HOME: 'relative' })).toBe(path.join(os.homedir(), '.local/state/lab'));
    expect(progressFile('week1/endpoint-access', { XDG_STATE_HOME: '/s' })).toBe('/s/lab/week1__endpoint-access.json');
    expect(path.dirname(progressFile('../../etc/passwd', { XDG_STATE_HOME: '/s' }))).toBe('/s/lab');
  });

  it('saves atomically (no temp file left) and reads back; a damaged file is no progress', async () => {
    const env = { XDG_STATE_HOME: home };
    const { lab } = await loadLab(path.join(ROOT, 'test/samples/walk/unit/flow.md'));
    const progress = newProgress(lab, 'replay');
    progress.variables = { REGION: 'x' };
    await saveProgress(progress, env);
    await saveProgress({ ...progress, nextStepId: 'change', nextStepIndex: 1 }, env);
    expect(await readdir(path.join(home, 'lab'))).toEqual(['unit__flow.json']);
    expect(await loadProgress('unit/flow', env)).toMatchObject({ nextStepId: 'change', variables: { REGION: 'x' } });
    await import('node:fs/promises').then((fs) => fs.writeFile(progressFile('unit/flow', env), '{ half a fi'));
    expect(await loadProgress('unit/flow', env)).toBeUndefined();
    expect(await readFile(progressFile('unit/flow', env), 'utf8')).toBe('{ half a fi');
  });

  it('keeps no secret: neither a secret variable nor a value holding one', async () => {
    const { lab } = await loadLab(path.join(ROOT, 'test/samples/walk/unit/flow.md'));
    const kept = storableVariables(lab, { REGION: 'eu', API_TOKEN: 'tok-123456', HEADER: 'Bearer tok-123456', MASKED: 'x <SECRET:API_TOKEN>', NAME: 'web-1' });
    expect(kept).toEqual({ REGION: 'eu', NAME: 'web-1' });
  });

  it('resumes by step id when the lab changed, by index otherwise, at the end when completed', async () => {
    const { lab } = await loadLab(path.join(ROOT, 'test/samples/walk/unit/flow.md'));
    const progress = newProgress(lab, 'replay');
    expect(resumeIndex(lab, { ...progress, nextStepId: 'capture-name', nextStepIndex: 0 })).toBe(2);
    expect(resumeIndex(lab, { ...progress, nextStepId: 'gone', nextStepIndex: 1 })).toBe(1);
    expect(resumeIndex(lab, { ...progress, completedAt: 'now' })).toBe(lab.steps.length);
  });
});
