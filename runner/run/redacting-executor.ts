// Between an executor and whoever shows its results (reporters, the walk): every output chunk,
// result, command and background log passes through the redactor first, so no secret variable
// and no credential reaches the terminal or a report file. Expectations are checked inside the
// executor on the real output; only what is shown is redacted.
import { redactVariable } from '../replay/build.js';
import { displayRedactor, LineRedactor, redactStepResult, type RedactText } from '../replay/redact-output.js';
import type { Redactor } from '../replay/redact.js';
import type { Lab, Step } from '../model/lab.js';
import type { OutputChunk } from '../report/reporter.js';
import type { BackgroundInfo, RunStepOptions, StepExecutor } from '../session/executor.js';
import type { StepResult } from '../model/result.js';
import { secretValues } from '../session/variables.js';

export interface RedactingOptions {
  /**
   * The redactor for results (not live chunks), given the variables once they are all known.
   * `lab record` passes the fixture's own, so what it shows is what the fixture will hold and the
   * redaction counts stay right. Default: the display redactor (account ids kept).
   */
  resultRedactor?: (values: Record<string, string>) => Redactor;
}

export class RedactingExecutor implements StepExecutor {
  private display?: { key: string; redactor: Redactor };

  constructor(private readonly inner: StepExecutor, private readonly lab: Lab, private readonly options: RedactingOptions = {}) {}

  get mode(): 'live' | 'replay' {
    return this.inner.mode;
  }

  /** The display redactor for the current secret values (rebuilt when they change). */
  private displayRedactor(): Redactor {
    const values = this.inner.variables();
    const key = JSON.stringify(secretValues(this.lab, values));
    if (this.display?.key !== key) this.display = { key, redactor: displayRedactor(this.lab, values) };
    return this.display.redactor;
  }

  private displayText: () => RedactText = () => {
    const redactor = this.displayRedactor();
    return (text) => redactor.redact(text);
  };

  private redactResult(result: StepResult): StepResult {
    const redactor = this.options.resultRedactor?.(this.inner.variables()) ?? this.displayRedactor();
    return redactStepResult(result, (text) => redactor.redact(text), (name, value) => redactVariable(redactor, name, value));
  }

  /** Runs `run` with its output cut into lines and redacted; what is left of a line comes out at the end. */
  private async redacted<T extends StepResult | StepResult[]>(options: RunStepOptions, run: (options: RunStepOptions) => Promise<T>): Promise<T> {
    const onOutput = options.onOutput;
    if (!onOutput) return this.redactAll(await run(options));
    const streams = new Map<string, { chunk: Omit<OutputChunk, 'text'>; lines: LineRedactor }>();
    const result = await run({
      ...options,
      onOutput: (chunk) => {
        const key = `${chunk.host ?? ''}\u0000${chunk.stream}`;
        let stream = streams.get(key);
        if (!stream) streams.set(key, (stream = { chunk: { stream: chunk.stream, ...(chunk.host === undefined ? {} : { host: chunk.host }) }, lines: new LineRedactor(this.displayText) }));
        const text = stream.lines.push(chunk.text);
        if (text) onOutput({ ...stream.chunk, text });
      },
    });
    for (const { chunk, lines } of streams.values()) {
      const text = lines.flush();
      if (text) onOutput({ ...chunk, text });
    }
    return this.redactAll(result);
  }

  private redactAll<T extends StepResult | StepResult[]>(result: T): T {
    return (Array.isArray(result) ? result.map((r) => this.redactResult(r)) : this.redactResult(result)) as T;
  }

  runStep(step: Step, options: RunStepOptions = {}): Promise<StepResult> {
    return this.redacted(options, (o) => this.inner.runStep(step, o));
  }

  checkTask(step: Step, options: RunStepOptions = {}): Promise<StepResult> {
    return this.redacted(options, (o) => this.inner.checkTask(step, o));
  }

  solveTask(step: Step, options: RunStepOptions = {}): Promise<StepResult> {
    return this.redacted(options, (o) => this.inner.solveTask(step, o));
  }

  runCleanup(options: RunStepOptions = {}): Promise<StepResult[]> {
    return this.redacted(options, (o) => this.inner.runCleanup(o));
  }

  /** A `tty` step has the terminal itself: what it prints goes straight to the learner. */
  runInteractive(step: Step, host?: string): Promise<number | null> {
    return this.inner.runInteractive(step, host);
  }

  variables(): Record<string, string> {
    return this.inner.variables();
  }

  setVariables(values: Record<string, string>): void {
    this.inner.setVariables(values);
  }

  displayCommand(step: Step): string {
    return this.displayText()(this.inner.displayCommand(step));
  }

  /** Any text shown with this lab's values (a task's solution), redacted the same way. */
  redactText(text: string): string {
    return this.displayText()(text);
  }

  hostsOf(step: Step): string[] {
    return this.inner.hostsOf(step);
  }

  backgroundJobs(): BackgroundInfo[] {
    return this.inner.backgroundJobs().map((job) => ({ stepId: job.stepId, running: job.running, log: () => this.displayText()(job.log()) }));
  }

  workingDirectory(): string | undefined {
    return this.inner.workingDirectory();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
