// The walk's prompt flow with injected answers: a scripted Prompter, a scripted target under the
// real step runner, a captured output stream, and the real parser, progress store (temp
// XDG_STATE_HOME) and renderer.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { walkCommand, type WalkOptions } from '../../runner/walk/index.js';
import { progressFile, saveProgress } from '../../runner/walk/state.js';
import { StepRunner } from '../../runner/step/runner.js';
import { CANCEL, ScriptedTarget, ScriptedPrompter, captureOutput, type PlannedRun } from './doubles.js';
import { ROOT } from '../helpers/cli.js';

const FLOW_LAB = path.join(ROOT, 'test/samples/walk/unit/flow.md');
const CWD_LAB = path.join(ROOT, 'test/samples/walk/unit/cwd.md');
let stateHome: string;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  stateHome = await mkdtemp(path.join(os.tmpdir(), 'walk-state-'));
  env = { XDG_STATE_HOME: stateHome, PATH: process.env.PATH };
});
afterEach(async () => {
  await rm(stateHome, { recursive: true, force: true });
});

interface Harness {
  code: number;
  output: string;
  prompter: ScriptedPrompter;
  target: ScriptedTarget;
}

async function runWalk(answers: Array<string | boolean | typeof CANCEL>, script: Record<string, PlannedRun[]>, options: Partial<WalkOptions> & { mode?: 'live' | 'replay'; interrupt?: (fire: () => void) => void } = {}): Promise<Harness> {
  const prompter = new ScriptedPrompter(answers);
  const stdout = captureOutput(80);
  let target: ScriptedTarget | undefined;
  const mode = options.mode ?? 'replay';
  const code = await walkCommand({
    paths: [FLOW_LAB], live: mode === 'live', trust: true, vars: {}, cwd: ROOT, stdin: { isTTY: true } as never, stdout, env, prompter,
    stderr: stdout, noColor: true,
    createRunner: async (lab, request) => {
      target = new ScriptedTarget(request.mode, script);
      return new StepRunner(lab, target.targets(), { variables: request.vars, yes: false, interactive: true });
    },
    interrupts: (handler) => {
      options.interrupt?.(handler);
      return () => {};
    },
    ...options,
  });
  return { code, output: stdout.text(), prompter, target: target! };
}

describe('walk prompt flow', () => {
  it('refuses a non-TTY stdin with a pointer to lab run', async () => {
    const stderr = captureOutput();
    const code = await walkCommand({ paths: [FLOW_LAB], live: false, vars: {}, cwd: ROOT, stdin: { isTTY: false } as never, stdout: captureOutput(), stderr, env });
    expect(code).toBe(2);
    expect(stderr.text()).toMatch(/needs a terminal/);
    expect(stderr.text()).toContain('lab run');
  });

  it('asks the variables (secret masked), runs, shows details, retries a mismatch, skips, and saves progress without secrets', async () => {
    const { code, output, prompter, target } = await runWalk(
      ['s3cret-token', true, 'd', 'r', 'o', 'r', 's', 'q'],
      { first: [{ stdout: 'no\n' }, { stdout: 'first in ap-northeast-2\n' }] },
    );
    expect(code).toBe(0);
    expect(prompter.remaining).toBe(0);
    expect(prompter.asked[0]).toMatchObject({ kind: 'password', message: 'An API token (API_TOKEN) [Enter: leave unset for practice]' });
    expect(prompter.asked[1]).toMatchObject({ kind: 'confirm', message: 'Use these values?' });
    // Replay: Edit is shown but disabled; Run is the default.
    expect(prompter.asked[2]).toMatchObject({ kind: 'select', message: 'first:', default: 'run', disabled: ['edit'] });
    expect(output).toContain('── Step 1/4 · first · Prompt flow');
    expect(output).toContain('$ echo "first in $REGION"');
    expect(output).toMatch(/^\s+REGION = ap-northeast-2$/m);
    expect(output).toContain('stdout matches these lines'); // Details, in words
    expect(output).toContain('-first in ap-northeast-2'); // the mismatch's diff
    expect(output).toContain('+no');
    expect(prompter.asked[4]).toMatchObject({ kind: 'select', message: 'Not as expected:', choices: ['retry', 'skip', 'output', 'quit'] });
    expect(output).toContain('[exit 0]'); // Show full output
    expect(target.calls.map((c) => c.stepId)).toEqual(['first', 'first']);
    expect(output).toMatch(/✓ passed/);
    expect(output).toContain('Progress saved. `lab walk test/samples/walk/unit/flow.md` resumes at step 3/4.');
    expect(output).not.toMatch(/\x1b\[/); // --no-color

    const saved = await readFile(progressFile({ labId: 'unit/flow', file: FLOW_LAB, mode: 'replay' }, env), 'utf8');
    expect(saved).not.toContain('s3cret-token');
    const progress = JSON.parse(saved);
    expect(progress).toMatchObject({ labId: 'unit/flow', mode: 'replay', nextStepId: 'capture-name', steps: { first: 'passed', change: 'skipped' } });
    expect(progress.variables).toEqual({ REGION: 'ap-northeast-2' });
    expect(target.closed).toBe(true);
  });

  it('resumes at the saved step with the saved variables restored', async () => {
    await saveProgress({
      format: 1, labId: 'unit/flow', file: FLOW_LAB, labHash: 'old', mode: 'replay', nextStepId: 'capture-name', nextStepIndex: 2,
      steps: { first: 'passed', change: 'skipped' }, variables: { REGION: 'eu-west-1', NAME: 'restored-name' },
      startedAt: new Date().toISOString(), updatedAt: new Date().toISOString(),
    }, env);
    const { output, prompter, target } = await runWalk(['resume', 'tok', '', 'q'], {});
    expect(prompter.asked[0]).toMatchObject({ kind: 'select', message: 'Pick up where you left off?', default: 'resume' });
    expect(output).toContain('You stopped before step 3/4 (capture-name); 2 variables saved.');
    expect(target.setCalls[0]).toMatchObject({ REGION: 'eu-west-1', NAME: 'restored-name' });
    expect(output).toMatch(/REGION\s+eu-west-1/); // the remembered answer is proposed
    expect(output).not.toContain('Step 1/4');
    expect(output).toContain('── Step 3/4 · capture-name');
  });

  it('practice never proposes a live walk\'s values; Start over forgets the saved ones', async () => {
    const saved = (mode: 'live' | 'replay', region: string) => saveProgress({
      format: 1, labId: 'unit/flow', file: FLOW_LAB, labHash: 'old', mode, nextStepId: 'capture-name', nextStepIndex: 2,
      steps: { first: 'passed' }, variables: { REGION: region }, startedAt: new Date().toISOString(), updatedAt: new Date().toISOString(),
    }, env);
    await saved('live', 'live-region');
    const fresh = await runWalk(['tok', true, 'q'], {});
    expect(fresh.output).toContain('Your live progress is kept apart');
    expect(fresh.output).not.toContain('live-region');
    expect(fresh.prompter.asked[0]).toMatchObject({ kind: 'password' }); // no resume offered
    expect(fresh.output).toContain('── Step 1/4');

    await saved('replay', 'practice-region');
    const over = await runWalk(['restart', 'tok', true, 'q'], {});
    expect(over.prompter.asked[0]).toMatchObject({ message: 'Pick up where you left off?' });
    expect(over.output).not.toContain('practice-region');
    expect(over.output).toMatch(/REGION\s+ap-northeast-2/);
  });

  it('live: the quit message resumes the live walk (--live)', async () => {
    const { output } = await runWalk([true, 'tok', true, 'q'], {}, { mode: 'live' });
    expect(output.replace(/\s+/g, ' ')).toContain('Progress saved. `lab walk test/samples/walk/unit/flow.md --live` resumes at step 1/4.');
  });

  it('a free lab asks "Run this lab for real?" (never "This costs money"); declining says nothing ran', async () => {
    const { code, output, prompter } = await runWalk([false], {}, { mode: 'live', paths: [path.join(ROOT, 'test/samples/walk/unit/free-no-tools.md')] });
    expect(code).toBe(0);
    expect(prompter.asked[0]).toMatchObject({ kind: 'confirm', message: 'Run this lab for real?', default: true });
    expect(output).not.toContain('costs money');
    expect(output).toContain('Not started: nothing ran.');
  });

  it('walk --live with a required tool missing exits 2 as run --live does, before asking anything', async () => {
    const { code, output, prompter } = await runWalk([], {}, { mode: 'live', paths: [path.join(ROOT, 'test/samples/walk/unit/free.md')] });
    expect(code).toBe(2);
    expect(prompter.asked).toEqual([]);
    expect(output).toContain('✗ lab-test-no-such-tool');
    expect(output).toContain('needs `lab-test-no-such-tool`, not found on PATH');
  });

  it('an undeclared --var is exit 2 with the closest declared name', async () => {
    const { code, output, prompter } = await runWalk([], {}, { vars: { REGON: 'eu-west-1' } });
    expect(code).toBe(2);
    expect(prompter.asked).toEqual([]);
    expect(output).toContain('--var REGON: test/samples/walk/unit/flow.md declares no variable `REGON` (did you mean `REGION`?)');
  });

  it('live: a confirm= step shows its reason before Run is chosen', async () => {
    const { output } = await runWalk([true, 'tok', true, 'r', 'q'], { first: [{ stdout: 'first in ap-northeast-2\n' }] }, { mode: 'live' });
    expect(output).toContain('Asks before it runs: Creates a real thing.');
  });

  it('live: Edit changes the command for one run, confirm steps ask first (declined: not run)', async () => {
    const { target, prompter, output } = await runWalk(
      [true, 'tok', true, 'e', 'echo edited', 'r', false, 'q'],
      { first: [{ stdout: 'first in ap-northeast-2\n' }] },
      { mode: 'live' },
    );
    expect(prompter.asked[0]).toMatchObject({ kind: 'confirm', message: 'Run this lab for real?' });
    expect(prompter.asked.find((a) => a.kind === 'input')).toMatchObject({ message: 'Command for this run only:', default: 'echo "first in $REGION"' });
    expect(target.calls[0]!.script).toBe('echo edited');
    expect(output).toContain('$ echo edited');
    const confirm = prompter.asked.find((a) => a.message.startsWith('Creates a real thing'));
    expect(confirm).toMatchObject({ kind: 'confirm', default: false });
    expect(target.calls.filter((c) => c.stepId === 'change')).toEqual([]);
  });

  it('Ctrl-C stops the running step only and offers Retry / Skip / Quit', async () => {
    let fire: (() => void) | undefined;
    const run = runWalk(['tok', true, 'r', 's', 'q'], { first: [{ hang: true }] }, { interrupt: (handler) => (fire = handler) });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fire).toBeDefined();
    fire!();
    const { output, prompter, code } = await run;
    expect(code).toBe(0);
    expect(output).toContain('Stopped (Ctrl-C). The walk goes on.');
    expect(prompter.asked[3]).toMatchObject({ message: 'Stopped:', choices: ['retry', 'skip', 'quit'] });
  });

  it('a task: Check not yet shows the hint rendered, the solution on request, then Check passes; the summary counts', async () => {
    const { output, target, code, prompter } = await runWalk(
      ['tok', true, 'r', 's', 'r', 'c', 'o', 'c'],
      { first: [{ stdout: 'first in ap-northeast-2\n' }], 'task-check': [{ stdout: 'no\n' }, { stdout: 'yes\n' }], 'capture-name': [{ stdout: 'web-1\n' }] },
    );
    expect(prompter.asked.find((a) => a.message === 'task-check:')).toMatchObject({ choices: ['check', 'hint', 'solution', 'skip', 'details', 'terminal', 'jump', 'back', 'quit'], default: 'check' });
    expect(output).toContain('✗ Not yet.');
    expect(output).toContain('Hint: set DONE with `DONE=yes`.'); // inline code keeps its backticks without colour
    expect(output).toContain('$ DONE=yes');
    expect(output).toContain('✓ Task passed.');
    expect(target.calls.filter((c) => c.stepId === 'task-check').map((c) => c.script)).toEqual(['echo "$DONE"', 'echo "$DONE"']);
    expect(output).toMatch(/3 passed · 0 failed · 1 skipped/);
    expect(code).toBe(0);
    const progress = JSON.parse(await readFile(progressFile({ labId: 'unit/flow', file: FLOW_LAB, mode: 'replay' }, env), 'utf8'));
    expect(progress.completedAt).toBeDefined();
    expect(progress.variables).toMatchObject({ NAME: 'web-1' });
  });

  it('Ctrl-C at a prompt ends the walk with 130, progress kept', async () => {
    const { code, output } = await runWalk(['tok', true, CANCEL], {});
    expect(code).toBe(130);
    expect(output).toContain('resumes at step 1/4');
  });

  it('asks which host to open a tty step on, and opens it there', async () => {
    const { code, prompter, target } = await runWalk([true, true, 'r', '2'], {}, { mode: 'live', paths: [path.join(ROOT, 'test/samples/walk/unit/tty-hosts.md')] });
    expect(code).toBe(0);
    const question = prompter.asked.find((a) => a.message === 'Open the terminal on which host?');
    expect(question).toMatchObject({ kind: 'select', choices: ['192.168.1.10', '192.168.2.20'] });
    expect(target.calls.find((c) => c.stepId === 'node-shell')).toMatchObject({ interactive: true, remote: '192.168.2.20' });
  });

  it("a step on several hosts lines up their output's prefixes from the first line", async () => {
    const { code, output } = await runWalk(['r'], {}, { paths: [path.join(ROOT, 'test/samples/walk/unit/two-hosts.md')] });
    expect(code, output).toBe(0);
    expect(output).toContain('node1  │ uptime ok\nnode10 │ uptime ok\n');
  });

  it('resumes a live walk in the directory the shell was left in (real shell)', async () => {
    const work = await mkdtemp(path.join(os.tmpdir(), 'walk-cwd-'));
    try {
      const lab = path.join(ROOT, 'test/samples/walk/unit/cwd.md');
      const first = new ScriptedPrompter([true, 'r', 'q']);
      const out1 = captureOutput(80);
      const code1 = await walkCommand({ paths: [lab], live: true, trust: true, vars: { WORK: work }, cwd: ROOT, stdin: { isTTY: true } as never, stdout: out1, stderr: out1, env, prompter: first, noColor: true, interrupts: () => () => {} });
      expect(code1, out1.text()).toBe(0);
      const saved = JSON.parse(await readFile(progressFile({ labId: 'unit/cwd', file: CWD_LAB, mode: 'live' }, env), 'utf8'));
      expect(saved.cwd).toBe(path.join(work, 'deploy'));
      const second = new ScriptedPrompter([true, 'resume', 'r']);
      const out2 = captureOutput(80);
      const code2 = await walkCommand({ paths: [lab], live: true, trust: true, vars: { WORK: work }, cwd: ROOT, stdin: { isTTY: true } as never, stdout: out2, stderr: out2, env, prompter: second, noColor: true, interrupts: () => () => {} });
      expect(out2.text()).toContain(`Back in ${path.join(work, 'deploy')}`);
      expect(out2.text()).toContain(`│ ${path.join(work, 'deploy')}`);
      expect(code2, out2.text()).toBe(0);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});
