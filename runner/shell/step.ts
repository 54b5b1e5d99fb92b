// What every way of running a step shares: its outcome, the signals that stop it (see escalate in
// process-group.ts) and the bounded, streamed capture of its output.
import { StringDecoder } from 'node:string_decoder';
import { BoundedOutput } from '../process/output-buffer.js';
import type { StopSignal } from '../process/process-group.js';
import type { AttemptResult } from '../model/result.js';
import type { OutputPressure } from '../model/events.js';
import type { ShellState } from './state.js';

export interface OutputEvent {
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface StepOutcome {
  attempt: AttemptResult;
  /** Undefined when the step died without dumping its state (SIGKILL, `exec`, a replaced EXIT trap). */
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

/** One stream of one step: kept within `outputCapBytes`, streamed to `onOutput` as text. */
export function streamCapture(name: 'stdout' | 'stderr', options: { outputCapBytes: number; onOutput?: (chunk: OutputEvent) => OutputPressure }) {
  const buffer = new BoundedOutput(options.outputCapBytes);
  const onOutput = options.onOutput;
  // A decoder per stream: a multi-byte character split across chunks is emitted whole.
  const decoder = onOutput ? new StringDecoder('utf8') : undefined;
  return {
    buffer,
    append(chunk: Buffer): OutputPressure {
      buffer.append(chunk);
      if (!decoder) return undefined;
      const text = decoder.write(chunk);
      return text ? onOutput!({ stream: name, text }) : undefined;
    },
    flush() {
      const rest = decoder?.end();
      if (rest) onOutput!({ stream: name, text: rest });
    },
  };
}
