// `--reporter json`: one document for the whole run, written at onRunEnd (shape in docs/reporters.md).
import type { Failure, LabResult, RemoteResult, RunResult, StepResult } from '../model/result.js';
import { DocumentReporter } from './document-reporter.js';
import { attemptCount, stripAnsi, summarize } from './summary.js';

export const JSON_REPORT_VERSION = 1;

export class JsonReporter extends DocumentReporter {
  protected render(result: RunResult): string {
    const { labs, passed, failed, skipped, errors } = summarize(result);
    const document = {
      version: JSON_REPORT_VERSION,
      mode: this.info?.mode ?? result.labs[0]?.mode ?? 'replay',
      startedAt: (this.info?.startedAt ?? new Date(Date.now() - result.durationMs)).toISOString(),
      durationMs: result.durationMs,
      interrupted: result.interrupted,
      summary: { labs, passed, failed, skipped, errors },
      labs: result.labs.map((labResult) => this.labDocument(labResult)),
    };
    return `${JSON.stringify(document, null, 2)}\n`;
  }

  private labDocument(result: LabResult) {
    const error = result.error;
    return {
      id: result.labId,
      file: result.file,
      title: this.index.lab(result)?.meta.title ?? null,
      status: result.status,
      mode: result.mode,
      durationMs: result.durationMs,
      ...(error ? {
        error: {
          code: error.code, message: stripAnsi(error.message),
          ...(error.hint ? { hint: error.hint } : {}),
          ...(error.position ? { file: error.position.file, line: error.position.line } : {}),
        },
      } : {}),
      steps: result.steps.map((step) => this.stepDocument(result, step)),
    };
  }

  private stepDocument(labResult: LabResult, step: StepResult) {
    const kindOf = new Map(step.remotes?.map((remote) => [remote.name, remote.kind]));
    const failure = (f: Failure) => failureDocument(f, kindOf);
    return {
      id: step.stepId,
      line: this.index.step(labResult, step)?.position.line ?? null,
      status: step.status,
      ...(step.skipReason ? { skipReason: step.skipReason } : {}),
      attempts: attemptCount(step),
      durationMs: step.durationMs,
      ...(step.recordedDurationMs !== undefined ? { recordedDurationMs: step.recordedDurationMs } : {}),
      ...(step.provenance ? { provenance: step.provenance } : {}),
      command: step.command,
      ...(step.remotes ? {} : { exitCode: step.attempts.at(-1)?.exitCode ?? null }),
      failures: step.failures.map(failure),
      ...(step.warnings ? { warnings: step.warnings.map(failure) } : {}),
      ...(step.hooks ? { hooks: step.hooks.map((hook) => ({ phase: hook.phase, name: hook.name, exitCode: hook.attempts.at(-1)?.exitCode ?? null, stdout: hook.attempts.at(-1)?.stdout ?? '', stderr: hook.attempts.at(-1)?.stderr ?? '' })) } : {}),
      ...remoteDocuments(step.remotes ?? [], failure),
    };
  }
}

/** `hosts: [{ host, ... }]`, `pods: [{ pod, ... }]`: one list per kind of remote, each entry named by its kind. */
function remoteDocuments(remotes: RemoteResult[], failure: (f: Failure) => object): Record<string, object[]> {
  const lists: Record<string, object[]> = {};
  for (const remote of remotes) {
    (lists[`${remote.kind}s`] ??= []).push({
      [remote.kind]: remote.name,
      status: remote.status,
      attempts: remote.attempts.length,
      exitCode: remote.attempts.at(-1)?.exitCode ?? null,
      ...(remote.error ? { error: stripAnsi(remote.error) } : {}),
      failures: remote.failures.map(failure),
    });
  }
  return lists;
}

function failureDocument(failure: Failure, kindOf: Map<string, string>) {
  return {
    message: stripAnsi(failure.message),
    file: failure.position?.file ?? null,
    line: failure.position?.line ?? null,
    ...(failure.diff ? { diff: stripAnsi(failure.diff) } : {}),
    ...(failure.remote ? { [kindOf.get(failure.remote) ?? 'remote']: failure.remote } : {}),
  };
}
