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
 * Lines of a live step the pretty reporter shows as they come (`--output-lines`): a few screens of
 * any real command's output, a few hundred KB of log (GitLab cuts a job's log at 4 MB); a flood of
 * millions of lines then costs no more than counting them.
 */
export const DEFAULT_OUTPUT_LINES = 5000;
/** Past the cap, each stream's last lines, shown when the step ends. */
export const TAIL_LINES = 200;

/**
 * Output of a running step, already redacted. The step runner cuts it into whole lines: a chunk
 * ends at a line end, except the last of a step and a line too long to wait for.
 */
export interface OutputChunk {
  stream: 'stdout' | 'stderr';
  text: string;
  /** The host or pod it came from, for a remote step. */
  remote?: string;
  /**
   * The step's display cap (`--output-lines`) was reached: this chunk's text is empty, and no
   * output comes until the step ends, when each stream sends its last lines (`hidden`).
   */
  cut?: ({ lines: number } | { characters: number }) & {
    /** What has come past the cut so far, every stream's (for a progress or "still running" line). */
    notShown: () => { lines: number; bytes: number };
  };
  /** The step ended past the cap: `text` is this stream's last lines, and this is what came between the cut and them. */
  hidden?: { lines: number; bytes: number };
}

/**
 * What whoever takes output gives back: a promise when it cannot take more yet (the pipe or
 * terminal it writes to is full). The producer stops reading the step's output until it settles,
 * so a flood waits for a slow reader instead of piling up in memory.
 */
export type OutputPressure = void | Promise<void>;
