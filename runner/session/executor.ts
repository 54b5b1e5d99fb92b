// StepExecutor: what a front end (headless run, interactive walk) drives to execute a lab one step
// at a time. Live and replay implement it alike, so the walk UI does not care which one it has.
import type { Step } from '../model/lab.js';
import type { OutputChunk, StepProgress } from '../report/reporter.js';
import type { StepResult } from '../model/result.js';

export interface RunStepOptions {
  /** Replaces the step's command for this run only (walk's Edit). Live only. */
  command?: string;
  onOutput?: (chunk: OutputChunk) => void;
  onAttempt?: (progress: StepProgress) => void;
  /** Aborting stops the running step (Ctrl-C), not the lab. */
  signal?: AbortSignal;
  /** Accept the step's `confirm` (the caller asked, or `--yes`). */
  confirmed?: boolean;
  /** For a `tty` step with `hosts=`: the host to open the terminal on (default: the first). */
  host?: string;
}

export interface BackgroundInfo {
  stepId: string;
  running: boolean;
  log(): string;
}

export interface StepExecutor {
  readonly mode: 'live' | 'replay';
  /** Runs (or replays) the step with its retries and expectations; never throws for a failing step. */
  runStep(step: Step, options?: RunStepOptions): Promise<StepResult>;
  /** Runs only the verify block of a task step (walk's Check). */
  checkTask(step: Step, options?: RunStepOptions): Promise<StepResult>;
  /** Runs the task's solve block (headless runs do this before checking). */
  solveTask(step: Step, options?: RunStepOptions): Promise<StepResult>;
  /** Hands the terminal to a `tty` step (walk mode, live); resolves with its exit code. */
  runInteractive(step: Step, host?: string): Promise<number | null>;
  /** Current variable values (frontmatter, --var, captures, shell assignments); secrets included. */
  variables(): Record<string, string>;
  setVariables(values: Record<string, string>): void;
  /** The command with variables expanded for display (secrets masked). */
  displayCommand(step: Step): string;
  /** The hosts of a `hosts=` step with variables expanded (empty when it has none or they are unknown). */
  hostsOf(step: Step): string[];
  backgroundJobs(): BackgroundInfo[];
  /** The session's current directory after the steps so far (live); undefined in replay. */
  workingDirectory(): string | undefined;
  /** Runs the lab's cleanup steps (live), in order. */
  runCleanup(options?: RunStepOptions): Promise<StepResult[]>;
  /** Stops background jobs and releases the shell. */
  close(): Promise<void>;
}
