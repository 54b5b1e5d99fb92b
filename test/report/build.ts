// Hand-built Labs, Steps and results for reporter tests, and a driver that plays a run's
// hooks in the order the runner calls them.
import { Writable } from 'node:stream';
import type { Lab, Step, StepAttributes } from '../../runner/model/lab.js';
import type { Reporter } from '../../runner/report/reporter.js';
import type { Failure, RemoteResult, LabResult, RunResult, StepResult } from '../../runner/model/result.js';

export function makeStep(id: string, line: number, file: string, attributes: Partial<StepAttributes> = {}): Step {
  return {
    id, generatedId: false, index: 0, language: 'bash', command: `echo ${id}`,
    position: { file, line, column: 1 },
    attributes: { background: false, cleanup: false, tty: false, skip: false, ...attributes },
    rawAttributes: [], expectations: [], section: 0, sourceHash: `hash-${id}`,
  };
}

export function makeLab(id: string, title: string, steps: Array<{ id: string; line: number; attributes?: Partial<StepAttributes> }>): Lab {
  const displayPath = `labs/${id}.md`;
  return {
    file: `/project/${displayPath}`, displayPath,
    meta: { id, title, requires: [], vars: [], sshOptions: {}, redact: [], aws: false },
    sections: [],
    steps: steps.map((s, index) => ({ ...makeStep(s.id, s.line, displayPath, s.attributes), index })),
    sourceHash: `hash-${id}`,
  };
}

const attempt = (exitCode: number, stdout = '', durationMs = 100) => ({ stdout, stderr: '', exitCode, durationMs });

export function passed(stepId: string, options: { attempts?: number; durationMs?: number; recordedDurationMs?: number; source?: 'live' | 'replay' } = {}): StepResult {
  const count = options.attempts ?? 1;
  return {
    stepId, status: 'passed', command: `echo ${stepId}`, attempts: Array.from({ length: count }, () => attempt(0)),
    failures: [], durationMs: options.durationMs ?? 1200, source: options.source ?? 'live',
    ...(options.recordedDurationMs !== undefined ? { recordedDurationMs: options.recordedDurationMs } : {}),
  };
}

export function failed(stepId: string, failures: Failure[], options: { attempts?: number; remotes?: RemoteResult[] } = {}): StepResult {
  return {
    stepId, status: 'failed', command: `echo ${stepId}`,
    attempts: options.remotes ? [] : Array.from({ length: options.attempts ?? 1 }, () => attempt(1, 'actual output\n')),
    ...(options.remotes ? { remotes: options.remotes } : {}),
    failures, durationMs: 2500, source: 'live',
  };
}

export function skipped(stepId: string, reason: string): StepResult {
  return { stepId, status: 'skipped', skipReason: reason, command: `echo ${stepId}`, attempts: [], failures: [], durationMs: 0, source: 'live' };
}

export function labResult(lab: Lab, steps: StepResult[], extra: Partial<LabResult> = {}): LabResult {
  const status = steps.some((s) => s.status === 'failed') ? 'failed' : 'passed';
  return { labId: lab.meta.id, file: lab.displayPath, status, mode: 'live', steps, durationMs: 3000, ...extra };
}

/** Plays onRunStart .. onRunEnd for the given labs and their results, the runner's order. */
export async function drive(reporter: Reporter, runs: Array<{ lab: Lab; result: LabResult }>, mode: 'live' | 'replay' = 'live'): Promise<RunResult> {
  reporter.onRunStart?.({ mode, labs: runs.map((r) => r.lab), startedAt: new Date('2025-01-02T03:04:05.000Z') });
  for (const { lab, result } of runs) {
    reporter.onLabStart?.(lab, mode);
    for (const stepResult of result.steps) {
      const step = lab.steps.find((s) => s.id === stepResult.stepId)!;
      if (stepResult.status !== 'skipped') reporter.onStepStart?.(lab, step, { attempt: 1, maxAttempts: step.attributes.retry ?? 1 });
      reporter.onStepEnd?.(lab, step, stepResult);
    }
    reporter.onLabEnd?.(lab, result);
  }
  const run: RunResult = { labs: runs.map((r) => r.result), durationMs: 4321, interrupted: false };
  await reporter.onRunEnd?.(run);
  return run;
}

/** A stdout stand-in that keeps what was written. */
export function captureStream(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({ write(chunk, _encoding, done) { chunks.push(String(chunk)); done(); } });
  return { stream, text: () => chunks.join('') };
}

/** A run with one of everything: a pass, a retried failure with a diff, a skip, a remote step with a bad host. */
export function sampleRun() {
  const endpoint = makeLab('week1/endpoint-access', 'Switch the cluster endpoint access', [
    { id: 'describe-cluster', line: 12 },
    { id: 'wait-update', line: 20, attributes: { retry: 40, intervalMs: 15_000 } },
    { id: 'ssh-shell', line: 30, attributes: { tty: true } },
    { id: 'node-peers', line: 40, attributes: { hosts: '$N1 $N2' } },
  ]);
  const file = endpoint.displayPath;
  const hosts: RemoteResult[] = [
    { kind: 'host', name: '192.168.1.10', status: 'passed', attempts: [attempt(0, 'kubelet\n')], failures: [] },
    { kind: 'host', name: '192.168.2.20', status: 'failed', attempts: [], error: 'connection timed out', failures: [] },
  ];
  const result = labResult(endpoint, [
    passed('describe-cluster'),
    failed('wait-update', [{
      message: `${file}:24:1: stdout does not match (after 40 attempts)`, position: { file, line: 24, column: 1 },
      diff: '--- expected\n+++ actual\n@@ -1 +1 @@\n-Successful\n+InProgress\n',
    }], { attempts: 40 }),
    skipped('ssh-shell', 'needs a terminal'),
    failed('node-peers', [{ message: '192.168.2.20: connection timed out', remote: '192.168.2.20', position: { file, line: 40, column: 1 } }], { remotes: hosts }),
  ]);
  const second = makeLab('week1/control-plane', 'Look at the control plane', [{ id: 'get-nodes', line: 8 }]);
  return [{ lab: endpoint, result }, { lab: second, result: labResult(second, [passed('get-nodes')]) }];
}
