// The one interface every reporter implements (pretty, json, junit, tap, github) and that the
// walk UI listens on. Hooks are optional; a reporter implements what it needs.
import type { Lab, Step } from '../lab/model.js';
import type { LabResult, RunResult, StepResult } from '../session/result.js';

export interface RunInfo {
  mode: 'live' | 'replay';
  labs: Lab[];
  startedAt: Date;
}

export interface StepProgress {
  /** 1-based attempt number and the most there can be. */
  attempt: number;
  maxAttempts: number;
  host?: string;
}

export interface OutputChunk {
  stream: 'stdout' | 'stderr';
  text: string;
  host?: string;
}

export interface Reporter {
  onRunStart?(info: RunInfo): void;
  onLabStart?(lab: Lab, mode: 'live' | 'replay'): void;
  onStepStart?(lab: Lab, step: Step, progress: StepProgress): void;
  onStepOutput?(lab: Lab, step: Step, chunk: OutputChunk): void;
  onStepEnd?(lab: Lab, step: Step, result: StepResult): void;
  onLabEnd?(lab: Lab, result: LabResult): void;
  /** May write files; the run awaits it. */
  onRunEnd?(result: RunResult): void | Promise<void>;
}
