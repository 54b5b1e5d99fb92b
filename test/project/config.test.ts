import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rejectedLabError } from '../helpers/catch-lab-error.js';
import { LabError } from '../../runner/errors/index.js';
import { clearProjectConfigCache, findProjectConfig } from '../../runner/project/config.js';
import { readProjectConfig } from '../../runner/project/config-file.js';
import { checkedProfile, profileFor } from '../../runner/project/apply.js';
import { loadProjectLabs } from '../../runner/project/load.js';
import { fixturePathFor } from '../../runner/replay/location.js';

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'lab-project-'));
  clearProjectConfigCache();
});
afterEach(() => rm(tmp, { recursive: true, force: true }));

function thrown(action: () => unknown): LabError {
  try {
    action();
  } catch (error) {
    if (error instanceof LabError) return error;
    throw error;
  }
  throw new Error('expected a LabError');
}

describe('lab.config.yaml', () => {
  it('reads every key, paths relative to the config', async () => {
    const file = path.join(tmp, 'lab.config.yaml');
    await writeFile(file, [
      'profile: eks-workshop',
      'vars:',
      '  EKS_CLUSTER_NAME: eks-workshop',
      '  AWS_REGION: { default: us-west-2, description: the region }',
      '  ACCOUNT_ID:',
      'shell-init: source ./env.sh',
      'fixtures-root: recorded',
      'manifests-root: manifests',
      'sessions: folder',
      '',
    ].join('\n'));
    const config = readProjectConfig(file);
    expect(config).toMatchObject({
      file, dir: tmp, profile: 'eks-workshop', shellInit: 'source ./env.sh', sessions: 'folder',
      fixturesRoot: path.join(tmp, 'recorded'), manifestsRoot: path.join(tmp, 'manifests'),
    });
    expect(config.vars).toEqual([
      { name: 'EKS_CLUSTER_NAME', default: 'eks-workshop', secret: false },
      { name: 'AWS_REGION', default: 'us-west-2', description: 'the region', secret: false },
      { name: 'ACCOUNT_ID', secret: false, fromSession: true },
    ].map((spec) => ({ prompt: undefined, defaultFrom: undefined, description: undefined, default: undefined, fromSession: undefined, ...spec })));
  });

  it('reads JSON too, and defaults sessions to one per lab', async () => {
    const file = path.join(tmp, 'lab.config.json');
    await writeFile(file, '{ "profile": "native", "vars": { "A": 1 } }\n');
    expect(readProjectConfig(file)).toMatchObject({ profile: 'native', sessions: 'lab', vars: [{ name: 'A', default: '1' }] });
  });

  it('names the file and line of an unknown key, with a suggestion', async () => {
    const file = path.join(tmp, 'lab.config.yaml');
    await writeFile(file, 'profile: native\nshell_init: x\n');
    const error = thrown(() => readProjectConfig(file));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.position).toMatchObject({ file, line: 2 });
    expect(error.message).toContain('unknown key `shell_init`');
    expect(error.message).toContain('shell-init');
  });

  it('names the line of a bad value and lists the profiles', async () => {
    const file = path.join(tmp, 'lab.config.yml');
    await writeFile(file, 'vars:\n  A: x\nprofile: docusaurus\n');
    const error = thrown(() => readProjectConfig(file));
    expect(error.position).toMatchObject({ file, line: 3 });
    expect(error.message).toContain('native, eks-workshop');
  });

  it('names the line of broken YAML', async () => {
    const file = path.join(tmp, 'lab.config.yaml');
    await writeFile(file, 'profile: native\nvars: [a\n');
    const error = thrown(() => readProjectConfig(file));
    expect(error.message).toContain('not valid YAML');
    expect(error.position?.file).toBe(file);
  });

  it('is found by walking up; the nearest wins', async () => {
    await mkdir(path.join(tmp, 'docs/chapter/deep'), { recursive: true });
    await writeFile(path.join(tmp, 'lab.config.yaml'), 'profile: eks-workshop\n');
    await writeFile(path.join(tmp, 'docs/chapter/lab.config.yaml'), 'profile: native\n');
    expect((await findProjectConfig(path.join(tmp, 'docs')))?.file).toBe(path.join(tmp, 'lab.config.yaml'));
    expect((await findProjectConfig(path.join(tmp, 'docs/chapter/deep')))?.file).toBe(path.join(tmp, 'docs/chapter/lab.config.yaml'));
    expect(await profileFor(path.join(tmp, 'docs/a.md'))).toBe('eks-workshop');
    expect(await profileFor(path.join(tmp, 'docs/chapter/deep/b.md'))).toBe('native');
    expect(await profileFor(path.join(tmp, 'docs/chapter/deep/b.md'), 'eks-workshop')).toBe('eks-workshop');
  });
});

describe('the profile flag', () => {
  it('takes the known profiles and refuses another with the list', () => {
    expect(checkedProfile('eks-workshop')).toBe('eks-workshop');
    expect(checkedProfile(undefined)).toBeUndefined();
    const error = thrown(() => checkedProfile('hugo'));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.hint).toContain('native, eks-workshop');
  });
});

describe('labs under a config', () => {
  it('get the project vars under their own, and its live settings', async () => {
    await writeFile(path.join(tmp, 'lab.config.yaml'), 'vars:\n  REGION: us-west-2\n  NAME: project\nshell-init: source ./env.sh\n');
    await writeFile(path.join(tmp, 'a.md'), '---\nvars:\n  NAME: mine\n---\n\n```bash\necho $NAME $REGION\n```\n');
    const { labs } = await loadProjectLabs([path.join(tmp, 'a.md')], { cwd: tmp });
    const lab = labs[0]!.lab;
    expect(lab.meta.vars.map((v) => [v.name, v.default])).toEqual([['NAME', 'mine'], ['REGION', 'us-west-2']]);
    expect(lab.project).toMatchObject({ file: path.join(tmp, 'lab.config.yaml'), shellInit: 'source ./env.sh', sessions: 'lab' });
  });

  it('keep their fixtures under fixtures-root, mirrored from the config\'s folder', async () => {
    await writeFile(path.join(tmp, 'package.json'), '{}\n');
    await writeFile(path.join(tmp, 'lab.config.yaml'), 'fixtures-root: recorded\n');
    const lab = path.join(tmp, 'docs/fundamentals/index.md');
    expect(await fixturePathFor(lab, {}, tmp)).toBe(path.join(tmp, 'recorded/docs/fundamentals/index.yaml'));
    // A lab's own `fixture:` still wins.
    expect(await fixturePathFor(lab, { fixture: 'elsewhere/x.yaml' }, tmp)).toBe(path.join(tmp, 'elsewhere/x.yaml'));
  });

  it('refuse a fixtures-root outside the project', async () => {
    const project = path.join(tmp, 'project');
    await mkdir(project);
    await writeFile(path.join(project, 'package.json'), '{}\n');
    await writeFile(path.join(project, 'lab.config.yaml'), 'fixtures-root: ../outside\n');
    const error = await rejectedLabError(fixturePathFor(path.join(project, 'a.md'), {}, project));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toContain('escapes the project root');
  });
});
