// Test doubles for the walk's collaborators: a Prompter that answers from a script (and records
// what was asked), and a StepExecutor whose step outcomes a test decides.
import { PassThrough } from 'node:stream';
import type { Step } from '../../runner/model/lab.js';
import type { BackgroundInfo, RunStepOptions, StepExecutor } from '../../runner/session/executor.js';
import type { AttemptResult, StepResult } from '../../runner/model/result.js';
import { PromptCancelled, type Choice, type ChoiceGroup, type Prompter } from '../../runner/walk/prompter.js';

export interface Asked {
  kind: 'select' | 'pick' | 'input' | 'password' | 'confirm';
  message: string;
  choices?: string[];
  disabled?: string[];
  default?: unknown;
}

type Answer = string | boolean | typeof CANCEL;
export const CANCEL = Symbol('Ctrl-C at the prompt');

export class ScriptedPrompter implements Prompter {
  readonly asked: Asked[] = [];
  constructor(private readonly answers: Answer[]) {}

  private next(asked: Asked): Answer {
    this.asked.push(asked);
    if (this.answers.length === 0) throw new Error(`no scripted answer left for ${asked.kind} "${asked.message}"`);
    const answer = this.answers.shift()!;
    if (answer === CANCEL) throw new PromptCancelled();
    return answer;
  }

  async select<T>(message: string, choices: Array<Choice<T>>, options: { default?: T } = {}): Promise<T> {
    const answer = this.next({
      kind: 'select', message, default: options.default,
      choices: choices.filter((c) => !c.disabled).map((c) => String(c.value)),
      disabled: choices.filter((c) => c.disabled).map((c) => String(c.value)),
    });
    const choice = choices.find((c) => c.value === answer || c.key === answer);
    if (!choice || choice.disabled) throw new Error(`"${String(answer)}" is not a choice of "${message}": ${choices.map((c) => String(c.value)).join(', ')}`);
    return choice.value;
  }

  async pick<T>(message: string, choices: Array<Choice<T> | ChoiceGroup>, options: { default?: T } = {}): Promise<T> {
    const real = choices.filter((c): c is Choice<T> => !('separator' in c));
    const answer = this.next({ kind: 'pick', message, default: options.default, choices: real.map((c) => c.name) });
    return (answer === '' ? options.default : real.find((c) => c.name.includes(String(answer)))?.value) as T;
  }

  async input(message: string, options: { default?: string } = {}): Promise<string> {
    return String(this.next({ kind: 'input', message, default: options.default }));
  }

  async password(message: string): Promise<string> {
    return String(this.next({ kind: 'password', message }));
  }

  async confirm(message: string, options: { default?: boolean } = {}): Promise<boolean> {
    const answer = this.next({ kind: 'confirm', message, default: options.default });
    return answer === '' ? options.default ?? true : Boolean(answer);
  }

  get remaining(): number {
    return this.answers.length;
  }
}

/** How the fake runs one step: output to stream, then the attempt's outcome. */
export interface FakeRun {
  stdout?: string;
  exitCode?: number;
  pass: boolean;
  /** Waits for the abort signal (Ctrl-C) instead of finishing. */
  hang?: boolean;
  variables?: Record<string, string>;
}

export class FakeExecutor implements StepExecutor {
  readonly calls: Array<{ method: string; stepId: string; options?: RunStepOptions }> = [];
  readonly values: Record<string, string>;
  readonly setCalls: Array<Record<string, string>> = [];
  closed = false;

  constructor(readonly mode: 'live' | 'replay', private readonly script: Record<string, FakeRun[]>, variables: Record<string, string> = {}) {
    this.values = { ...variables };
  }

  private async run(method: string, step: Step, options: RunStepOptions = {}): Promise<StepResult> {
    this.calls.push({ method, stepId: step.id, options });
    const planned = this.script[step.id]?.shift() ?? { pass: true, stdout: `${step.id} ok\n` };
    if (planned.hang) {
      options.onOutput?.({ stream: 'stdout', text: 'started\n' });
      await new Promise<void>((resolve) => options.signal?.addEventListener('abort', () => resolve(), { once: true }));
      const attempt: AttemptResult = { stdout: 'started\n', stderr: '', exitCode: null, signal: 'SIGINT', durationMs: 5, interrupted: true };
      return { stepId: step.id, status: 'failed', command: step.command, attempts: [attempt], failures: [{ message: 'interrupted' }], durationMs: 5, source: this.mode };
    }
    if (planned.stdout) options.onOutput?.({ stream: 'stdout', text: planned.stdout });
    const attempt: AttemptResult = { stdout: planned.stdout ?? '', stderr: '', exitCode: planned.exitCode ?? 0, durationMs: 3 };
    if (planned.variables) Object.assign(this.values, planned.variables);
    const expectation = step.expectations[0];
    return {
      stepId: step.id, status: planned.pass ? 'passed' : 'failed', command: options.command ?? step.command, attempts: [attempt], durationMs: 3, source: this.mode,
      failures: planned.pass ? [] : [{ message: 'stdout (lines) does not match the expected lines', position: expectation?.position, diff: '--- expected\n+++ actual\n@@ -1,1 +1,1 @@\n-yes\n+no' }],
      ...(planned.variables ? { variables: planned.variables } : {}),
    };
  }

  runStep(step: Step, options?: RunStepOptions) {
    return this.run('runStep', step, options);
  }
  checkTask(step: Step, options?: RunStepOptions) {
    return this.run('checkTask', step, options);
  }
  solveTask(step: Step, options?: RunStepOptions) {
    return this.run('solveTask', step, options);
  }
  async runInteractive(): Promise<number | null> {
    return 0;
  }
  variables() {
    return { ...this.values };
  }
  setVariables(values: Record<string, string>) {
    this.setCalls.push(values);
    Object.assign(this.values, values);
  }
  hostsOf(step: Step): string[] {
    return (step.attributes.hosts ?? '').replace(/\$(\w+)/g, (whole, name: string) => this.values[name] ?? whole).split(/\s+/).filter(Boolean);
  }
  displayCommand(step: Step) {
    return step.command.replace(/\$(\w+)/g, (whole, name: string) => this.values[name] ?? whole);
  }
  workingDirectory(): string | undefined {
    return this.mode === 'live' ? this.cwd : undefined;
  }
  cwd?: string;
  backgroundJobs(): BackgroundInfo[] {
    return [];
  }
  async runCleanup() {
    return [];
  }
  async close() {
    this.closed = true;
  }
}

/** A writable that keeps what the walk printed, looking like a terminal of the given width. */
export function captureOutput(columns = 80, isTTY = true): PassThrough & { columns: number; isTTY: boolean; text(): string } {
  const stream = new PassThrough() as PassThrough & { columns: number; isTTY: boolean; text(): string };
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  stream.columns = columns;
  stream.isTTY = isTTY;
  stream.text = () => chunks.join('');
  return stream;
}
