// Building StepResults the same way for every target, live and replayed.
import { formatPosition } from '../errors/index.js';
import type { Step } from '../model/lab.js';
import type { Failure, RemoteResult, StepResult } from '../model/result.js';
import type { Slot } from './attempts.js';

type Source = StepResult['source'];

export function skippedResult(step: Step, reason: string, command: string, source: Source): StepResult {
  return { stepId: step.id, status: 'skipped', skipReason: reason, command, attempts: [], failures: [], durationMs: 0, source };
}

export function failedResult(step: Step, message: string, command: string, source: Source): StepResult {
  return {
    stepId: step.id, status: 'failed', command, attempts: [], durationMs: 0, source,
    failures: [{ message: `${formatPosition(step.position)}: ${message}`, position: step.position }],
  };
}

/** A step that ran in the session itself. */
export function resultFromSlot(step: Step, slot: Slot, command: string, source: Source): StepResult {
  const attempts = slot.attempts ?? [];
  const failures: Failure[] = [...(slot.failures ?? [])];
  if (slot.error) failures.push({ message: `${formatPosition(step.position)}: ${slot.error}`, position: step.position });
  if (attempts.length === 0 && failures.length === 0) failures.push({ message: `${formatPosition(step.position)}: \`${step.id}\` did not run`, position: step.position });
  return {
    stepId: step.id,
    status: slot.status === 'passed' ? 'passed' : 'failed',
    command,
    attempts,
    failures,
    durationMs: sumDurations(attempts),
    source,
  };
}

/** A remote step passes when every host or pod passed; its failures name them. */
export function resultFromRemotes(step: Step, slots: Slot[], command: string, source: Source): StepResult {
  const remotes: RemoteResult[] = slots.map((slot) => {
    const attempts = slot.attempts ?? [];
    const error = slot.error ?? (attempts.length === 0 ? 'no attempt' : undefined);
    return {
      kind: slot.remote!.kind, name: slot.remote!.name, status: slot.status === 'passed' ? 'passed' : 'failed', attempts,
      failures: slot.failures ?? [], ...(error ? { error } : {}),
    };
  });
  const failures = remotes.filter((remote) => remote.status === 'failed').flatMap((remote): Failure[] =>
    remote.error
      ? [{ message: `${remote.name}: ${remote.error}`, remote: remote.name, position: step.position }]
      : remote.failures.map((failure) => ({ ...failure, remote: remote.name, message: `${remote.name}: ${failure.message}` })),
  );
  if (remotes.length === 0) failures.push({ message: `${formatPosition(step.position)}: this step expanded to no host or pod at all`, position: step.position });
  return {
    stepId: step.id,
    status: failures.length === 0 ? 'passed' : 'failed',
    command,
    attempts: [],
    remotes,
    failures,
    // Remotes run in parallel: the step took as long as its slowest.
    durationMs: Math.max(0, ...remotes.map((remote) => sumDurations(remote.attempts))),
    source,
  };
}

function sumDurations(attempts: Array<{ durationMs: number }>): number {
  return attempts.reduce((sum, attempt) => sum + attempt.durationMs, 0);
}
