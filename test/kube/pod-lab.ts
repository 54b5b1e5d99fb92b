// A lab and pod steps as plain model data, and a helper that runs a step the way the step runner
// does (remotes first, then one attempt per pod), for the pod target's tests.
import type { Lab, LabMeta, Step, StepAttributes } from '../../runner/model/lab.js';
import type { PodTarget } from '../../runner/kube/target.js';
import type { AttemptRequest, Remote, TargetAttempt } from '../../runner/step/target.js';

export function podLab(meta: Partial<LabMeta> = {}): Lab {
  return {
    file: '/labs/pods.md',
    displayPath: 'labs/pods.md',
    meta: { id: 'pods', title: 'Pods', requires: [], vars: [], sshOptions: {}, redact: [], aws: false, ...meta },
    sections: [],
    steps: [],
    sourceHash: '0',
  };
}

export function podStep(attributes: Partial<StepAttributes>, command = 'echo "in $POD_NAME"'): Step {
  return {
    id: 'in-pods',
    generatedId: false,
    index: 0,
    language: 'bash',
    command,
    position: { file: 'labs/pods.md', line: 3, column: 1 },
    attributes: { background: false, cleanup: false, tty: false, skip: false, ...attributes },
    rawAttributes: [],
    expectations: [],
    section: 0,
    sourceHash: '0',
  };
}

export interface PodRun {
  remote: Remote;
  outcome: TargetAttempt;
  /** What was streamed through onOutput, per stream. */
  streamed: { stdout: string; stderr: string };
}

/** Resolves the step's pods and runs the block once in each; throws when remotes() gave an error. */
export async function runInPods(
  target: PodTarget,
  step: Step,
  values: Record<string, string> = {},
  request: Partial<Pick<AttemptRequest, 'timeoutMs' | 'signal' | 'script'>> = {},
): Promise<PodRun[]> {
  const list = await target.remotes(step, values);
  if ('error' in list) throw new Error(`remotes() failed: ${list.error}`);
  return Promise.all(list.remotes.map(async (remote) => {
    const streamed = { stdout: '', stderr: '' };
    const outcome = await target.attempt({
      step, remote, script: request.script ?? step.command, part: 'step', attempt: 1,
      timeoutMs: request.timeoutMs ?? 20_000, signal: request.signal,
      onOutput: (stream, text) => { streamed[stream] += text; },
    });
    return { remote, outcome, streamed };
  }));
}
