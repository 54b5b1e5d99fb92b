// What every way of running a step shares: its outcome, the signals that stop it (see escalate in
// process-group.ts) and the bounded, streamed capture of its output.
import { BoundedOutput } from '../process/output-buffer.js';
import type { StopSignal } from '../process/process-group.js';
import type { AttemptResult } from '../model/result.js';
import type { OutputPressure } from '../model/events.js';
import type { ShellState } from './state.js';

export interface OutputEvent {
  stream: 'stdout' | 'stderr';
  /** Bytes as read from the pipe (the step runner's output stage decodes them), or text. */
  data: Buffer | string;
}

export interface StepOutcome {
  attempt: AttemptResult;
  /**
   * Undefined when the step died without dumping its state (SIGKILL, `exec`, a replaced EXIT
   * trap), or could not change it and did not dump it (state-effects.ts): the session keeps its own.
   */
  state: ShellState | undefined;
  /** The step's group still has processes (daemons it left running): close() must stop them. */
  leftoverGroup?: number;
}

export type StopReason = 'timedOut' | 'stoppedAfterFor' | 'interrupted';

/** Ctrl-C first for for= and interrupts (what a learner would press), SIGTERM first for timeouts. */
export const ESCALATION: Record<StopReason, StopSignal[]> = {
  timedOut: ['SIGTERM', 'SIGKILL'],
  stoppedAfterFor: ['SIGINT', 'SIGTERM', 'SIGKILL'],
  interrupted: ['SIGINT', 'SIGTERM', 'SIGKILL'],
};

/** One stream of one step: kept within `outputCapBytes`, streamed to `onOutput` as it is read. */
export function streamCapture(name: 'stdout' | 'stderr', options: { outputCapBytes: number; onOutput?: (chunk: OutputEvent) => OutputPressure }) {
  const buffer = new BoundedOutput(options.outputCapBytes);
  const onOutput = options.onOutput;
  return {
    buffer,
    // Raw: a chunk past the display cap is never decoded (see runner/step/output.ts).
    append(chunk: Buffer): OutputPressure {
      buffer.append(chunk);
      return onOutput?.({ stream: name, data: chunk });
    },
  };
}
