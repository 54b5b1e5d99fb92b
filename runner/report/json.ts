// `--reporter json`: one document for the whole run (shape in docs/reporters.md).
import { formatPosition } from '../errors/index.js';
import type { Lab } from '../lab/model.js';
import type { Failure, LabResult, RunResult } from '../session/result.js';
import type { Reporter, RunInfo } from './reporter.js';
import { stripAnsi, summarize } from './summary.js';
import type { ReportTarget } from './target.js';

export class JsonReporter implements Reporter {
  private info?: RunInfo;
  private readonly labs = new Map<string, Lab>();

  constructor(private readonly target: ReportTarget) {}

  onRunStart(info: RunInfo): void {
    this.info = info;
  }

  onLabStart(lab: Lab): void {
    this.labs.set(lab.displayPath, lab);
  }

  async onRunEnd(result: RunResult): Promise<void> {
    const document = {
      version: 1,
      mode: this.info?.mode ?? result.labs[0]?.mode ?? 'replay',
      startedAt: (this.info?.startedAt ?? new Date()).toISOString(),
      durationMs: result.durationMs,
      interrupted: result.interrupted,
      summary: summarize(result),
      labs: result.labs.map((labResult) => this.labDocument(labResult)),
    };
    this.target.write(`${JSON.stringify(document, null, 2)}\n`);
    await this.target.flush();
  }

  private labDocument(result: LabResult) {
    const lab = this.labs.get(result.file);
    const stepsById = new Map(lab?.steps.map((step) => [step.id, step]) ?? []);
    return {
      id: result.labId,
      file: result.file,
      title: lab?.meta.title,
      status: result.status,
      mode: result.mode,
      durationMs: result.durationMs,
      ...(result.error ? { error: { ...result.error, position: result.error.position ? formatPosition(result.error.position) : undefined } } : {}),
      steps: result.steps.map((step) => ({
        id: step.stepId,
        line: stepsById.get(step.stepId)?.position.line,
        status: step.status,
        ...(step.skipReason ? { skipReason: step.skipReason } : {}),
        attempts: step.hosts ? Math.max(0, ...step.hosts.map((h) => h.attempts.length)) : step.attempts.length,
        durationMs: step.durationMs,
        ...(step.recordedDurationMs !== undefined ? { recordedDurationMs: step.recordedDurationMs } : {}),
        command: step.command,
        exitCode: step.attempts[step.attempts.length - 1]?.exitCode,
        failures: step.failures.map(failureDocument),
        ...(step.hosts
          ? {
              hosts: step.hosts.map((host) => ({
                host: host.host, status: host.status, attempts: host.attempts.length,
                exitCode: host.attempts[host.attempts.length - 1]?.exitCode,
                ...(host.error ? { error: host.error } : {}), failures: host.failures.map(failureDocument),
              })),
            }
          : {}),
      })),
    };
  }
}

function failureDocument(failure: Failure) {
  return {
    message: stripAnsi(failure.message),
    file: failure.position?.file,
    line: failure.position?.line,
    ...(failure.diff ? { diff: stripAnsi(failure.diff) } : {}),
    ...(failure.host ? { host: failure.host } : {}),
  };
}
