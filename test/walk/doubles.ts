// Test doubles for the walk's collaborators: a Prompter that answers from a script (and records
// what was asked), and a target whose outputs a test plans, under the real step runner.
import { PassThrough } from 'node:stream';
import type { Step } from '../../runner/model/lab.js';
import type { AttemptRequest, LocalTarget, RemoteList, TargetAttempt, TargetSet, TerminalOutcome } from '../../runner/step/target.js';
import { expandVariables } from '../../runner/step/variables.js';
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

/** What the scripted target prints for one attempt of a step; it is then judged for real. */
export interface PlannedRun {
  stdout?: string;
  exitCode?: number;
  /** Waits for the abort signal (Ctrl-C) instead of finishing. */
  hang?: boolean;
}

/**
 * A target whose attempts a test plans, under the real step runner: the walk's rules (confirm,
 * tasks, retries, capture, tty hosts) run as they do live or replayed; only the process is
 * replaced. Records every call it gets.
 */
export class ScriptedTarget implements LocalTarget {
  readonly calls: Array<{ stepId: string; part: string; script: string; remote?: string; interactive?: true }> = [];
  readonly setCalls: Array<Record<string, string>> = [];
  cwd?: string;

  constructor(readonly mode: 'live' | 'replay', private readonly script: Record<string, PlannedRun[]>) {}

  async attempt(request: AttemptRequest): Promise<TargetAttempt> {
    this.calls.push({ stepId: request.step.id, part: request.part, script: request.script, remote: request.remote?.name });
    const planned = this.script[request.step.id]?.shift() ?? { stdout: `${request.step.id} ok\n` };
    if (planned.hang) {
      request.onOutput('stdout', 'started\n');
      await new Promise<void>((resolve) => request.signal?.addEventListener('abort', () => resolve(), { once: true }));
      return { attempt: { stdout: 'started\n', stderr: '', exitCode: null, signal: 'SIGINT', durationMs: 5, interrupted: true } };
    }
    if (planned.stdout) request.onOutput('stdout', planned.stdout);
    return { attempt: { stdout: planned.stdout ?? '', stderr: '', exitCode: planned.exitCode ?? 0, durationMs: 3 } };
  }

  async remotes(step: Step, values: Record<string, string>): Promise<RemoteList | undefined> {
    if (step.attributes.hosts === undefined) return undefined;
    return { remotes: expandVariables(step.attributes.hosts, values).split(/\s+/).filter(Boolean).map((name) => ({ kind: 'host', name })) };
  }

  async interactive(request: Pick<AttemptRequest, 'step' | 'script' | 'remote'>): Promise<TerminalOutcome> {
    this.calls.push({ stepId: request.step.id, part: 'step', script: request.script, remote: request.remote?.name, interactive: true });
    return { exitCode: 0 };
  }

  setVariables(values: Record<string, string>): void {
    this.setCalls.push(values);
  }

  workingDirectory(): string | undefined {
    return this.mode === 'live' ? this.cwd : undefined;
  }

  closed = false;
  /** The target set around it, for a StepRunner. */
  targets(): TargetSet {
    return { mode: this.mode, local: this, for: () => this, close: async () => void (this.closed = true) };
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
