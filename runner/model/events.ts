// What a running step tells whoever shows it (reporters, the walk) while it runs.

export interface StepProgress {
  /** 1-based attempt number and the most there can be. */
  attempt: number;
  maxAttempts: number;
  /** How long the step took when its fixture was recorded live, when that is known (for "12s (recorded 11m 58s)"). */
  recordedDurationMs?: number;
  /** The hosts or pods the step runs on, when known before it runs (a selector's pods are not): their output prefixes line up from the first line. */
  remotes?: string[];
}

/**
 * Output of a running step, already redacted. The step runner cuts it into whole lines: a chunk
 * ends at a line end, except the last of a step and a line too long to wait for.
 */
export interface OutputChunk {
  stream: 'stdout' | 'stderr';
  text: string;
  /** The host or pod it came from, for a remote step. */
  remote?: string;
}

/**
 * What whoever takes output gives back: a promise when it cannot take more yet (the pipe or
 * terminal it writes to is full). The producer stops reading the step's output until it settles,
 * so a flood waits for a slow reader instead of piling up in memory.
 */
export type OutputPressure = void | Promise<void>;
