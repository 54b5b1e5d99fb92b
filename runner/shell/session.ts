// ShellSession: a lab's persistent shell, like a learner's terminal. A long-lived bash (the host,
// shell-host.ts) holds the state and forks each step into its own process group; the step hands
// its state back through a pipe, and the host is told only what changed before the next step.
// `tty` steps and `background` jobs run in a bash of their own, started with the full state.
import os from 'node:os';
import { resolve as resolvePath } from 'node:path';
import { LabError } from '../errors/index.js';
import { DEFAULT_OUTPUT_CAP_BYTES } from '../process/output-buffer.js';
import { stopGroup } from '../process/process-group.js';
import { startBackgroundJob, type BackgroundHandle } from './background.js';
import { runInteractiveProcess } from './interactive.js';
import { buildPrelude } from './prelude.js';
import { findBash } from './spawn.js';
import {
  assignment,
  changedVariables,
  exportedEnvironment,
  initialState,
  variableValues,
  type ShellState,
  type ShellVariable,
} from './state.js';
import type { ShellRunOptions, ShellRunResult, ShellSessionOptions } from './options.js';
import type { TerminalOutcome } from '../step/target.js';
import type { OutputPressure } from '../model/events.js';
import type { OutputEvent, StepOutcome } from './step.js';
import { oversizedVariable } from './state-limits.js';
import { freshHostState, hostSetup, type HostState } from './host-sync.js';
import { ShellHost } from './host.js';
import { runAttachedShell } from './attached.js';
import { cannotChangeState } from './state-effects.js';
import type { ShellAttachment } from '../step/target.js';
import { applyShellChanges, hasChanges } from './attached-changes.js';
import { newSessionId, SESSION_ID_VARIABLE, stopMarkedProcesses } from '../process/session-marker.js';
import { Containment } from '../process/containment.js';

export type { BackgroundHandle } from './background.js';
export type { ShellRunOptions, ShellRunResult, ShellSessionOptions } from './options.js';

export class ShellSession {
  private state: ShellState;
  private readonly bashPath: string;
  private readonly graceMs: number;
  private readonly outputCapBytes: number;
  private readonly backgroundLogCapBytes: number;
  private readonly leftoverGroups = new Set<number>();
  private readonly background = new Map<string, BackgroundHandle>();
  private baseline: Promise<void> | undefined;
  /** Steps run one after another, as in one terminal. */
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** Variables set while a step runs: the step's dump must not erase them. */
  private setWhileRunning: Map<string, ShellVariable> | undefined;
  private backgroundCount = 0;
  private containment: Containment | undefined;
  private host: ShellHost | undefined;
  /** The host's move into the session's cgroup: every step but the first state's probe waits for it. */
  private hostEntered: Promise<void> = Promise.resolve();
  /** What the host holds: the next step's setup sends only the difference. */
  private hostState: HostState | undefined;
  private readonly sessionId = newSessionId();
  /** The options of a fresh session (the first dump's): an attached shell gets only the ones steps changed. */
  private defaultOptions = '';

  constructor(options: ShellSessionOptions = {}) {
    const env = { ...(options.env ?? process.env), LAB_RUNNER: '1' };
    this.state = initialState(env, resolvePath(options.cwd ?? process.cwd()));
    this.bashPath = options.bashPath ?? findBash(env);
    this.graceMs = options.graceMs ?? 3_000;
    this.outputCapBytes = options.outputCapBytes ?? DEFAULT_OUTPUT_CAP_BYTES;
    this.backgroundLogCapBytes = options.backgroundLogCapBytes ?? 1024 * 1024;
  }

  /** A session whose bash is already known to work (its first state read back). */
  static async start(options: ShellSessionOptions = {}): Promise<ShellSession> {
    const session = new ShellSession(options);
    await session.ready();
    return session;
  }

  /** The session's current directory (where the last step's `cd` left it). */
  get cwd(): string {
    return this.state.cwd;
  }

  run(script: string, options: ShellRunOptions = {}): Promise<ShellRunResult> {
    return this.serialized(async () => {
      const before = this.state;
      const stepCwd = options.cwd === undefined ? undefined : resolvePath(this.state.cwd, options.cwd);
      const cannotChange = cannotChangeState(script, before);
      const outcome = refuseOversized(before, await this.runOnHost(script, { ...options, stepCwd, outputCapBytes: this.outputCapBytes, cannotChangeState: cannotChange }));
      if (outcome.leftoverGroup !== undefined) this.leftoverGroups.add(outcome.leftoverGroup);
      const variables = this.adopt(before, outcome.state, stepCwd);
      return { ...outcome.attempt, variables };
    });
  }

  /** Starts a `background` step; it keeps running until stopped or until close(). */
  startBackground(script: string, options: { cwd?: string; onOutput?: (chunk: OutputEvent) => OutputPressure } = {}): Promise<BackgroundHandle> {
    return this.serialized(async () => {
      const { stepCwd: _unused, ...launch } = this.launchContext(script, options.cwd, false);
      const handle = await startBackgroundJob({
        ...launch,
        id: `bg-${++this.backgroundCount}`,
        graceMs: this.graceMs,
        logCapBytes: this.backgroundLogCapBytes,
        onOutput: options.onOutput,
      });
      await this.contained().enter(handle.pid);
      this.background.set(handle.id, handle);
      return handle;
    });
  }

  /**
   * A `tty` step: the runner's terminal is handed over; resolves with the exit code, and with
   * `refused` when the step set a variable past its cap (the session keeps the state from before).
   */
  runInteractive(script: string, options: { cwd?: string } = {}): Promise<TerminalOutcome> {
    return this.serialized(async () => {
      const before = this.state;
      const { stepCwd, ...launch } = this.launchContext(script, options.cwd, true);
      const outcome = await runInteractiveProcess(launch);
      const refused = outcome.refused ?? (outcome.state && oversizedVariable(outcome.state.variables, changedFrom(before, outcome.state)));
      this.adopt(before, refused ? undefined : outcome.state, stepCwd);
      return refused ? { exitCode: outcome.exitCode, refused } : { exitCode: outcome.exitCode };
    });
  }

  /**
   * An interactive bash on the runner's terminal with the session's whole state (attached.ts);
   * once the learner leaves it, the session takes what they changed: variables, functions,
   * aliases, the directory. Their ~/.bashrc's own settings stay out, and so do option changes.
   */
  attach(): Promise<ShellAttachment> {
    return this.serialized(async () => {
      this.setWhileRunning = undefined;
      const before = this.state;
      const home = before.variables.get('HOME')?.value || os.homedir();
      const { exitCode, signal, terminalBack, changes, refused } = await runAttachedShell({ bashPath: this.bashPath, env: this.environment(), state: before, defaultOptions: this.defaultOptions, home });
      if (!changes) return { exitCode, ...(signal ? { signal } : {}), ...(refused ? { refused } : {}), terminalBack, variables: {}, unset: [], definitions: false, adopted: false };
      if (hasChanges(changes)) this.state = applyShellChanges(before, changes);
      return {
        exitCode,
        terminalBack,
        variables: changedVariables(before, this.state),
        unset: changes.unset,
        ...(changes.cwd !== undefined ? { movedTo: changes.cwd } : {}),
        definitions: changes.functions.size + changes.removedFunctions.length + changes.aliases.size + changes.removedAliases.length > 0,
        ...(changes.options.length > 0 ? { options: changes.options } : {}),
        definitionChanges: {
          functions: Object.fromEntries(changes.functions), removedFunctions: changes.removedFunctions,
          aliases: Object.fromEntries(changes.aliases), removedAliases: changes.removedAliases,
        },
        adopted: true,
      };
    });
  }

  /** Sets variables for the next steps (frontmatter vars, --var, capture=). */
  setVariables(values: Record<string, string>, options: { export: boolean }): void {
    const variables = new Map(this.state.variables);
    for (const [name, value] of Object.entries(values)) {
      const variable = assignment(name, value, options.export);
      variables.set(name, variable);
      this.setWhileRunning?.set(name, variable);
    }
    this.state = { ...this.state, variables };
  }

  /** Adds function definitions (`declare -f` text) and `alias` lines to the session, after its own. */
  addDefinitions(functions: string, aliases: string): void {
    const join = (current: string, more: string) => (more ? `${current}${current && !current.endsWith('\n') ? '\n' : ''}${more}` : current);
    this.state = { ...this.state, functions: join(this.state.functions, functions), aliases: join(this.state.aliases, aliases) };
  }

  /** Every variable of the session (the environment included), by name. */
  variables(): Record<string, string> {
    return variableValues(this.state);
  }

  backgroundJobs(): BackgroundHandle[] {
    return [...this.background.values()];
  }

  /** Stops every background job and every process a step left behind; resolves when none remains. */
  async close(): Promise<void> {
    this.closed = true;
    await this.queue.catch(() => {});
    const stops = [...this.background.values()].map((job) => job.stop());
    for (const pgid of this.leftoverGroups) stops.push(stopGroup(pgid, { graceMs: this.graceMs }));
    if (this.host) stops.push(this.host.close());
    await Promise.all(stops);
    this.leftoverGroups.clear();
    // Daemons that left their step's group (setsid) still carry the session's marker.
    await stopMarkedProcesses(this.sessionId, this.graceMs);
    await this.hostEntered;
    // And those that dropped it (`env -i`, a double fork clearing its environment) are still in the cgroup.
    await this.containment?.close(this.graceMs);
    this.containment = undefined;
  }

  /** The session's cgroup and watchdog, made with its first process. */
  private contained(): Containment {
    return (this.containment ??= Containment.open(this.sessionId));
  }

  private async runOnHost(script: string, options: ShellRunOptions & { stepCwd: string | undefined; outputCapBytes: number; probe?: boolean; cannotChangeState?: boolean }) {
    if (!this.host?.alive || !this.hostState) {
      this.host = await ShellHost.start({ bashPath: this.bashPath, env: this.environment(), cwd: this.state.cwd });
      this.hostEntered = this.contained().enter(this.host.pid);
      this.hostState = freshHostState(this.state);
    }
    // Before a step, so everything the host forks for it starts inside the session's fences. The
    // probe for the first state runs no script of the lab's: it overlaps the move.
    if (!options.probe) await this.hostEntered;
    const setup = hostSetup(this.hostState, this.state, { stepCwd: options.stepCwd, stdin: options.stdin });
    this.hostState = setup.next;
    return this.host.run({
      setup: setup.script,
      script,
      cannotChangeState: options.cannotChangeState,
      options: this.state.options,
      optionsKey: this.state.optionsKey,
      timeoutMs: options.timeoutMs,
      forMs: options.forMs,
      graceMs: options.graceMs ?? this.graceMs,
      outputCapBytes: options.outputCapBytes,
      signal: options.signal,
      onOutput: options.onOutput,
    });
  }

  /** The exported variables, and the marker every process of the session carries. */
  private environment(): Record<string, string> {
    return { ...exportedEnvironment(this.state), [SESSION_ID_VARIABLE]: this.sessionId };
  }

  /** What every kind of step starts from: bash, the script, the prelude for the current state. */
  private launchContext(script: string, cwd: string | undefined, collectState: boolean) {
    const stepCwd = cwd === undefined ? undefined : resolvePath(this.state.cwd, cwd);
    return {
      stepCwd,
      bashPath: this.bashPath,
      script,
      prelude: buildPrelude(this.state, { collectState, stepCwd }),
      env: this.environment(),
      cwd: stepCwd ?? this.state.cwd,
    };
  }

  /** Takes the state a step left; a step that died without dumping keeps the previous one. */
  private adopt(before: ShellState, after: ShellState | undefined, stepCwd: string | undefined): Record<string, string> {
    const setMeanwhile = this.setWhileRunning;
    this.setWhileRunning = undefined;
    if (!after) return {};
    // cwd= is for this step only; where the step itself cd'ed to persists, as in a terminal.
    if (stepCwd !== undefined && after.cwd === stepCwd) after.cwd = before.cwd;
    const changed = changedVariables(before, after);
    // The runner's own assignments made during the step (not the step's doing) win over its dump.
    if (setMeanwhile?.size) after.variables = new Map([...after.variables, ...setMeanwhile]);
    this.state = after;
    return changed;
  }

  private serialized<T>(task: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new LabError('INTERNAL', 'the shell session is closed'));
    const result = this.queue
      .then(() => this.ready())
      .then(() => {
        this.setWhileRunning = new Map();
        return task();
      });
    this.queue = result.catch(() => {});
    return result;
  }

  /**
   * The first state comes from bash itself (HOSTNAME, IFS, PS4... included), so the first step's
   * `variables` lists only what it changed, not what bash sets on its own.
   */
  private ready(): Promise<void> {
    if (this.baseline) return this.baseline;
    this.baseline = this.runOnHost('', { stepCwd: undefined, outputCapBytes: 64 * 1024, probe: true }).then((outcome) => {
      if (!outcome.state) throw new LabError('INTERNAL', `bash did not report its state: ${outcome.attempt.stderr.trim()}`);
      this.state = outcome.state;
      this.defaultOptions = outcome.state.options;
      // The step inherited all of it from the host: nothing to send before the first real step
      // but the options, so that steps dump theirs only when they change them.
      this.hostState = { ...outcome.state, options: '', defaultOptions: outcome.state.options };
    });
    return this.baseline;
  }
}

/** A step that set a variable past its cap fails, naming it; the session keeps the state it had before. */
function refuseOversized(before: ShellState, outcome: StepOutcome): StepOutcome {
  const after = outcome.state;
  if (!after) return outcome;
  if (after.variables === before.variables) return outcome;
  const refused = oversizedVariable(after.variables, changedFrom(before, after));
  return refused ? { ...outcome, attempt: { ...outcome.attempt, refused }, state: undefined } : outcome;
}

/** Whether the step changed a variable (only a changed one can be over the cap because of it). */
function changedFrom(before: ShellState, after: ShellState): (name: string) => boolean {
  return (name) => before.variables.get(name)?.value !== after.variables.get(name)?.value;
}
