// What running a step produced, live or replayed: the same shapes either way, so every reporter
// and the walk work in both modes. Success and failure are one shape (as execa's results are).
import type { SourcePosition } from '../errors/index.js';
import type { Mismatch, Observed } from '../expect/index.js';

/** One attempt of a command: how it ended and what it printed. */
export type AttemptResult = Observed;

export type StepStatus = 'passed' | 'failed' | 'skipped';

/** A check that failed; `remote` names the host or pod it failed on. */
export interface Failure extends Mismatch {
  remote?: string;
}

/** One host (`hosts=`) or pod (`pods=`, `selector=`) of a remote step, with its own attempts. */
export interface RemoteResult {
  /** `host`, `pod`: the kind of target that ran it. */
  kind: string;
  name: string;
  status: StepStatus;
  attempts: AttemptResult[];
  /** The remote could not be reached (refused connection, no such pod...), in words. */
  error?: string;
  failures: Failure[];
}

/** A step's hook (the EKS Workshop's `hook=NAME`): `tests/hook-NAME.sh before|after`, and how it ended. */
export interface HookResult {
  phase: 'before' | 'after';
  name: string;
  attempts: AttemptResult[];
}

export interface StepResult {
  stepId: string;
  status: StepStatus;
  skipReason?: string;
  /** The command as run: variables expanded, secrets hidden. */
  command: string;
  attempts: AttemptResult[];
  /** Per-remote results of a remote step (hosts, pods); `attempts` is then empty. */
  remotes?: RemoteResult[];
  failures: Failure[];
  /** Checks whose mismatch is only a warning (drift from a page's sample output); the step still passed or failed on its own. */
  warnings?: Failure[];
  /** The step's hooks that ran (live) or were recorded (replay), in order. */
  hooks?: HookResult[];
  /** How long this run took: a replay's own (tiny) time, never the recording's. */
  durationMs: number;
  /** Variables the step set: `capture=` and exported/assigned shell variables. */
  variables?: Record<string, string>;
  /** Where the result came from. */
  source: 'live' | 'replay';
  /**
   * How long the step took when its fixture was recorded live (replay, or a live run of a lab with
   * a fixture); absent when unknown: no fixture, a changed step, an output written by hand or transcribed.
   */
  recordedDurationMs?: number;
  /** Replay only: where the replayed output came from (a live run, a transcript, or a hand). */
  provenance?: OutputProvenance;
}

/** Where a replayed step's output came from; `recordedAt` only for a recorded one. */
export interface OutputProvenance {
  kind: 'recorded' | 'transcribed' | 'synthesized';
  /** A transcript's source (a path or URL), when the fixture names it. */
  from?: string;
  line?: number;
  /** A transcript's own date, or the recording's date (YYYY-MM-DD). */
  date?: string;
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
  /** Folder hooks (`hook-suite.sh after`) that failed after their labs ran: the run fails too. */
  hookFailures?: string[];
}
