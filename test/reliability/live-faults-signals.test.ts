// Ctrl-C (SIGINT) and SIGTERM sent to the lab process while a step runs: the step's process group is
// stopped, the lab's cleanup steps run, the exit code is 130 or 143, nothing is left running; a
// walk (driven in a real terminal with tmux) also keeps its progress.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { TmuxSession } from '../helpers/tmux.js';
import {
  aliveCheck, bash, killMarked, labText, leftoversAfter, makeProject, MARK_VARIABLE, markedProcesses, newMark, readJson, rounds, startLab,
  stepsOf, Tally, waitUntil, type Project,
} from './live-faults-helpers.js';

let project: Project;
const marks: string[] = [];
const sessions: TmuxSession[] = [];
const tally = new Tally('signals');

beforeEach(() => {
  project = makeProject();
});
afterEach(async () => {
  for (const session of sessions.splice(0)) await session.kill();
  for (const mark of marks.splice(0)) tally.leftovers += killMarked(mark);
  project.remove();
});
afterAll(() => tally.print());

const work = (name: string) => path.join(project.work, name);
const lines = (name: string) => (existsSync(work(name)) ? readFileSync(work(name), 'utf8').split('\n').filter(Boolean) : []);

/** A step that runs until stopped (its background children ignore SIGINT, as bash makes them), a step after it, cleanup. */
function interruptedLab(extraFirst: string[] = []): string {
  return labText('Stopped by a signal', [
    ...extraFirst,
    bash('id=long', [
      'echo "$BASHPID" >> "$WORK/pids"',
      'sleep 1000 & echo $! >> "$WORK/pids"',
      '( sleep 1000 & echo $! >> "$WORK/pids"; wait ) & echo $! >> "$WORK/pids"',
      // the subshell logs its child's pid on its own time: start only once all four are written
      'until [ "$(wc -l < "$WORK/pids")" -ge 4 ]; do sleep 0.01; done',
      'touch "$WORK/started"',
      'wait',
    ].join('\n')),
    bash('id=never', 'echo reached > "$WORK/reached"'),
    bash('id=check cleanup', `${aliveCheck('$WORK/pids', '$WORK/alive-at-cleanup')}\necho cleaned > "$WORK/cleanup-ran"`),
  ]);
}

/** What every interrupted run must show: the step's group gone before cleanup, cleanup done, nothing left. */
async function expectStoppedAndCleaned(mark: string): Promise<void> {
  expect(lines('pids').length).toBe(4);
  expect(lines('alive-at-cleanup')).toEqual([]);
  expect(readFileSync(work('cleanup-ran'), 'utf8')).toBe('cleaned\n');
  expect(existsSync(work('reached'))).toBe(false);
  expect(await leftoversAfter(mark)).toEqual([]);
}

describe('lab run --live stopped by a signal mid-step', () => {
  const cases = [
    { signal: 'SIGINT', code: 130 },
    { signal: 'SIGTERM', code: 143 },
  ] as const;
  for (const round of rounds()) {
    for (const { signal, code } of cases) {
      it(`${signal}: stops the step's group, runs cleanup, reports the interruption, exits ${code} (round ${round})`, async () => {
        const labPath = project.writeLab('interrupted', interruptedLab());
        const report = work('report.json');
        const lab = startLab(['run', '--live', labPath, '--var', `WORK=${project.work}`, '--reporter', `json:${report}`], { cwd: project.dir });
        marks.push(lab.mark);
        await waitUntil('the step to start', () => existsSync(work('started')));
        process.kill(lab.pid, signal);
        tally.faults++;
        const result = await lab.done;
        expect(result.code, result.stderr).toBe(code);
        expect(result.stderr).toContain(signal === 'SIGINT' ? 'interrupted: stopping the step and running cleanup' : 'terminated (SIGTERM): stopping the step and running cleanup');
        const document = readJson(report);
        expect(document.interrupted).toBe(true);
        const steps = stepsOf(document);
        expect(Object.values(steps).map((step) => `${step.id}:${step.status}`)).toEqual(['long:failed', 'never:skipped', 'check:passed']);
        await expectStoppedAndCleaned(lab.mark);
      });
    }

    it(`lab record: SIGTERM mid-step exits 143, runs cleanup and writes no fixture (round ${round})`, async () => {
      const labPath = project.writeLab('interrupted', interruptedLab());
      const lab = startLab(['record', labPath, '--var', `WORK=${project.work}`], { cwd: project.dir, env: { CI: '' } });
      marks.push(lab.mark);
      await waitUntil('the step to start', () => existsSync(work('started')));
      process.kill(lab.pid, 'SIGTERM');
      tally.faults++;
      const result = await lab.done;
      expect(result.code, result.stderr).toBe(143);
      expect(result.stderr).toContain('not recorded: the recording was interrupted');
      expect(existsSync(path.join(project.dir, 'fixtures'))).toBe(false);
      await expectStoppedAndCleaned(lab.mark);
    });
  }
});

describe('lab walk --live terminated (SIGTERM) in a terminal', () => {
  async function startWalk(labPath: string, mark: string): Promise<TmuxSession> {
    const session = await TmuxSession.start([process.execPath, CLI, 'walk', '--live', labPath, '--var', `WORK=${project.work}`], {
      cwd: project.dir,
      env: { CI: 'true', XDG_STATE_HOME: project.state, TERM: 'xterm-256color', [MARK_VARIABLE]: mark },
    });
    sessions.push(session);
    await session.waitFor('Run this lab for real?');
    await session.send('Enter');
    return session;
  }

  /** The walk's own process: node running the CLI, with this test's marker. */
  function walkPid(mark: string): number {
    const found = markedProcesses(mark).filter(({ command }) => command.includes(CLI) && command.includes(' walk '));
    expect(found, JSON.stringify(markedProcesses(mark))).toHaveLength(1);
    return found[0]!.pid;
  }

  function progress(): any {
    const dir = path.join(project.state, 'lab');
    const files = readdirSync(dir).filter((name) => name.endsWith('.json'));
    // Progress is kept per lab file and mode: <id>.live.<file hash>.json.
    expect(files).toEqual([expect.stringMatching(/^walk-term\.live\.[0-9a-f]+\.json$/)]);
    return readJson(path.join(dir, files[0]!));
  }

  const readsStdin = bash('id=reads-stdin timeout=30s', 'cat\necho "stdin closed"');

  for (const round of rounds()) {
    it(`mid-step: the step's group is stopped, cleanup runs unasked, progress is saved, exit 143 (round ${round})`, async () => {
      const mark = newMark();
      marks.push(mark);
      const session = await startWalk(project.writeLab('walk-term', interruptedLab([readsStdin])), mark);
      await session.waitFor('reads-stdin:');
      await session.send('r');
      // A step reading stdin in a walk gets EOF, not the learner's keyboard.
      let screen = await session.waitFor('long:');
      expect(screen).toContain('│ stdin closed');
      await session.send('r');
      await waitUntil('the step to start', () => existsSync(work('started')));
      process.kill(walkPid(mark), 'SIGTERM');
      tally.faults++;
      expect(await session.exitCode(60_000)).toBe(143);
      screen = await session.screen();
      expect(screen).toContain('Terminated (SIGTERM): the walk ends here.');
      expect(screen).not.toContain('The walk goes on.');
      expect(screen).toContain('`lab walk walk-term --live` resumes at step 2/4');
      const saved = progress();
      expect(saved.steps).toEqual({ 'reads-stdin': 'passed', long: 'failed' });
      expect(saved.nextStepId).toBe('long');
      await expectStoppedAndCleaned(mark);
    }, 90_000);

    it(`at a prompt: the prompt is cancelled, cleanup runs, progress is saved, exit 143 (round ${round})`, async () => {
      const mark = newMark();
      marks.push(mark);
      const session = await startWalk(project.writeLab('walk-term', interruptedLab([readsStdin])), mark);
      await session.waitFor('reads-stdin:');
      await session.send('r');
      await session.waitFor('long:');
      process.kill(walkPid(mark), 'SIGTERM');
      tally.faults++;
      expect(await session.exitCode(60_000)).toBe(143);
      const screen = await session.screen();
      expect(screen).toContain('Terminated (SIGTERM): the walk ends here.');
      expect(screen).toContain('`lab walk walk-term --live` resumes at step 2/4');
      const saved = progress();
      expect(saved.steps).toEqual({ 'reads-stdin': 'passed' });
      expect(saved.nextStepId).toBe('long');
      expect(readFileSync(work('cleanup-ran'), 'utf8')).toBe('cleaned\n');
      expect(await leftoversAfter(mark)).toEqual([]);
    }, 90_000);
  }
});
