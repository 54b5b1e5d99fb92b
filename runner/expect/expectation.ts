// What an expectation says and what it is judged against. runner/expect is a self-contained
// library at the bottom of the layers: it knows expectations and observed output, not labs,
// steps or results, so everything above can use it and it imports nothing of theirs.
import type { SourcePosition } from '../errors/index.js';
import type { ExpectMode } from './modes.js';

export type ExpectStream = 'stdout' | 'stderr' | 'both';
export type ExitSpec = number | 'any';

export interface Expectation {
  mode: ExpectMode;
  stream: ExpectStream;
  /** Expected exit code, when the expectation states one. */
  exit?: ExitSpec;
  /** The block's body: expected text, pattern, or JSON. Empty when only `exit=` is checked. */
  text: string;
  /** Position of the opening fence. */
  position: SourcePosition;
  /** Line of the first body line. */
  bodyLine: number;
}

/** How one attempt of a command ended: what the expectations are checked against. */
export interface Observed {
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
  /** What the runner refused to keep from the attempt, in words (a variable past its size cap): a failure. */
  refused?: string;
}

/** One check that did not pass, in words, at what it checked. */
export interface Mismatch {
  message: string;
  /** The expectation (or exit rule) that failed, when one did. */
  position?: SourcePosition;
  /** Unified diff of expected vs actual, uncoloured. */
  diff?: string;
  /** `warn`: from a mode whose mismatches are warnings (`sample`); the step still passes. */
  severity?: 'warn';
}

export type { ExpectMode };
