// The options and result of the shell session's public methods.
import type { AttemptResult } from '../model/result.js';
import type { OutputEvent } from './step.js';
import type { OutputPressure } from '../model/events.js';

export interface ShellSessionOptions {
  /** Where the session starts (default: the runner's cwd). */
  cwd?: string;
  /** The environment the session starts with (default: the runner's). */
  env?: NodeJS.ProcessEnv;
  /** Between a stop signal and SIGKILL (default 3 s). */
  graceMs?: number;
  /** Bytes kept per stream per attempt (default 4 MiB); the middle is dropped beyond it. */
  outputCapBytes?: number;
  /** Bytes of log kept per background job (default 1 MiB). */
  backgroundLogCapBytes?: number;
  /** The bash to use (default: found on PATH). */
  bashPath?: string;
}

export interface ShellRunOptions {
  timeoutMs?: number;
  /** A never-ending command: Ctrl-C (SIGINT to the group) after this long, then escalate. */
  forMs?: number;
  /** The step's directory, relative to the session's; a `cd` inside the step still persists. */
  cwd?: string;
  /** Text fed on stdin; otherwise stdin is /dev/null. */
  stdin?: string;
  /** A promise: the step's output is not read until it settles. */
  onOutput?: (chunk: OutputEvent) => OutputPressure;
  /** Aborting interrupts the step's group like Ctrl-C. */
  signal?: AbortSignal;
  graceMs?: number;
}

export interface ShellRunResult extends AttemptResult {
  /** Shell variables the step created or changed, exported or not. */
  variables: Record<string, string>;
}
