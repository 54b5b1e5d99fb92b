// Executes a lab for real: one persistent shell, steps with their retries and expectations,
// remote steps over ssh, background jobs, learner tasks and cleanup. Never throws for a failing
// step: the failure is in the StepResult.
import path from 'node:path';
import type { Lab, Step } from '../model/lab.js';
import type { BackgroundInfo, RunStepOptions, StepExecutor } from './executor.js';
import type { AttemptResult, StepResult } from '../model/result.js';
import { runAttempts } from './attempt-loop.js';
import { failedResult, resultFromHosts, resultFromLoop, skippedResult } from './step-result.js';
import { expandVariables, maskSecrets, secretValues } from './variables.js';
import { runRemoteStep } from './remote-step.js';
import { splitHosts, interactiveSshArgs } from './ssh-command.js';
import { ShellSession, type BackgroundHandle } from './shell.js';

export const DEFAULT_STEP_TIMEOUT_MS = 10 * 60_000;

export interface LiveOptions {
  /** Resolved variables (see resolveVariables), secrets included. */
  variables: Record<string, string>;
  /** Accept every confirm= step (`--yes`, or the walk asked). */
  yes: boolean;
  /** A terminal is there for `tty` steps (walk mode). */
  interactive: boolean;
  defaultTimeoutMs?: number;
  sshConfig?: string;
  sshOptions?: Record<string, string>;
  /** Where the session starts (default: the lab's folder); a resumed walk returns to its last directory. */
  cwd?: string;
}

export class LiveExecutor implements StepExecutor {
  readonly mode = 'live' as const;
  private readonly values: Record<string, string>;
  private readonly background: Array<{ stepId: string; handle: BackgroundHandle; result: StepResult }> = [];

  private constructor(private readonly lab: Lab, private readonly shell: ShellSession, private readonly options: LiveOptions) {
    this.values = { ...options.variables };
  }

  static async start(lab: Lab, options: LiveOptions): Promise<LiveExecutor> {
    const shell = await ShellSession.start({ cwd: options.cwd ?? path.dirname(lab.file), env: { ...process.env } });
    shell.setVariables(options.variables, { export: true });
    return new LiveExecutor(lab, shell, options);
  }

  variables(): Record<string, string> {
    return { ...this.values };
  }

  /** Runs a helper command (default-from, the AWS identity check) in the session: its trimmed stdout, or '' on failure. */
  async evaluate(command: string): Promise<string> {
    const run = await this.shell.run(command, { timeoutMs: 60_000 });
    return run.exitCode === 0 ? run.stdout.trim() : '';
  }

  setVariables(values: Record<string, string>): void {
    Object.assign(this.values, values);
    this.shell.setVariables(values, { export: true });
  }

  displayCommand(step: Step, command = step.command): string {
    return this.mask(expandVariables(command, this.values));
  }

  hostsOf(step: Step): string[] {
    if (step.attributes.hosts === undefined) return [];
    const expanded = expandVariables(step.attributes.hosts, this.values);
    return /\$\{?[A-Za-z_]/.test(expanded) ? [] : splitHosts(expanded);
  }

  private mask(text: string): string {
    return maskSecrets(text, secretValues(this.lab, this.values));
  }

  private maskAttempt(attempt: AttemptResult): AttemptResult {
    return { ...attempt, stdout: this.mask(attempt.stdout), stderr: this.mask(attempt.stderr) };
  }

  async runStep(step: Step, options: RunStepOptions = {}): Promise<StepResult> {
    const command = this.displayCommand(step, options.command);
    const { attributes } = step;
    if (attributes.skip !== false) return skippedResult(step, attributes.skip === true ? 'marked skip' : attributes.skip, command, 'live');
    if (attributes.tty && !this.options.interactive) return skippedResult(step, 'needs a terminal: run it in `lab walk`', command, 'live');
    if (attributes.confirm !== undefined && !(options.confirmed || this.options.yes)) {
      const why = attributes.confirm ? ` ("${attributes.confirm}")` : '';
      return failedResult(step, `this step asks for confirmation${why}: pass --yes to accept it in a headless run`, command, 'live');
    }
    if (attributes.tty) {
      const code = await this.runInteractive(step, attributes.hosts === undefined ? undefined : options.host ?? this.hostsOf(step)[0]);
      const attempt: AttemptResult = { stdout: '', stderr: '', exitCode: code, durationMs: 0 };
      return resultFromLoop(step, { attempts: [attempt], failures: [], passed: code === 0 || attributes.exit === 'any' }, command, 'live', Date.now());
    }
    if (attributes.background) return this.startBackground(step, options.command ?? step.command, command, options);
    if (step.task) {
      if (step.task.solve) {
        const solved = await this.solveTask(step, options);
        if (solved.status === 'failed') return solved;
      }
      return this.checkTask(step, options);
    }
    return this.execute(step, options.command ?? step.command, command, options);
  }

  checkTask(step: Step, options: RunStepOptions = {}): Promise<StepResult> {
    return this.execute(step, step.command, this.displayCommand(step), options);
  }

  async solveTask(step: Step, options: RunStepOptions = {}): Promise<StepResult> {
    const solve = step.task?.solve;
    if (!solve) return failedResult(step, 'this task has no `solve` block', this.displayCommand(step), 'live');
    const solveStep: Step = { ...step, command: solve.command, expectations: solve.expectations, attributes: { ...step.attributes, retry: undefined, capture: undefined } };
    return this.execute(solveStep, solve.command, this.displayCommand(step, solve.command), options);
  }

  private async execute(step: Step, script: string, command: string, options: RunStepOptions): Promise<StepResult> {
    const startedAt = Date.now();
    const { attributes } = step;
    const timeoutMs = attributes.timeoutMs ?? this.options.defaultTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS;
    const maxAttempts = attributes.retry ?? 1;
    const intervalMs = attributes.intervalMs ?? 5000;
    const vars = () => this.values;
    if (attributes.hosts !== undefined) {
      const expanded = expandVariables(attributes.hosts, this.values);
      const unresolved = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/.exec(expanded);
      if (unresolved) return failedResult(step, `\`hosts=\` uses $${unresolved[1]}, which has no value yet: set it in an earlier step or pass --var ${unresolved[1]}=...`, command, 'live');
      const hosts = await runRemoteStep(step, script, splitHosts(expanded), {
        maxAttempts, intervalMs, vars, timeoutMs, signal: options.signal,
        user: attributes.sshUser, sshConfig: this.options.sshConfig ?? this.lab.meta.sshConfig,
        sshOptions: { ...this.lab.meta.sshOptions, ...this.options.sshOptions },
        onOutput: (host, chunk) => options.onOutput?.({ ...chunk, text: this.mask(chunk.text), host }),
        onAttempt: (attempt) => options.onAttempt?.({ attempt, maxAttempts }),
      });
      for (const host of hosts) host.attempts = host.attempts.map((attempt) => this.maskAttempt(attempt));
      return resultFromHosts(step, hosts, command, 'live', startedAt);
    }
    let changed: Record<string, string> = {};
    const loop = await runAttempts(
      async () => {
        const run = await this.shell.run(script, {
          timeoutMs, forMs: attributes.forMs, cwd: attributes.cwd, stdin: attributes.stdin, signal: options.signal,
          onOutput: (chunk) => options.onOutput?.({ ...chunk, text: this.mask(chunk.text) }),
        });
        Object.assign(this.values, run.variables);
        changed = { ...changed, ...run.variables };
        const { variables: _ignored, ...attempt } = run;
        return attempt;
      },
      { expectations: step.expectations, exit: attributes.exit, vars, maxAttempts, intervalMs, signal: options.signal, onAttempt: (attempt) => options.onAttempt?.({ attempt, maxAttempts }) },
    );
    const result = resultFromLoop(step, { ...loop, attempts: loop.attempts.map((attempt) => this.maskAttempt(attempt)) }, command, 'live', startedAt);
    const last = loop.attempts[loop.attempts.length - 1];
    if (attributes.capture && last && result.status === 'passed') {
      const value = last.stdout.trim();
      this.setVariables({ [attributes.capture]: value });
      changed[attributes.capture] = value;
    }
    if (Object.keys(changed).length > 0) result.variables = Object.fromEntries(Object.entries(changed).map(([name, value]) => [name, this.mask(value)]));
    return result;
  }

  private async startBackground(step: Step, script: string, command: string, options: RunStepOptions): Promise<StepResult> {
    const handle = await this.shell.startBackground(script, {
      cwd: step.attributes.cwd,
      onOutput: (chunk) => options.onOutput?.({ ...chunk, text: this.mask(chunk.text) }),
    });
    const result: StepResult = {
      stepId: step.id, status: 'passed', command, durationMs: 0, failures: [], source: 'live',
      attempts: [{ stdout: '', stderr: '', exitCode: 0, durationMs: 0 }],
    };
    this.background.push({ stepId: step.id, handle, result });
    return result;
  }

  async runInteractive(step: Step, host?: string): Promise<number | null> {
    if (host) {
      const args = interactiveSshArgs(host, { command: step.command.trim() || undefined, user: step.attributes.sshUser, sshConfig: this.options.sshConfig ?? this.lab.meta.sshConfig, sshOptions: { ...this.lab.meta.sshOptions, ...this.options.sshOptions } });
      return this.shell.runInteractive(['ssh', ...args].map(shellQuote).join(' '), { cwd: step.attributes.cwd });
    }
    return this.shell.runInteractive(step.command, { cwd: step.attributes.cwd });
  }

  workingDirectory(): string {
    return this.shell.cwd;
  }

  backgroundJobs(): BackgroundInfo[] {
    return this.background.map(({ stepId, handle }) => ({ stepId, running: handle.running(), log: () => this.mask(handle.log()) }));
  }

  async runCleanup(options: RunStepOptions = {}): Promise<StepResult[]> {
    const results: StepResult[] = [];
    for (const step of this.lab.steps.filter((s) => s.attributes.cleanup)) results.push(await this.runStep(step, options));
    return results;
  }

  async close(): Promise<void> {
    for (const job of this.background) {
      await job.handle.stop();
      job.result.attempts[0]!.stdout = this.mask(job.handle.log());
    }
    await this.shell.close();
  }
}

function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
