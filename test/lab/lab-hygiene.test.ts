// The lint rules that would have caught the bundled labs' live-run failures (issue 17): a clone of
// a moving branch, a cleanup step that needs what only an earlier step set, a transcribed fixture
// step that does not say where it was copied from. Through the built CLI, on a project of our own.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lab } from '../helpers/cli.js';

let project: string;
beforeEach(async () => {
  project = await mkdtemp(path.join(os.tmpdir(), 'lab-hygiene-'));
  await mkdir(path.join(project, 'labs'));
  await writeFile(path.join(project, 'package.json'), '{"name":"hygiene"}\n');
});
afterEach(async () => rm(project, { recursive: true, force: true }));

async function lint(body: string, vars = '') {
  await writeFile(path.join(project, 'labs/x.md'), `---\ntitle: x\n${vars}---\n\n${body}`);
  const result = await lab(['lint', '--no-fixtures', 'labs/x.md'], { cwd: project });
  return { ...result, lines: result.stdout.trim().split('\n').filter((line) => line.startsWith('labs/')) };
}

const bash = (fence: string, script: string) => `\`\`\`bash ${fence}\n${script}\n\`\`\`\n\n`;

describe('clone-unpinned', () => {
  it('warns at the line of a git clone with no commit pinned', async () => {
    const { code, lines } = await lint(bash('id=clone', 'mkdir -p ~/w && cd ~/w\ngit clone https://github.com/gasida/aews.git\nls'));
    expect(code).toBe(0);
    expect(lines).toEqual([expect.stringMatching(/^labs\/x\.md:7:1: warning: this `git clone` takes whatever the branch holds today.*\[clone-unpinned\]$/)]);
  });

  it('accepts a clone followed by a checkout of a commit, a --revision, or a release tag', async () => {
    for (const script of [
      '[ -d aews ] || git clone https://github.com/gasida/aews.git\ngit -C aews checkout -q 6d32775726b7ffc849a12ec512a5a0e960455eeb',
      'git clone --revision=6d32775726b7ffc849a12ec512a5a0e960455eeb https://github.com/gasida/aews.git',
      'git clone --branch v20.1.0 https://github.com/aws-ia/terraform-aws-eks-blueprints',
    ]) {
      const { lines } = await lint(bash('id=clone', script));
      expect(lines, script).toEqual([]);
    }
  });

  it('still warns when the checkout names a branch, not a commit', async () => {
    const { lines } = await lint(bash('id=clone', 'git clone https://github.com/gasida/aews.git\ngit -C aews checkout main'));
    expect(lines.join('\n')).toContain('[clone-unpinned]');
  });
});

describe('cleanup-needs-earlier-step', () => {
  const setVars = bash('id=set-vars', 'export TF_VAR_KeyName="$KEY_NAME"\nCLUSTER_DIR=~/eks/1w');
  const keyName = 'vars:\n  KEY_NAME: { default: my-key }\n';

  it('is an error when terraform destroy relies on a TF_VAR_ exported by an earlier step', async () => {
    const { code, lines } = await lint(setVars + bash('id=destroy cleanup', 'cd ~/eks/1w\nterraform destroy -auto-approve'), keyName);
    expect(code).toBe(1);
    expect(lines).toEqual([
      'labs/x.md:12:1: error: cleanup step `destroy` needs `TF_VAR_KeyName`, which only step `set-vars` (line 7) sets: run alone in a new session (`--only destroy`) it is unset and the cleanup fails with the resources still there; set it in this step (from a `vars:` entry) [cleanup-needs-earlier-step]',
    ]);
  });

  it('is an error when a destroy step expands a variable only an earlier step assigned', async () => {
    const { lines } = await lint(setVars + bash('id=destroy', 'export TF_VAR_KeyName="$KEY_NAME"\ncd "$CLUSTER_DIR" && terraform destroy -auto-approve'), keyName);
    expect(lines).toEqual([expect.stringContaining('error: cleanup step `destroy` needs `CLUSTER_DIR`, which only step `set-vars` (line 7) sets')]);
  });

  it('accepts a cleanup step that sets what it needs itself, or uses only vars: and the environment', async () => {
    const destroy = bash('id=destroy cleanup', 'cd ~/eks/1w\nexport TF_VAR_KeyName="$KEY_NAME"\nterraform destroy -auto-approve -var region=$AWS_DEFAULT_REGION');
    expect((await lint(setVars + destroy, keyName)).lines).toEqual([]);
  });

  it('leaves ordinary steps alone: only cleanup and destroy steps run alone later', async () => {
    expect((await lint(setVars + bash('id=plan', 'cd "$CLUSTER_DIR" && terraform plan'), keyName)).lines).toEqual([]);
  });
});

describe('transcribed-without-source', () => {
  async function lintFixture(entries: string) {
    await writeFile(path.join(project, 'labs/x.md'), '---\ntitle: x\n---\n\n```bash id=one\necho one\n```\n\n```bash id=two\necho two\n```\n');
    await mkdir(path.join(project, 'fixtures'), { recursive: true });
    await writeFile(path.join(project, 'fixtures/x.yaml'), `format: 1\nlab: x\nlabHash: ""\nrecordedAt: 2026-12-03T12:30:00Z\nrunner: 0.1.0\nredactions: []\nsteps:\n${entries}`);
    const accepted = await lab(['accept', 'labs/x.md'], { cwd: project, env: { CI: '', NO_COLOR: '1' } });
    expect(accepted.code, accepted.stdout + accepted.stderr).toBe(0);
    return lab(['lint', 'labs/x.md'], { cwd: project });
  }
  const entry = (id: string, head: string) => `  - id: ${id}\n${head}    command: echo ${id}\n    attempts:\n      - exit: 0\n        durationMs: 1\n        stdout: |\n          ${id}\n`;

  it('is an error at the entry when a transcribed step names no source, or a file with no line', async () => {
    const { code, stdout } = await lintFixture(
      entry('one', '    provenance: transcribed\n    note: copied from the blog\n') +
      entry('two', '    provenance: transcribed\n    source: { from: post.txt }\n'),
    );
    expect(code).toBe(1);
    expect(stdout).toMatch(/fixtures\/x\.yaml:\d+:1: error: fixture entry `one` is `transcribed` with no `source:`: name where the output was copied from .*\[transcribed-without-source\]/);
    expect(stdout).toMatch(/fixtures\/x\.yaml:\d+:1: error: fixture entry `two` is `transcribed` with `source:` with no `line:`/);
  });

  it('accepts a source with a file and line, a URL, and synthesized steps with only a note', async () => {
    const { code, stdout } = await lintFixture(
      entry('one', '    provenance: transcribed\n    source: { from: post.txt, line: 12, date: "2026-03-16" }\n') +
      entry('two', '    provenance: synthesized\n    note: written by hand\n'),
    );
    expect(stdout).not.toContain('transcribed-without-source');
    expect(code).toBe(0);
    const url = await lintFixture(entry('one', '    provenance: transcribed\n    source: { from: "https://example.com/post" }\n') + entry('two', '    provenance: synthesized\n'));
    expect(url.stdout).not.toContain('transcribed-without-source');
  });
});
