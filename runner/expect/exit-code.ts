// The exit rule: a step exits 0 unless told otherwise. Checked before the output, because a
// failed command's output is rarely worth diffing before one knows it failed.
import type { SourcePosition } from '../errors/index.js';
import { writeDuration } from '../text/duration.js';
import type { ExitSpec, Observed } from './expectation.js';

export interface ExitRule {
  spec: ExitSpec;
  /** Where the rule was written (an expectation's fence, or the step's); undefined for the default. */
  position?: SourcePosition;
}

export interface ExitProblem {
  message: string;
  position?: SourcePosition;
  /** The attempt did not finish on its own, so its output is not worth checking. */
  abandoned: boolean;
}

/** Problems with how the attempt ended, first the ones that make the output meaningless. */
export function checkExit(attempt: Observed, rules: ExitRule[]): ExitProblem[] {
  if (attempt.timedOut) return [{ message: `timed out after ${writeDuration(attempt.timeoutMs ?? attempt.durationMs)}`, abandoned: true }];
  if (attempt.interrupted) return [{ message: 'interrupted', abandoned: true }];
  if (attempt.refused) return [{ message: attempt.refused, abandoned: true }];
  if (attempt.stoppedAfterFor) return []; // stopped on purpose while still running: that is the pass
  const problems: ExitProblem[] = [];
  for (const rule of rules) {
    if (rule.spec === 'any') continue; // `exit=any` accepts any ending, a signal included
    if (attempt.exitCode === rule.spec) continue;
    const ended = attempt.exitCode === null ? `was killed by ${attempt.signal ?? 'a signal'}` : `exited with ${attempt.exitCode}`;
    problems.push({ message: `${ended}, expected exit ${rule.spec}${stderrHint(attempt.stderr)}`, position: rule.position, abandoned: false });
  }
  return problems;
}

/** The last line of stderr, which usually says why a command failed. */
function stderrHint(stderr: string): string {
  const last = stderr.split(/\r?\n/).map((line) => line.trim()).filter(Boolean).pop();
  if (!last) return '';
  return `; stderr: ${last.length > 200 ? `${last.slice(0, 197)}...` : last}`;
}
