// The one interface every reporter implements (pretty, json, junit, tap, github) and that the
// walk UI listens on. Hooks are optional; a reporter implements what it needs.
import type { Lab, Step } from '../model/lab.js';
import type { OutputChunk, OutputPressure, StepProgress } from '../model/events.js';
import type { LabResult, RunResult, StepResult } from '../model/result.js';

export type { OutputChunk, OutputPressure, StepProgress };

export interface RunInfo {
  mode: 'live' | 'replay';
  labs: Lab[];
  startedAt: Date;
}

export interface Reporter {
  onRunStart?(info: RunInfo): void;
  onLabStart?(lab: Lab, mode: 'live' | 'replay'): void;
  onStepStart?(lab: Lab, step: Step, progress: StepProgress): void;
  /**
   * How many lines of a step's output it shows as they come; past them it takes a `cut` chunk,
   * then each stream's last lines at the step's end (OutputChunk). Undefined: every line.
   */
  readonly liveOutputLines?: number;
  /** A promise when the reporter's output is full: the step's output is not read until it settles. */
  onStepOutput?(lab: Lab, step: Step, chunk: OutputChunk): OutputPressure;
  onStepEnd?(lab: Lab, step: Step, result: StepResult): void;
  onLabEnd?(lab: Lab, result: LabResult): void;
  /** May write files; the run awaits it. */
  onRunEnd?(result: RunResult): void | Promise<void>;
}
