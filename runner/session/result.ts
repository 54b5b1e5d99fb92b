// StepResult: what running (live) or replaying a step produced. Live and replay build the
// same shape, so every matcher and reporter works in both modes.
import type { SourcePosition } from '../errors/index.js';

export interface AttemptResult {
  stdout: string;
  stderr: string;
  /** null when the process was killed by a signal. */
  exitCode: number | null;
  signal?: string;
  durationMs: number;
  /** Killed at its timeout. */
  timedOut?: boolean;
  /** The timeout that killed it (messages name the limit, not the measured, load-dependent duration). */
  timeoutMs?: number;
  /** A `for=` step that was still running when its time was up (counts as passed). */
  stoppedAfterFor?: boolean;
  /** Interrupted by the user (Ctrl-C). */
  interrupted?: boolean;
}

export interface HostResult {
  host: string;
  status: StepStatus;
  attempts: AttemptResult[];
  /** A connection problem (unreachable, refused key, timeout), in words. */
  error?: string;
  failures: Failure[];
}

export type StepStatus = 'passed' | 'failed' | 'skipped';

export interface Failure {
  message: string;
  /** The expectation that failed, when one did. */
  position?: SourcePosition;
  /** Unified diff of expected vs actual, uncoloured. */
  diff?: string;
  host?: string;
}

export interface StepResult {
  stepId: string;
  status: StepStatus;
  skipReason?: string;
  /** The command as run: variables expanded, secrets hidden. */
  command: string;
  attempts: AttemptResult[];
  /** Per-host results for a remote (`hosts=`) step; `attempts` is then empty. */
  hosts?: HostResult[];
  failures: Failure[];
  durationMs: number;
  /** Variables the step set: `capture=` and exported/assigned shell variables. */
  variables?: Record<string, string>;
  /** Where the result came from. */
  source: 'live' | 'replay';
  /** Replay only: the recorded duration, for display. */
  recordedDurationMs?: number;
}

export type LabStatus = 'passed' | 'failed' | 'error';

export interface LabResult {
  labId: string;
  file: string;
  status: LabStatus;
  mode: 'live' | 'replay';
  steps: StepResult[];
  durationMs: number;
  /** A lab-level problem (missing variables, stale fixture, failed preflight). */
  error?: { code: string; message: string; hint?: string; position?: SourcePosition };
}

export interface RunResult {
  labs: LabResult[];
  durationMs: number;
  interrupted: boolean;
}
