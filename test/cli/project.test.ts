// The project config and the profile through the real binary: --profile, lab run over a set with
// a broken lab, record under CI, and shell-init live (real bash, a stand-in `aws`) never in replay.
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lab } from '../helpers/cli.js';

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'lab-project-cli-'));
  await writeFile(path.join(tmp, 'package.json'), '{}\n');
});
afterEach(() => rm(tmp, { recursive: true, force: true }));

async function plant(files: Record<string, string>) {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(tmp, name)), { recursive: true });
    await writeFile(path.join(tmp, name), text);
  }
}

const workshopPage = '---\ntitle: Workshop page\nsidebar_position: 10\nsidebar_custom_props: { "module": true }\n---\n\n```bash\n$ echo hello\n```\n\n```expect\nhello\n```\n';

describe('--profile', () => {
  it('reads Docusaurus frontmatter under eks-workshop and refuses it natively', async () => {
    await plant({ 'labs/a.md': workshopPage });
    const native = await lab(['lint', '--no-fixtures', 'labs'], { cwd: tmp });
    expect(native.code).toBe(1);
    expect(native.stdout).toContain('labs/a.md:3:1: error: unknown frontmatter key `sidebar_position`');
    const workshop = await lab(['lint', '--no-fixtures', '--profile', 'eks-workshop', 'labs'], { cwd: tmp });
    expect(workshop.stdout).toBe('');
    expect(workshop.code).toBe(0);
  });

  it('overrides the config, which sets the profile otherwise', async () => {
    await plant({ 'labs/a.md': workshopPage, 'labs/lab.config.yaml': 'profile: eks-workshop\n' });
    expect((await lab(['lint', '--no-fixtures', 'labs'], { cwd: tmp })).code).toBe(0);
    expect((await lab(['lint', '--no-fixtures', '--profile', 'native', 'labs'], { cwd: tmp })).code).toBe(1);
    const listed = await lab(['list', '--json', 'labs'], { cwd: tmp });
    expect(JSON.parse(listed.stdout)[0]).toMatchObject({ title: 'Workshop page', errors: 0 });
  });

  it('refuses an unknown profile with the list, exit 2, on every command', async () => {
    await plant({ 'labs/a.md': workshopPage });
    for (const command of [['lint'], ['list'], ['run'], ['record'], ['walk']]) {
      const result = await lab([...command, '--profile', 'hugo', 'labs/a.md'], { cwd: tmp, env: { CI: 'false' } });
      expect(result.code, command[0]).toBe(2);
      expect(result.stderr, command[0]).toContain('unknown profile `hugo`');
      expect(result.stderr, command[0]).toContain('native, eks-workshop');
    }
  });

  it('stops at a bad config with its file and line, exit 2', async () => {
    await plant({ 'labs/a.md': workshopPage, 'labs/lab.config.yaml': 'profile: eks-workshop\nsesions: folder\n' });
    const result = await lab(['list', 'labs'], { cwd: tmp });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${path.join(tmp, 'labs/lab.config.yaml')}:2:1`);
    expect(result.stderr).toContain('unknown key `sesions`');
  });
});

describe('lab run over a set with a broken lab', () => {
  const good = '---\ntitle: Good\n---\n\n```bash\necho ok\n```\n\n```expect\nok\n```\n';
  const failing = '---\ntitle: Failing\n---\n\n```bash\necho no\n```\n\n```expect\nyes\n```\n';
  const broken = '---\ntitle: Broken\nbogus: 1\n---\n\n```bash\necho never\n```\n';

  it('runs the others, reports the broken one with file:line and exits 2', async () => {
    await plant({ 'labs/w/a-good.md': good, 'labs/w/b-broken.md': broken });
    const result = await lab(['run', '--live', 'labs/w', '--reporter', 'json'], { cwd: tmp });
    expect(result.stderr).toContain('labs/w/b-broken.md:3:1: error: unknown frontmatter key `bogus`');
    const report = JSON.parse(result.stdout);
    const byFile = Object.fromEntries(report.labs.map((entry: { file: string }) => [entry.file, entry]));
    expect(byFile['labs/w/a-good.md']).toMatchObject({ status: 'passed' });
    expect(byFile['labs/w/b-broken.md']).toMatchObject({ status: 'error', error: { code: 'BAD_INPUT', file: 'labs/w/b-broken.md', line: 3 } });
    expect(byFile['labs/w/b-broken.md'].error.message).toContain('unknown frontmatter key `bogus`');
    expect(result.code).toBe(2);
  });

  it('exits 1 when the labs only fail', async () => {
    await plant({ 'labs/w/a-good.md': good, 'labs/w/c-failing.md': failing });
    const result = await lab(['run', '--live', 'labs/w'], { cwd: tmp });
    expect(result.code).toBe(1);
  });

  it('exits 2 when a broken lab sits beside a failing one', async () => {
    await plant({ 'labs/w/b-broken.md': broken, 'labs/w/c-failing.md': failing });
    const result = await lab(['run', '--live', 'labs/w'], { cwd: tmp });
    expect(result.code).toBe(2);
  });
});

describe('lab record under CI', () => {
  const page = '---\ntitle: R\n---\n\n```bash\necho recorded\n```\n\n```expect\nrecorded\n```\n';

  it('is refused by default and allowed with --allow-ci', async () => {
    await plant({ 'labs/r.md': page });
    const refused = await lab(['record', 'labs/r.md'], { cwd: tmp, env: { CI: 'true' } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('refused under CI=true');
    expect(existsSync(path.join(tmp, 'fixtures/r.yaml'))).toBe(false);
    const allowed = await lab(['record', '--allow-ci', 'labs/r.md'], { cwd: tmp, env: { CI: 'true' } });
    expect(allowed.stderr).toContain('recorded 1 step');
    expect(allowed.code).toBe(0);
    expect(await readFile(path.join(tmp, 'fixtures/r.yaml'), 'utf8')).toContain('recorded');
  });
});

describe('shell-init and project vars', () => {
  async function project() {
    // A stand-in `aws` that logs its argv and prints what the test planted; env.sh puts it on PATH.
    await plant({
      'labs/lab.config.yaml': 'vars:\n  EKS_CLUSTER_NAME: eks-workshop\n  AWS_REGION:\nshell-init: source ./env.sh\nfixtures-root: ../recorded\n',
      'labs/env.sh': 'export PATH="$PWD/bin:$PATH"\nexport AWS_REGION=us-west-2\necho ran >> "$PWD/init-ran"\n',
      'labs/bin/aws': `#!/bin/sh\necho "$*" >> "${tmp}/aws-calls"\necho "cluster $4 in $AWS_REGION"\n`,
      'labs/eks/describe.md': '---\ntitle: Describe\n---\n\n```bash\naws eks describe-cluster --name $EKS_CLUSTER_NAME\n```\n\n```expect\ncluster eks-workshop in us-west-2\n```\n',
    });
    await chmod(path.join(tmp, 'labs/bin/aws'), 0o755);
  }

  it('runs shell-init in the live session, in the config\'s folder, with the project vars', async () => {
    await project();
    const live = await lab(['run', '--live', 'labs/eks'], { cwd: tmp });
    expect(live.stderr).toBe('');
    expect(live.code).toBe(0);
    expect(await readFile(path.join(tmp, 'labs/init-ran'), 'utf8')).toBe('ran\n');
    expect(await readFile(path.join(tmp, 'aws-calls'), 'utf8')).toBe('eks describe-cluster --name eks-workshop\n');
  });

  it('records under fixtures-root and replays without running shell-init', async () => {
    await project();
    const recorded = await lab(['record', '--allow-ci', 'labs/eks/describe.md'], { cwd: tmp });
    expect(recorded.code).toBe(0);
    expect(await readFile(path.join(tmp, 'recorded/eks/describe.yaml'), 'utf8')).toContain('cluster eks-workshop in us-west-2');
    await rm(path.join(tmp, 'labs/init-ran'));
    await rm(path.join(tmp, 'aws-calls'));
    const replay = await lab(['run', 'labs/eks'], { cwd: tmp });
    expect(replay.code).toBe(0);
    expect(existsSync(path.join(tmp, 'labs/init-ran'))).toBe(false);
    expect(existsSync(path.join(tmp, 'aws-calls'))).toBe(false);
  });

  it('stops the lab when shell-init fails, naming the config', async () => {
    await project();
    await writeFile(path.join(tmp, 'labs/env.sh'), 'echo "no credentials" >&2\nreturn 3\n');
    const live = await lab(['run', '--live', 'labs/eks'], { cwd: tmp });
    expect(live.code).toBe(2);
    expect(live.stdout + live.stderr).toContain('shell-init');
    expect(live.stdout + live.stderr).toContain('no credentials');
  });
});

describe('folders and sessions (live)', () => {
  const exporter = '---\ntitle: One\nsidebar_position: 1\n---\n\n```bash\n$ export CLUSTER=blue; echo "page one" >> "$LOG"\n```\n';
  const reader = '---\ntitle: Two\nsidebar_position: 2\n---\n\n```bash\n$ echo "page two $CLUSTER" >> "$LOG"; echo "cluster=$CLUSTER"\n```\n\n```expect\ncluster=blue\n```\n';

  async function workshop(config: string) {
    await plant({
      'labs/lab.config.yaml': `profile: eks-workshop\nvars:\n  CLUSTER:\n${config}`,
      'labs/mod/a.md': exporter,
      'labs/mod/b.md': reader,
    });
    return { LOG: path.join(tmp, 'log') };
  }

  it('sessions: folder carries what a page exports to the next page of the folder', async () => {
    const env = await workshop('sessions: folder\n');
    const run = await lab(['run', '--live', 'labs/mod'], { cwd: tmp, env });
    expect(run.code, run.stdout).toBe(0);
    expect(await readFile(env.LOG, 'utf8')).toBe('page one\npage two blue\n');
  });

  it('without it each lab has its own session', async () => {
    const env = await workshop('');
    const run = await lab(['run', '--live', 'labs/mod'], { cwd: tmp, env });
    expect(run.code).toBe(1);
    expect(await readFile(env.LOG, 'utf8')).toBe('page one\npage two \n');
  });

  it('runs hook-suite.sh before and after the folder, live only', async () => {
    const env = await workshop('sessions: folder\n');
    await plant({ 'labs/mod/tests/hook-suite.sh': 'echo "hook $1 in $(basename "$PWD")" >> "$LOG"\n' });
    const run = await lab(['run', '--live', 'labs/mod'], { cwd: tmp, env });
    expect(run.code).toBe(0);
    expect(await readFile(env.LOG, 'utf8')).toBe('hook before in mod\npage one\npage two blue\nhook after in mod\n');
    await rm(env.LOG);
    const recorded = await lab(['record', '--allow-ci', 'labs/mod/a.md'], { cwd: tmp, env });
    expect(recorded.code).toBe(0);
    expect(await readFile(env.LOG, 'utf8')).toBe('hook before in mod\npage one\nhook after in mod\n');
    await rm(env.LOG);
    const replay = await lab(['run', 'labs/mod/a.md'], { cwd: tmp, env });
    expect(replay.code).toBe(0);
    expect(existsSync(env.LOG)).toBe(false);
  });

  it('a failing before hook makes the folder\'s labs errors (exit 2) and runs none of them', async () => {
    const env = await workshop('');
    await plant({ 'labs/mod/hook-suite.sh': 'echo "cluster not ready" >&2\nexit 4\n' });
    const run = await lab(['run', '--live', 'labs/mod', '--reporter', 'json'], { cwd: tmp, env });
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(report.labs.map((entry: { status: string }) => entry.status)).toEqual(['error', 'error']);
    expect(report.labs[0].error.message).toContain('cluster not ready');
    expect(existsSync(env.LOG)).toBe(false);
  });
});
