// The step runner: every rule about running one step, in one place, the same for `lab run`,
// `lab record` and `lab walk`, live or replayed. Targets (the lab's bash, ssh hosts, pods, a
// fixture) only produce attempts; here a step is skipped, confirmed, handed the terminal, left in
// the background, solved and checked, retried, fanned out over its hosts or pods, judged against
// its expectations, captured, and redacted before anyone sees it.
import { formatPosition } from '../errors/index.js';
import { evaluateAttempt } from '../expect/index.js';
import type { Lab, Step } from '../model/lab.js';
import type { OutputChunk, OutputPressure, StepProgress } from '../model/events.js';
import path from 'node:path';
import type { AttemptResult, Failure, HookResult, StepResult } from '../model/result.js';
import { formatDuration } from '../text/duration.js';
import { shellQuote } from '../text/shell-quote.js';
import { displayRedactor, redactStepResult, redactVariable, secretValues, secretVariable, type LineRedaction, type Redactor } from '../redact/index.js';
import { runAttempts, type Slot } from './attempts.js';
import { OutputStage } from './output.js';
import { failedResult, resultFromRemotes, resultFromSlot, skippedResult } from './result.js';
import type { BackgroundJob, Remote, ShellAttachment, Target, TargetSet } from './target.js';
import { expandVariables } from './variables.js';

export const DEFAULT_STEP_TIMEOUT_MS = 10 * 60_000;
export const DEFAULT_INTERVAL_MS = 5_000;
/** The EKS Workshop harness's hook timeout. */
export const DEFAULT_HOOK_TIMEOUT_MS = 300_000;

export interface StepRunnerOptions {
  /** Resolved variables (frontmatter, --var, default-from), secrets included. */
  variables: Record<string, string>;
  /** Accept every `confirm=` step (`--yes`). */
  yes: boolean;
  /** A terminal is there for `tty` steps (the walk). */
  interactive: boolean;
  defaultTimeoutMs?: number;
  /**
   * The redactor for results (not live output), given the variables. `lab record` passes the
   * fixture's own, so what it shows is what the fixture will hold. Default: the display redactor.
   */
  resultRedactor?: (values: Record<string, string>) => Redactor;
  /** Per step id, how long it took when its fixture was recorded live (only steps that still match it). */
  recordedDurations?: ReadonlyMap<string, number>;
}

export interface RunOptions {
  /** Replaces the step's block for this run only (the walk's Edit). */
  command?: string;
  /** A task's check alone (the walk's Check) or its solution alone; default: solve (if any), then check. */
  part?: 'check' | 'solve';
  onOutput?: (chunk: OutputChunk) => OutputPressure;
  /** At most this many lines of a step go to onOutput as they come, then only each stream's last lines at its end (see output.ts); default: all. */
  outputLines?: number;
  onAttempt?: (progress: StepProgress) => void;
  /** Aborting stops the running step (Ctrl-C), not the lab. */
  signal?: AbortSignal;
  /** The step's `confirm` was accepted (the walk asked, or `--yes`). */
  confirmed?: boolean;
  /** A `tty` step on several hosts or pods: the one to open the terminal on (default: the first). */
  remote?: string;
}

export interface BackgroundInfo {
  stepId: string;
  running: boolean;
  log(): string;
}

/** Characters of one step's texts a remembering redactor keeps; beyond it, it redacts without keeping. */
const REMEMBERED_CHARACTERS = 8 * 1024 * 1024;
const remembered = new WeakMap<Redactor, { texts: Map<string, string>; size: number }>();

/**
 * The display redactor, remembering what it redacted during a step: a step's output is redacted
 * once as it streams and again in its result, and a replayed output arrives whole, so the
 * second pass (all the patterns over the same text) becomes a lookup. Its counts are never read.
 */
function rememberingRedactor(redactor: Redactor): Redactor {
  const memory = { texts: new Map<string, string>(), size: 0 };
  const wrapper: Redactor = {
    redact(text) {
      const known = memory.texts.get(text);
      if (known !== undefined) return known;
      const redacted = redactor.redact(text);
      if (text.length >= 64 && memory.size + text.length <= REMEMBERED_CHARACTERS) {
        memory.texts.set(text, redacted);
        memory.size += text.length;
      }
      return redacted;
    },
    counts: () => redactor.counts(),
    findLeftovers: (text) => redactor.findLeftovers(text),
  };
  remembered.set(wrapper, memory);
  return wrapper;
}

/** A new step: what the last one printed is not kept any longer. */
function forgetRedacted(redactor: Redactor | undefined): void {
  const memory = redactor && remembered.get(redactor);
  if (!memory) return;
  memory.texts.clear();
  memory.size = 0;
}

export class StepRunner {
  private readonly values: Record<string, string>;
  private readonly jobs: Array<{ stepId: string; job: BackgroundJob; result: StepResult }> = [];
  private display?: { key: string; redactor: Redactor; lines: LineRedaction; version: number };
  /** Bumped whenever `values` changes: the display redactor is looked at again only then. */
  private valuesVersion = 0;

  /** Whether a variable is secret: an expectation with its value put in is never remembered. */
  private readonly secret: (name: string) => boolean;

  constructor(private readonly lab: Lab, private readonly targets: TargetSet, private readonly options: StepRunnerOptions) {
    this.values = { ...options.variables };
    this.secret = secretVariable(lab);
  }

  get mode(): 'live' | 'replay' {
    return this.targets.mode;
  }

  /** Runs (or replays) a step; never throws for a failing step: the failure is in the result. */
  async run(step: Step, options: RunOptions = {}): Promise<StepResult> {
    const { attributes } = step;
    const part = options.part === 'solve' ? 'solve' : 'step';
    const script = part === 'solve' ? step.task?.solve?.command ?? '' : options.command ?? step.command;
    const command = this.commandFor(script);
    const done = (result: StepResult) => this.redactResult(result);
    if (attributes.skip !== false) return done(skippedResult(step, attributes.skip === true ? 'marked skip' : attributes.skip, command, this.mode));
    const target = this.targets.for(step);
    const verdict = target.verdict?.(step);
    if (verdict) return done('fail' in verdict ? failedResult(step, verdict.fail, command, this.mode) : skippedResult(step, verdict.skip, command, this.mode));
    if (attributes.tty && target.mode === 'replay') return done(skippedResult(step, 'needs a terminal: nothing to replay', command, this.mode));
    if (attributes.tty && !this.options.interactive) return done(skippedResult(step, 'needs a terminal: run it in `lab walk`', command, this.mode));
    if (attributes.tty && !target.interactive) return done(failedResult(step, 'this kind of step cannot open a terminal', command, this.mode));
    if (attributes.confirm !== undefined && target.mode === 'live' && !(options.confirmed || this.options.yes)) {
      const why = attributes.confirm ? ` ("${attributes.confirm}")` : '';
      return done(failedResult(step, `this step asks for confirmation${why}: pass --yes to accept it in a headless run`, command, this.mode));
    }
    if (attributes.tty) return done(await this.interactive(step, target, script, command, options));
    if (attributes.background) return this.background(step, target, script, command);
    if (step.task && options.part === undefined) {
      if (step.task.solve) {
        const solved = await this.run(step, { ...options, part: 'solve' });
        if (solved.status === 'failed') return solved;
      }
      return this.run(step, { ...options, part: 'check' });
    }
    if (part === 'solve' && !step.task?.solve) return done(failedResult(step, 'this task has no `solve` block', command, this.mode));
    const result = attributes.hook && part === 'step'
      ? await this.withHooks(step, target, command, attributes.hook, () => this.execute(step, target, script, command, part, options), options)
      : await this.execute(step, target, script, command, part, options);
    if (attributes.settleMs && target.mode === 'live' && result.status === 'passed') await settle(attributes.settleMs, options.signal);
    const provenance = target.mode === 'replay' ? target.provenance?.(step) : undefined;
    return done(provenance ? { ...result, provenance } : result);
  }

  /** How long the step took when recorded live, if its fixture says so (replay, or a live run of a recorded lab). */
  recordedDuration(step: Step): number | undefined {
    return this.options.recordedDurations?.get(step.id);
  }

  /** Current values (frontmatter, --var, captures, shell assignments); secrets included. */
  variables(): Record<string, string> {
    return { ...this.values };
  }

  setVariables(values: Record<string, string>): void {
    Object.assign(this.values, values);
    this.valuesVersion++;
    this.targets.local.setVariables?.(values);
  }

  /** The step's command (or `script`) as it will run: variables expanded, secrets and credentials masked. */
  displayCommand(step: Step, script = step.command): string {
    return this.commandFor(script);
  }

  /** Any text shown with this lab's values (a task's solution), masked the same way. */
  redactText(text: string): string {
    return this.displayRedactor().redact(text);
  }

  /** The hosts or pods a remote step runs on, as far as they are known now; empty for a local step. */
  async remotesOf(step: Step): Promise<string[]> {
    const list = await this.targets.for(step).remotes?.(step, this.values);
    return list && 'remotes' in list ? list.remotes.map((remote) => remote.name) : [];
  }

  /**
   * The hosts or pods a step names before it runs, for lining up their output prefixes: none for
   * a local step (nothing asked), nor for a selector's pods (known only by asking kubectl). A bad
   * host list is the run's error to report, with its words: here it only means no names yet.
   */
  async knownRemotes(step: Step): Promise<string[]> {
    const { hosts, pods, selector } = step.attributes;
    if ((hosts === undefined && pods === undefined) || selector !== undefined) return [];
    return this.remotesOf(step).catch(() => []);
  }

  backgroundJobs(): BackgroundInfo[] {
    return this.jobs.map(({ stepId, job }) => ({ stepId, running: job.running(), log: () => this.redactText(job.log()) }));
  }

  /**
   * Live: hands the terminal to an interactive shell on the lab's session (the walk's Terminal);
   * what the learner changed there becomes the lab's values for the next steps. Undefined where
   * the session has no shell (replay).
   */
  /** Whether attachShell() has a shell to hand over. */
  get canAttachShell(): boolean {
    return Boolean(this.targets.local.attachShell);
  }

  async attachShell(): Promise<ShellAttachment | undefined> {
    const local = this.targets.local;
    if (!local.attachShell) return undefined;
    const attachment = await local.attachShell();
    for (const name of attachment.unset) delete this.values[name];
    Object.assign(this.values, attachment.variables);
    this.valuesVersion++;
    return attachment;
  }

  /** The session's current directory after the steps so far (live); undefined in replay. */
  workingDirectory(): string | undefined {
    return this.targets.local.workingDirectory?.();
  }

  /** Stops background jobs (their results then hold their logs) and releases every target. */
  async close(): Promise<void> {
    for (const { job, result } of this.jobs) {
      await job.stop();
      const attempt = result.attempts[0];
      if (attempt) attempt.stdout = this.resultRedactor().redact(job.log());
    }
    await this.targets.close();
  }

  private commandFor(script: string): string {
    return this.redactText(expandVariables(script, this.values));
  }

  /** The display redactor for the current secret values, rebuilt when they change. */
  private displayRedactor(): Redactor {
    this.refreshDisplay();
    return this.display!.redactor;
  }

  /** The same, with the secret values themselves, for live output cut into lines (output.ts). */
  private lineRedaction(): LineRedaction {
    this.refreshDisplay();
    return this.display!.lines;
  }

  private refreshDisplay(): void {
    // Asked for every block of output lines: the secrets are looked up again only after a change.
    if (this.display?.version === this.valuesVersion) return;
    const key = JSON.stringify(secretValues(this.lab, this.values));
    if (this.display?.key === key) {
      this.display.version = this.valuesVersion;
      return;
    }
    const redactor = rememberingRedactor(displayRedactor(this.lab, this.values));
    const secrets = Object.values(secretValues(this.lab, this.values));
    this.display = { key, redactor, lines: { redact: (text) => redactor.redact(text), secrets }, version: this.valuesVersion };
  }

  private resultRedactor(): Redactor {
    return this.options.resultRedactor?.(this.values) ?? this.displayRedactor();
  }

  private redactResult(result: StepResult): StepResult {
    const redactor = this.resultRedactor();
    return redactStepResult(result, (text) => redactor.redact(text), (name, value) => redactVariable(redactor, name, value));
  }

  private async execute(step: Step, target: Target, script: string, command: string, part: 'step' | 'solve', options: RunOptions): Promise<StepResult> {
    const startedAt = Date.now();
    const { attributes } = step;
    forgetRedacted(this.display?.redactor);
    const output = new OutputStage(options.onOutput, () => this.lineRedaction(), { lines: options.outputLines });
    const list = await target.remotes?.(step, this.values, options.signal);
    if (list && 'error' in list) return failedResult(step, list.error, command, this.mode);
    const slots: Slot[] = list ? list.remotes.map((remote) => ({ remote })) : [{}];
    const maxAttempts = part === 'solve' ? 1 : attributes.retry ?? 1;
    const changed: Record<string, string> = {};
    // Warnings (drift from a sample) never fail an attempt; the last judged attempt's are reported.
    let warnings: Failure[] = [];
    await runAttempts(slots, {
      maxAttempts,
      intervalMs: target.mode === 'live' ? attributes.intervalMs ?? DEFAULT_INTERVAL_MS : 0,
      signal: options.signal,
      onRound: (attempt) => options.onAttempt?.({ attempt, maxAttempts }),
      attempt: (slot, attempt) =>
        target.attempt({
          step, script, part, attempt, remote: slot.remote, signal: options.signal,
          timeoutMs: attributes.timeoutMs ?? this.options.defaultTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS,
          onOutput: output.writer(slot.remote?.name),
        }),
      judge: async (attempt, variables) => {
        if (variables) {
          Object.assign(this.values, variables);
          this.valuesVersion++;
          Object.assign(changed, variables);
        }
        const expectations = part === 'solve' ? step.task?.solve?.expectations ?? [] : step.expectations;
        const mismatches = await evaluateAttempt(expectations, attempt, { exit: attributes.exit, exitPosition: step.position, vars: this.values, secret: this.secret });
        warnings = mismatches.filter((mismatch) => mismatch.severity === 'warn');
        return mismatches.filter((mismatch) => mismatch.severity !== 'warn');
      },
    });
    output.flush();
    const elapsed = Date.now() - startedAt;
    if (list) return this.timed(step, resultFromRemotes(step, slots, command, this.mode), elapsed);
    const result = this.timed(step, resultFromSlot(step, slots[0]!, command, this.mode), elapsed);
    if (warnings.length > 0) result.warnings = warnings;
    const last = result.attempts[result.attempts.length - 1];
    if (attributes.capture && part === 'step' && last && result.status === 'passed') {
      const value = last.stdout.trim();
      this.setVariables({ [attributes.capture]: value });
      changed[attributes.capture] = value;
    }
    if (Object.keys(changed).length > 0) result.variables = changed;
    return result;
  }

  /**
   * `hook=NAME` (the EKS Workshop's): `bash tests/hook-NAME.sh before` (next to the page), the
   * step, then `... after` with TEST_OUTPUT = the step's stdout, each within hookTimeout; a
   * failing hook fails the step. Hooks run in the step's target, so replay shows what they did
   * when recorded and never runs one.
   */
  private async withHooks(step: Step, target: Target, command: string, name: string, run: () => Promise<StepResult>, options: RunOptions): Promise<StepResult> {
    const file = path.join(path.dirname(this.lab.file), 'tests', `hook-${name}.sh`);
    const hooks: HookResult[] = [];
    const runHook = async (phase: 'before' | 'after', env: string): Promise<string | undefined> => {
      const ran = await target.attempt({
        step, part: 'step', attempt: 1, signal: options.signal, hook: { phase, name },
        script: `${env}bash ${shellQuote(file)} ${phase}`,
        timeoutMs: step.attributes.hookTimeoutMs ?? DEFAULT_HOOK_TIMEOUT_MS,
        onOutput: () => {},
      });
      if (ran?.attempt) hooks.push({ phase, name, attempts: [ran.attempt] });
      const attempt = ran?.attempt;
      if (ran?.error) return ran.error;
      if (!attempt) return `hook ${name} (${phase}) did not run`;
      if (attempt.timedOut) return `hook ${name} (${phase}) did not finish within ${formatDuration(attempt.timeoutMs ?? 0)}`;
      if (attempt.exitCode !== 0) return `hook ${name} (${phase}) failed with exit code ${attempt.exitCode ?? attempt.signal}: ${lastLine(attempt.stderr || attempt.stdout)}`;
      return undefined;
    };
    const withHookResults = (result: StepResult) => (hooks.length ? { ...result, hooks } : result);
    const before = await runHook('before', '');
    if (before) return withHookResults(failedResult(step, before, command, this.mode));
    const result = await run();
    if (result.status !== 'passed') return withHookResults(result);
    const stdout = result.attempts.at(-1)?.stdout ?? '';
    const after = await runHook('after', `TEST_OUTPUT=${shellQuote(stdout)} `);
    if (after) return withHookResults({ ...result, status: 'failed', failures: [...result.failures, { message: `${formatPosition(step.position)}: ${after}`, position: step.position }] });
    return withHookResults(result);
  }

  /**
   * How long this run of the step took (a replay's own time, not the recorded attempts' sum), and
   * beside it how long it took when recorded, when the fixture knows.
   */
  private timed(step: Step, result: StepResult, elapsedMs: number): StepResult {
    const recorded = this.recordedDuration(step);
    return { ...result, durationMs: elapsedMs, ...(recorded !== undefined ? { recordedDurationMs: recorded } : {}) };
  }

  private async interactive(step: Step, target: Target, script: string, command: string, options: RunOptions): Promise<StepResult> {
    let remote: Remote | undefined;
    const list = await target.remotes?.(step, this.values, options.signal);
    if (list && 'error' in list) return failedResult(step, list.error, command, this.mode);
    if (list) {
      remote = list.remotes.find((candidate) => candidate.name === options.remote) ?? list.remotes[0];
      if (!remote) return failedResult(step, 'this step names no host or pod to open a terminal on', command, this.mode);
    }
    const { exitCode: code, refused } = await target.interactive!({ step, script, remote });
    const attempt: AttemptResult = { stdout: '', stderr: '', exitCode: code, durationMs: 0, ...(refused ? { refused } : {}) };
    const passed = !refused && (code === 0 || step.attributes.exit === 'any' || code === step.attributes.exit);
    const why = refused ?? `the terminal session ended with exit code ${code ?? 'null'}`;
    return { stepId: step.id, status: passed ? 'passed' : 'failed', command, attempts: [attempt], durationMs: 0, source: this.mode, failures: passed ? [] : [{ message: `${formatPosition(step.position)}: ${why}`, position: step.position }] };
  }

  private async background(step: Step, target: Target, script: string, command: string): Promise<StepResult> {
    if (!target.background) return this.redactResult(failedResult(step, '`background` steps run in the lab\'s own shell: drop `background` or the hosts/pods', command, this.mode));
    const job = await target.background({
      step, script, part: 'step', attempt: 1, timeoutMs: 0, onOutput: () => {},
    });
    const result = this.redactResult({
      stepId: step.id, status: 'passed', command, durationMs: 0, failures: [], source: this.mode,
      attempts: [{ stdout: '', stderr: '', exitCode: 0, durationMs: 0 }],
    });
    this.jobs.push({ stepId: step.id, job, result });
    return result;
  }
}

/** `settle=`: let the cluster catch up after a step, as the page asks; cut short by an interrupt. */
function settle(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(finish, ms);
    signal?.addEventListener('abort', finish, { once: true });
    function finish() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', finish);
      resolve();
    }
  });
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}
