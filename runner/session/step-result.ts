// Building StepResults the same way for live runs and replay.
import { formatPosition } from '../errors/index.js';
import type { Step } from '../model/lab.js';
import type { AttemptLoopResult } from './attempt-loop.js';
import type { HostResult, StepResult } from '../model/result.js';

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

export function resultFromLoop(step: Step, loop: AttemptLoopResult, command: string, source: Source, startedAt: number): StepResult {
  return {
    stepId: step.id,
    status: loop.passed ? 'passed' : 'failed',
    command,
    attempts: loop.attempts,
    failures: loop.failures,
    durationMs: source === 'live' ? Date.now() - startedAt : loop.attempts.reduce((sum, a) => sum + a.durationMs, 0),
    source,
  };
}

/** A remote step passes when every host passed; its failures name the hosts. */
export function resultFromHosts(step: Step, hosts: HostResult[], command: string, source: Source, startedAt: number): StepResult {
  const failedHosts = hosts.filter((host) => host.status === 'failed');
  const failures = failedHosts.flatMap((host) =>
    host.error
      ? [{ message: `${host.host}: ${host.error}`, host: host.host, position: step.position }]
      : host.failures.map((failure) => ({ ...failure, host: host.host, message: `${host.host}: ${failure.message}` })),
  );
  if (hosts.length === 0) failures.push({ message: `${formatPosition(step.position)}: \`hosts=\` expanded to no host at all`, host: '', position: step.position });
  const recorded = Math.max(0, ...hosts.map((host) => host.attempts.reduce((sum, a) => sum + a.durationMs, 0)));
  return {
    stepId: step.id,
    status: failures.length === 0 ? 'passed' : 'failed',
    command,
    attempts: [],
    hosts,
    failures,
    durationMs: source === 'live' ? Date.now() - startedAt : recorded,
    source,
  };
}
