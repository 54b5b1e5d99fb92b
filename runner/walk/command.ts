// `lab walk`: refuse without a terminal, choose the lab, intro and live go-ahead, resume or
// start, variables, the step runner (replay or live), the walk, then summary or saved progress.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { exitCodeFor, formatError, LabError } from '../errors/index.js';
import { didYouMean } from '../text/suggest.js';
import { checkGivenVariables } from '../step/variables.js';
import { recordedValues } from './moves.js';
import type { Lab, Profile } from '../model/lab.js';
import type { StepRunner } from '../step/runner.js';
import type { StepResult } from '../model/result.js';
import { loadFixtureFor } from '../replay/load.js';
import { compareFixture } from '../replay/stale.js';
import { helperOutput } from '../run/default-from.js';
import type { LiveTargetOptions } from '../run/targets.js';
import { stepDurationMs, summarizeFixture } from '../replay/summary.js';
import { provenanceWords } from '../report/provenance.js';
import type { OutputProvenance } from '../model/result.js';
import { chooseLab } from './choose-lab.js';
import { processInterrupts, type InterruptSource, type StepOrigin, type TerminalShell, type WalkContext } from './context.js';
import { askResume, confirmLiveStart, confirmTrust, printIntro } from './intro.js';
import { trustOf } from '../lab/trust.js';
import { defaultLabId } from '../lab/load.js';
import { PromptCancelled, type Prompter } from './prompter.js';
import { createMarkdownRenderer } from './render.js';
import { mdxOptions } from './mdx-files.js';
import { attachedShellSeed, loadProgress, newProgress, progressKey, recordAttachedShell, restorableVariables, saveProgress, storableText, storableVariables, type LabProgress, type WalkMode } from './state.js';
import { liveShell, practiceShell } from './attached-shell.js';
import { redactCredentials } from '../redact/display.js';
import { Terminal, type WalkOutput } from './terminal.js';
import { askVariables } from './variables-prompt.js';
import { offerCleanup, summaryText, tally, walkLab } from './walk.js';
import { TERMINATED_EXIT_CODE, watchTermination } from './termination.js';
import { nextLabOfWeek } from './catalogue.js';
import { formatDiagnostic } from '../lab/diagnostic-text.js';
import { MARKS } from '../text/marks.js';

export interface RunnerRequest extends LiveTargetOptions {
  mode: 'live' | 'replay';
  vars: Record<string, string>;
  /** A resumed live walk: the directory its shell was in. */
  cwd?: string;
  onNotice: (text: string) => void;
}

export interface WalkOptions {
  /** Lab file, folder or id; empty: pick from the catalogue. */
  paths: string[];
  /** `--profile`, over the project config's. */
  profile?: Profile;
  live: boolean;
  vars: Record<string, string>;
  cwd: string;
  stdin: Readable & { isTTY?: boolean };
  stdout: WalkOutput;
  /** Where the refusal and errors go (default process.stderr). */
  stderr?: WalkOutput;
  noColor?: boolean;
  /** Ignore saved progress. */
  restart?: boolean;
  /** `--from STEP`: start at this step id, without the resume question. */
  from?: string;
  /** `--trust`: a live walk of a lab from outside this project's labs/ folder without asking. */
  trust?: boolean;
  sshConfig?: string;
  sshOptions?: Record<string, string>;
  kubeContext?: string;
  kubeconfig?: string;
  /** Where `::yaml{file=…}` in the prose is read from (default: the lab's folder). */
  filesRoot?: string;
  env?: NodeJS.ProcessEnv;
  /** Injected in tests; @inquirer/prompts on the terminal otherwise. */
  prompter?: Prompter;
  /** Injected in tests; the lab's replay or live step runner otherwise. */
  createRunner?: (lab: Lab, request: RunnerRequest) => Promise<StepRunner>;
  interrupts?: InterruptSource;
}

export async function walkCommand(options: WalkOptions): Promise<number> {
  const stderr = options.stderr ?? process.stderr;
  if (!options.stdin.isTTY) {
    stderr.write('lab walk is interactive and needs a terminal (stdin is not a TTY).\nTo run labs without one, use `lab run` (replay) or `lab run --live`.\n');
    return 2;
  }
  const env = options.env ?? process.env;
  const terminal = new Terminal(options.stdout, { noColor: options.noColor, env });
  let runner: StepRunner | undefined;
  let terminalShell: TerminalShell | undefined;
  const termination = watchTermination();
  try {
    const prompter = options.prompter ?? (await (await import('./inquirer-prompter.js')).createInquirerPrompter({ input: options.stdin, output: options.stdout, signal: termination.signal, answered: terminal.style.green(MARKS.passed) }));
    const mode = options.live ? 'live' : 'replay';
    const { entry, week } = await chooseLab(options.paths, options.cwd, env, prompter, terminal.width, options.profile, mode);
    const { lab } = entry;
    if (entry.errors.length > 0) {
      for (const diagnostic of entry.errors) stderr.write(`${formatDiagnostic(diagnostic)}\n`);
      stderr.write('fix these errors first (`lab lint` shows them all)\n');
      return 2;
    }
    const { recordedMs, outputsFrom, stale, origins, fixtureVariables } = await fixtureFacts(lab);
    const allRecorded = outputsFrom === 'the recorded run';
    printIntro(terminal, lab, mode, entry.recordedMs, outputsFrom, allRecorded ? undefined : recordedMs.size);
    // Before anything of the lab runs (default-from included): a lab from elsewhere is confirmed first.
    if (mode === 'live' && !options.trust) {
      const trust = trustOf(lab.file, options.cwd);
      if (!trust.trusted && !(await confirmTrust(terminal, prompter, lab, trust.labsFolder, options.cwd))) return 0;
    }
    checkGivenVariables([lab], options.vars);
    if (mode === 'live') {
      const start = await confirmLiveStart(terminal, prompter, lab, env);
      if (start === 'declined') return 0;
      // The same error, and exit 2, as `lab run --live`.
      if (start === 'missing') await (await import('../run/preflight.js')).checkRequires(lab, env.PATH);
    }

    // Only this file's progress in this mode: practice values never reach a live shell, nor live ones a replay.
    const saved = options.restart ? undefined : await loadProgress(progressKey(lab, mode), env);
    if (!saved && !options.restart) await noteOtherMode(terminal, lab, mode, env);
    let startIndex = 0;
    let progress: LabProgress = newProgress(lab, mode);
    let remembered: Record<string, string> = {};
    const fromIndex = options.from === undefined ? undefined : stepIndexOf(lab, options.from);
    if (fromIndex !== undefined) {
      startIndex = fromIndex;
      if (saved) {
        progress = { ...saved, labHash: lab.sourceHash };
        remembered = restorableVariables(lab, saved.variables);
      }
    } else if (saved) {
      const resume = await askResume(terminal, prompter, lab, saved);
      if (resume.choice === 'quit') return 0;
      startIndex = resume.index;
      if (resume.choice === 'resume') progress = { ...saved, labHash: lab.sourceHash };
      // "Start over" starts clean; a finished walk walked again keeps its answers as defaults.
      if (resume.choice === 'resume' || !resume.asked) remembered = restorableVariables(lab, saved.variables);
    }
    const defaultFrom = mode === 'live' ? (command: string) => helperOutput(lab, command, options.vars) : undefined;
    const answers = await askVariables(lab, prompter, terminal, { given: options.vars, remembered, environment: env, defaultFrom, optional: mode === 'replay' });

    const create = options.createRunner ?? defaultRunner;
    const resumeCwd = startIndex > 0 && mode === 'live' && progress.cwd && (await isDirectory(progress.cwd)) ? progress.cwd : undefined;
    runner = await create(lab, { mode, vars: answers, sshConfig: options.sshConfig, sshOptions: options.sshOptions, kubeContext: options.kubeContext, kubeconfig: options.kubeconfig, cwd: resumeCwd, onNotice: (text) => terminal.line(text) });
    if (resumeCwd) terminal.line(terminal.style.dim(`Back in ${resumeCwd}, where the last step left the shell.`));
    // Restored captures and assignments first, this walk's answers over them.
    // Practice only: what the skipped-over steps recorded (captures), so a later step has its values.
    const seeded = mode === 'replay' && fromIndex ? recordedValues(lab, fixtureVariables, lab.steps.slice(0, fromIndex)) : {};
    // Live, what the learner set by hand in the Terminal comes back too (attachedShellSeed).
    if (startIndex > 0) runner.setVariables(mode === 'live' ? attachedShellSeed(lab, progress, answers).variables : { ...seeded, ...restorableVariables(lab, progress.variables), ...answers });
    progress.variables = storableVariables(lab, runner.variables());
    await saveProgress(progress, env);

    const context = buildContext(lab, runner, prompter, terminal, options, recordedMs, progress, env);
    if (mode === 'replay') terminalShell = practiceShell(lab, attachedShellSeed(lab, progress, answers), env);
    else if (runner.canAttachShell) terminalShell = liveShell(context);
    context.terminalShell = terminalShell;
    if (mode === 'replay') {
      context.staleSteps = stale;
      context.origins = origins;
      context.recordedVariables = fixtureVariables;
    }
    const filesRoot = options.filesRoot ? path.resolve(options.cwd, options.filesRoot) : path.dirname(lab.file);
    const mdx = mdxOptions(lab, filesRoot, () => runner!.variables());
    context.renderer = await createMarkdownRenderer({ width: terminal.width, color: terminal.color, mdx });
    const stepInterrupts = context.interrupts;
    context.interrupts = termination.interrupts(stepInterrupts);
    context.terminated = () => termination.terminated;
    const startedAt = Date.now();
    let outcome: 'completed' | 'quit' | 'cancelled';
    try {
      outcome = await walkLab(context, startIndex);
    } catch (error) {
      if (!(error instanceof PromptCancelled)) throw error;
      outcome = 'cancelled';
    }
    if (outcome !== 'completed') {
      if (termination.terminated) {
        // Nobody is there to answer: the cleanup runs without asking, and SIGTERM no longer stops it.
        terminal.line();
        terminal.line(terminal.style.yellow('Terminated (SIGTERM): the walk ends here.'));
        await offerCleanup({ ...context, interrupts: stepInterrupts }, { ask: false });
      } else {
        await offerCleanup(context).catch((error) => {
          if (!(error instanceof PromptCancelled)) throw error;
        });
      }
      const next = lab.steps.findIndex((step) => step.id === progress.nextStepId);
      terminal.line();
      terminal.line(`Progress saved. \`${resumeCommand(lab, mode, options.cwd)}\` resumes${next >= 0 ? ` at step ${next + 1}/${lab.steps.length}` : ''}.`);
      return termination.terminated ? TERMINATED_EXIT_CODE : outcome === 'cancelled' ? 130 : 0;
    }
    progress.completedAt = new Date().toISOString();
    delete progress.nextStepId;
    progress.nextStepIndex = lab.steps.length;
    await saveProgress(progress, env);
    const counts = tally(lab, progress.steps);
    terminal.line(summaryText(context, counts, Date.now() - startedAt, nextLabOfWeek(week, lab)));
    return counts.failed > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof PromptCancelled) return termination.terminated ? TERMINATED_EXIT_CODE : 130;
    if (error instanceof LabError) {
      stderr.write(`${redactCredentials(formatError(error))}\n`);
      return exitCodeFor(error);
    }
    throw error;
  } finally {
    await terminalShell?.close();
    await runner?.close();
    termination.dispose();
  }
}

function buildContext(
  lab: Lab, runner: StepRunner, prompter: Prompter, terminal: Terminal, options: WalkOptions,
  recordedMs: Map<string, number>, progress: LabProgress, env: NodeJS.ProcessEnv,
): WalkContext {
  const results = new Map<string, StepResult>();
  return {
    lab, runner, prompter, terminal, recordedMs, results,
    renderer: { prose: (text) => text, code: (_language, text) => text }, // replaced before the walk starts
    interrupts: options.interrupts ?? processInterrupts,
    env,
    statusOf: (stepId) => results.get(stepId)?.status ?? progress.steps[stepId],
    stdin: options.stdin,
    async onShellDone(attachment, shell) {
      recordAttachedShell(lab, progress, { changed: attachment.variables, unset: attachment.unset, values: shell.variables(), cwd: shell.workingDirectory(), definitions: attachment.definitionChanges });
      await saveProgress(progress, env);
    },
    async onStepDone(stepIndex, result) {
      results.set(result.stepId, result);
      progress.steps[result.stepId] = result.status;
      // A failed step stays the one to come back to; anything else moves on.
      const next = result.status === 'failed' ? stepIndex : stepIndex + 1;
      progress.nextStepIndex = next;
      progress.nextStepId = lab.steps[next]?.id;
      progress.variables = storableVariables(lab, runner.variables());
      const cwd = runner.workingDirectory();
      if (cwd) {
        // A directory named after a secret is not written down (the walk then starts afresh there).
        const storable = storableText(lab, runner.variables(), cwd);
        if (storable) progress.cwd = storable;
        else delete progress.cwd;
      }
      progress.updatedAt = new Date().toISOString();
      await saveProgress(progress, env);
    },
  };
}

async function defaultRunner(lab: Lab, request: RunnerRequest): Promise<StepRunner> {
  const { prepareRunner } = await import('../run/prepare.js');
  return prepareRunner(lab, {
    mode: request.mode, steps: lab.steps, vars: request.vars, yes: false, interactive: true, practice: request.mode === 'replay',
    sshConfig: request.sshConfig, sshOptions: request.sshOptions, kubeContext: request.kubeContext, kubeconfig: request.kubeconfig, cwd: request.cwd, onNotice: request.onNotice,
  });
}

/**
 * The command that resumes this walk (or opens its shell), exactly: the lab's id when
 * `lab walk ID` finds this very file from here, else its path; `--live` for a live walk
 * (without it, practice resumes).
 */
export function resumeCommand(lab: Lab, mode: WalkMode, cwd: string, command: 'walk' | 'shell' = 'walk'): string {
  const byId = trustOf(lab.file, cwd).trusted && defaultLabId(lab.file) === lab.meta.id;
  const name = byId ? lab.meta.id : shellWord(lab.displayPath);
  return `lab ${command} ${name}${mode === 'live' ? ' --live' : ''}`;
}

function shellWord(text: string): string {
  return /^[\w./@%+=:,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function stepIndexOf(lab: Lab, id: string): number {
  const index = lab.steps.findIndex((step) => step.id === id);
  if (index >= 0) return index;
  throw new LabError('BAD_INPUT', `--from ${id}: ${lab.displayPath} has no step \`${id}\`${didYouMean(id, lab.steps.map((step) => step.id))}`, {
    hint: `\`lab steps ${lab.displayPath}\` lists its step ids`,
    position: { file: lab.displayPath, line: 1, column: 1 },
  });
}

/** No progress in this mode, some in the other: say they are kept apart, so nobody expects a resume. */
async function noteOtherMode(terminal: Terminal, lab: Lab, mode: WalkMode, env: NodeJS.ProcessEnv): Promise<void> {
  const other = await loadProgress(progressKey(lab, mode === 'live' ? 'replay' : 'live'), env);
  if (!other || other.completedAt || other.nextStepIndex === 0) return;
  terminal.line(terminal.style.dim(mode === 'live'
    ? 'Your practice progress is kept apart: a live walk starts from the top, with none of the recording\'s values.'
    : 'Your live progress is kept apart: practice starts from the top, with none of your live values.'));
}

async function isDirectory(dir: string): Promise<boolean> {
  return stat(dir).then((info) => info.isDirectory(), () => false);
}

/**
 * Per recorded step, its duration (all attempts; the slowest host), for "~12m when recorded"; a
 * hand-written step's duration is invented and never shown. Where the outputs came from, in
 * words, for the intro and per step (with the fixture's note) for Details.
 */
async function fixtureFacts(lab: Lab): Promise<{ recordedMs: Map<string, number>; outputsFrom: string; stale: Set<string>; origins: Map<string, StepOrigin>; fixtureVariables: Map<string, Record<string, string>> }> {
  const loaded = await loadFixtureFor(lab).catch(() => undefined);
  const fixture = loaded?.fixture;
  const steps = fixture?.steps ?? [];
  const stale = new Set(fixture ? compareFixture(lab, fixture).stale.map((step) => step.id) : []);
  const recorded = steps.filter((step) => step.provenance === 'recorded');
  const recordedDate = /^\d{4}-\d{2}-\d{2}/.exec(fixture?.recordedAt ?? '')?.[0];
  const origins = new Map(steps.map((step): [string, StepOrigin] => {
    const provenance: OutputProvenance = step.provenance === 'recorded'
      ? { kind: 'recorded', ...(recordedDate ? { date: recordedDate } : {}) }
      : { kind: step.provenance, ...(step.source?.from ? { from: step.source.from } : {}), ...(step.source?.line ? { line: step.source.line } : {}), ...(step.source?.date ? { date: step.source.date } : {}) };
    return [step.id, { words: provenanceWords(provenance), ...(step.note ? { note: step.note } : {}) }];
  }));
  const counts = summarizeFixture({ ...(fixture ?? { steps: [] }), steps } as never).provenance;
  const outputsFrom = steps.length > 0 && recorded.length === steps.length ? 'the recorded run'
    : `the fixture, not one live run (${[
      counts.recorded ? `${counts.recorded} recorded` : '',
      counts.transcribed ? `${counts.transcribed} transcribed` : '',
      counts.synthesized ? `${counts.synthesized} written by hand` : '',
    ].filter(Boolean).join(', ') || 'no outputs'})`;
  const fixtureVariables = new Map(steps.filter((step) => step.variables).map((step) => [step.id, { ...step.variables! }]));
  return { recordedMs: new Map(recorded.map((step) => [step.id, stepDurationMs(step)])), outputsFrom, stale, origins, fixtureVariables };
}
