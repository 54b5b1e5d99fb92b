// A workshop-style module of our own (test/samples/eks-module: pages in the EKS Workshop's style,
// a project config, hooks, a `.notest` folder), through the built CLI as `npm run compat` takes a
// corpus module: lint under the config, list in the workshop's order, record the whole folder in
// one session with stand-ins for kubectl and prepare-environment on PATH, then replay it with
// nothing allowed to run. The corpus itself is never read here.
import { execa } from 'execa';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CLI, lab, ROOT } from '../helpers/cli.js';
import { installPlantedCommands, type PlantedCommands } from '../helpers/planted-commands.mjs';

const noChildProcess = path.join(ROOT, 'test/samples/record/no-child-process.mjs');
const MODULE = 'website/docs/scaling';
let tmp: string;
let standIns: PlantedCommands;

beforeEach(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'lab-eks-module-'));
  await cp(path.join(ROOT, 'test/samples/eks-module'), tmp, { recursive: true });
  await writeFile(path.join(tmp, 'package.json'), '{}\n');
  standIns = installPlantedCommands(path.join(tmp, 'stand-ins'), {
    'prepare-environment': [{ args: '^scaling$', stdout: 'Setting up the environment for scaling...\n' }],
    kubectl: [
      { args: '^apply -n web -f deploy.yaml$', stdout: 'deployment.apps/web-tier created\n' },
      { args: '^get deployment -n web -o jsonpath=\\{\\.items\\[0\\]\\.metadata\\.name\\}$', stdout: 'web-tier' },
      { args: '^get deployment -n web$', stdout: 'NAME       READY   UP-TO-DATE   AVAILABLE   AGE\nweb-tier   1/1     1            1           3s\n' },
      { args: '^apply -k manifests$', stdout: 'deployment.apps/web-tier configured\n' },
      { args: '^scale deployment/web-tier --replicas 3 -n web$', stdout: 'deployment.apps/web-tier scaled\n' },
      { args: '^get ns missing$', stderr: 'Error from server (NotFound): namespaces "missing" not found\n', exit: 1 },
    ],
  });
});
afterEach(() => rm(tmp, { recursive: true, force: true }));

const hooksLog = async () => (await readFile(path.join(standIns.env.PLANTED_COMMANDS, 'hooks.log'), 'utf8').catch(() => '')).trim().split('\n').filter(Boolean);
const record = () => lab(['record', '--allow-ci', '--trust', MODULE], { cwd: tmp, env: { ...standIns.env, CI: 'true' } });

describe('a workshop-style module under its project config', () => {
  it('lints with the config\'s variables and the folder session: only the blank-line warnings are left', async () => {
    const linted = await lab(['lint', '--no-fixtures', MODULE], { cwd: tmp });
    expect(linted.code, linted.stdout + linted.stderr).toBe(0);
    // $APP_NS comes from the config, $DEPLOY_NAME from the page before scale.md; about.md is prose.
    expect(linted.stdout.trim().split('\n').map((line) => line.replace(/: warning: .*\[/, ' ['))).toEqual([
      'website/docs/scaling/deploy.md:9:1 [workshop-blank-line]',
      'website/docs/scaling/deploy.md:15:1 [workshop-blank-line]',
    ]);
    expect(linted.stderr).toContain('4 labs checked: 0 errors, 2 warnings');
  });

  it('warns of $DEPLOY_NAME without folder sessions, and of a prose page natively', async () => {
    const config = path.join(tmp, 'website/docs/lab.config.yaml');
    await writeFile(config, (await readFile(config, 'utf8')).replace('sessions: folder\n', ''));
    const linted = await lab(['lint', '--no-fixtures', MODULE], { cwd: tmp });
    expect(linted.stdout).toContain('website/docs/scaling/scale.md:10:26: warning: variable `DEPLOY_NAME` is never defined');
    const native = await lab(['lint', '--no-fixtures', '--profile', 'native', `${MODULE}/about.md`], { cwd: tmp });
    expect(native.stdout).toContain('website/docs/scaling/about.md:1:1: warning: this lab has no steps');
  });

  it('warns under the profile of a page whose bash blocks have no `$ ` command', async () => {
    await writeFile(path.join(tmp, MODULE, 'slip.md'), '---\ntitle: Slip\n---\n\n```bash\nkubectl get pods\n```\n');
    const linted = await lab(['lint', '--no-fixtures', `${MODULE}/slip.md`], { cwd: tmp });
    expect(linted.stdout).toContain('slip.md:1:1: warning: no `bash` block of this page has a `$ ` command, so none is run (theirs neither): start the commands with `$ ` (line 5) [no-steps]');
  });

  it('lists the pages in the workshop\'s order, .mdx pages too, the .notest folder left out', async () => {
    await writeFile(path.join(tmp, MODULE, 'wrap-up.mdx'), '---\ntitle: Wrap up\nsidebar_position: 25\n---\n\nimport Tabs from \'@theme/Tabs\';\n\nDone.\n');
    const listed = await lab(['list', '--json', MODULE], { cwd: tmp });
    expect(JSON.parse(listed.stdout).map((entry: { id: string }) => entry.id)).toEqual(['scaling/index', 'scaling/about', 'scaling/deploy', 'scaling/scale', 'scaling/wrap-up']);
  });

  it('records the folder in one session with stand-ins, then replays it green with nothing run', async () => {
    const recorded = await record();
    expect(recorded.code, recorded.stdout + recorded.stderr).toBe(0);
    for (const page of ['index', 'deploy', 'scale']) expect(recorded.stderr).toContain(`to fixtures/scaling/${page}.yaml`);
    // The page of prose has nothing to record, and replays without a fixture (below).
    expect(recorded.stderr).toContain('nothing to record for website/docs/scaling/about.md');
    expect(existsSync(path.join(tmp, 'fixtures/scaling/about.yaml'))).toBe(false);
    // In order: prepare-environment, the heredoc's apply, the name kept, then the next page scales
    // the deployment by that name; the test=false watch never ran, expectError's failure did.
    expect(standIns.calls().map((call) => `${call.name} ${call.argv.join(' ')}`)).toEqual([
      'prepare-environment scaling',
      'kubectl apply -n web -f deploy.yaml',
      'kubectl get deployment -n web -o jsonpath={.items[0].metadata.name}',
      'kubectl get deployment -n web',
      'kubectl apply -k manifests',
      'kubectl scale deployment/web-tier --replicas 3 -n web',
      'kubectl get ns missing',
    ]);
    expect(await hooksLog()).toEqual(['suite before', 'hook scaled before', 'hook scaled after', 'suite after']);
    expect(await readFile(path.join(tmp, MODULE, 'deploy.yaml'), 'utf8')).toBe('kind: Deployment\n\nmetadata:\n  name: web\n');
    const scale = parse(await readFile(path.join(tmp, 'fixtures/scaling/scale.yaml'), 'utf8'));
    expect(scale.steps[0].hooks.map((hook: { phase: string }) => hook.phase)).toEqual(['before', 'after']);
    // The sample is what the author's terminal showed: stderr counts, so the expected error is no drift.
    expect(recorded.stdout).not.toContain('scale.md:23:1: stdout+stderr (sample) drifts');
    expect(recorded.stdout).toContain('scale.md:10:1: stdout+stderr (sample) drifts');

    const calls = standIns.calls().length;
    const replay = await execa(process.execPath, ['--import', noChildProcess, CLI, 'run', MODULE, '--reporter', 'json'], {
      cwd: tmp, reject: false, env: { PATH: '', CI: 'true', NO_COLOR: '1', LAB_CACHE_DIR: process.env.LAB_CACHE_DIR }, extendEnv: false,
    });
    expect(replay.exitCode, String(replay.stdout) + String(replay.stderr)).toBe(0);
    expect(JSON.parse(String(replay.stdout)).labs.map((entry: { status: string }) => entry.status)).toEqual(['passed', 'passed', 'passed', 'passed']);
    const steps = JSON.parse(String(replay.stdout)).labs.flatMap((entry: { steps: Array<{ id: string; status: string }> }) => entry.steps.map((step) => step.status));
    expect(steps).toEqual(['passed', 'passed', 'passed', 'passed', 'passed', 'skipped', 'passed']);
    expect(standIns.calls()).toHaveLength(calls);
    expect(await hooksLog()).toHaveLength(4);

    // A file the step names in inputs= changed: its recording is stale, with the command that fixes it.
    await writeFile(path.join(tmp, MODULE, 'manifests/kustomization.yaml'), 'resources:\n  - deployment.yaml\n  - service.yaml\n');
    const stale = await lab(['run', MODULE], { cwd: tmp });
    expect(stale.code).toBe(1);
    expect(stale.stdout + stale.stderr).toContain('step `step-3` changed since it was recorded');
    expect(stale.stdout + stale.stderr).toContain('lab record website/docs/scaling/deploy.md --only step-3');
  });

  it('records none of the later pages when one fails, and a failing suite after-hook fails the job', async () => {
    await writeFile(path.join(standIns.env.PLANTED_COMMANDS, 'plan.json'), JSON.stringify({ 'prepare-environment': [{ args: '', exit: 0 }], kubectl: [] }));
    const failed = await record();
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('not recorded: a step failed; fixtures/scaling/deploy.yaml is left untouched');
    expect(failed.stderr).toContain('not recorded: website/docs/scaling/scale.md (website/docs/scaling/deploy.md, before it in its folder, was not recorded)');
    expect(existsSync(path.join(tmp, 'fixtures/scaling/scale.yaml'))).toBe(false);

    await writeFile(path.join(tmp, MODULE, 'tests/hook-suite.sh'), '[ "$1" = after ] && { echo "cluster left dirty" >&2; exit 3; }\nexit 0\n');
    await rm(path.join(tmp, MODULE, 'deploy.md'));
    await rm(path.join(tmp, MODULE, 'scale.md'));
    const live = await lab(['run', '--live', '--trust', MODULE], { cwd: tmp, env: standIns.env });
    expect(live.stderr).toContain('cluster left dirty');
    expect(live.code).toBe(1);
  });

  it('records a tree of modules one folder after another: a failure stops only its own folder', async () => {
    await rm(path.join(tmp, MODULE), { recursive: true });
    const page = (command: string) => `---\ntitle: P\n---\n\n\`\`\`bash\n$ ${command}\n\`\`\`\n`;
    const files: Record<string, string> = {
      'alpha/1.md': page('echo alpha-one'), 'alpha/2.md': page('false'), 'alpha/3.md': page('echo alpha-three'),
      'beta/1.md': page('echo beta-one'), 'beta/tests/hook-suite.sh': 'echo "beta not ready" >&2; exit 4\n',
      'gamma/1.md': page('echo gamma-one'),
    };
    for (const [name, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(tmp, 'website/docs', name)), { recursive: true });
      await writeFile(path.join(tmp, 'website/docs', name), text);
    }
    const recorded = await lab(['record', '--allow-ci', '--trust', 'website/docs'], { cwd: tmp, env: { ...standIns.env, CI: 'true' } });
    expect(recorded.code).toBe(2);
    expect(recorded.stderr).toContain('recorded 1 step to fixtures/alpha/1.yaml');
    expect(recorded.stderr).toContain('not recorded: website/docs/alpha/3.md (website/docs/alpha/2.md, before it in its folder, was not recorded)');
    expect(recorded.stderr).toContain('beta not ready');
    expect(recorded.stderr).toContain('not recorded: website/docs/beta/1.md (its folder hook `hook-suite.sh before` failed)');
    expect(recorded.stderr).toContain('recorded 1 step to fixtures/gamma/1.yaml');
    expect(['alpha/1', 'alpha/2', 'alpha/3', 'beta/1', 'gamma/1'].filter((id) => existsSync(path.join(tmp, `fixtures/${id}.yaml`)))).toEqual(['alpha/1', 'gamma/1']);
  });
});
