// `--reporter tap`: TAP version 14, a subtest per lab, YAML diagnostics for failures.
import { provenanceWords } from './provenance.js';
import type { YamlLibrary } from '../lab/yaml-data.js';
import { formatPosition } from '../errors/index.js';
import type { LabResult, RunResult, StepResult } from '../model/result.js';
import { DocumentReporter } from './document-reporter.js';
import { stripAnsi } from './summary.js';

/** A test point description or directive text: one line, with `#` and `\` escaped as TAP 14 asks. */
export function tapDescription(text: string): string {
  return stripAnsi(text).replace(/\\/g, '\\\\').replace(/#/g, '\\#').replace(/\s*[\r\n]+\s*/g, ' ');
}

export class TapReporter extends DocumentReporter {
  /** The yaml library, loaded when the document is written (the rest of a run never needs it). */
  private yaml?: YamlLibrary;

  override async onRunEnd(result: RunResult): Promise<void> {
    this.yaml ??= (await import('../lab/yaml-data.js')).yamlLibrary();
    await super.onRunEnd(result);
  }

  protected render(result: RunResult): string {
    const out = ['TAP version 14', `1..${result.labs.length}`];
    result.labs.forEach((lab, index) => out.push(...this.subtest(lab, index + 1)));
    if (result.interrupted) out.push('Bail out! interrupted');
    return `${out.join('\n')}\n`;
  }

  private subtest(result: LabResult, number: number): string[] {
    const inner: string[] = [`1..${result.steps.length + (result.error ? 1 : 0)}`];
    result.steps.forEach((step, index) => inner.push(...this.testPoint(result, step, index + 1)));
    if (result.error) {
      const { code, message, hint, position } = result.error;
      inner.push(`not ok ${result.steps.length + 1} - ${tapDescription(result.labId)} could not run`);
      inner.push(...this.yamlBlock({ message: stripAnsi(message), code, at: position ? formatPosition(position) : result.file, ...(hint ? { hint } : {}) }));
    }
    return [
      `# Subtest: ${tapDescription(result.labId)}`,
      ...inner.map((line) => `    ${line}`),
      `${result.status === 'passed' ? 'ok' : 'not ok'} ${number} - ${tapDescription(result.labId)}`,
    ];
  }

  private testPoint(labResult: LabResult, step: StepResult, number: number): string[] {
    if (step.status === 'skipped') {
      const reason = step.skipReason ? ` ${tapDescription(step.skipReason)}` : '';
      return [`ok ${number} - ${tapDescription(step.stepId)} # SKIP${reason}`];
    }
    if (step.status === 'passed') {
      const details = {
        ...(step.provenance ? { provenance: provenanceWords(step.provenance) } : {}),
        ...(step.warnings ? { warnings: step.warnings.map((f) => stripAnsi(f.message)) } : {}),
      };
      return [`ok ${number} - ${tapDescription(step.stepId)}`, ...(Object.keys(details).length ? this.yamlBlock(details) : [])];
    }
    const position = this.index.step(labResult, step)?.position;
    const diffs = step.failures.map((f) => f.diff ?? '').filter(Boolean);
    return [`not ok ${number} - ${tapDescription(step.stepId)}`, ...this.yamlBlock({
      message: stripAnsi(step.failures.map((f) => f.message).join('\n') || 'failed'),
      at: position ? formatPosition(position) : labResult.file,
      ...(step.provenance ? { provenance: provenanceWords(step.provenance) } : {}),
      ...(diffs.length ? { diff: stripAnsi(diffs.join('\n')) } : {}),
      ...remoteStatuses(step),
    })];
  }

  /** TAP 14 diagnostics: a YAML document between `---` and `...`, indented two spaces under its test point. */
  private yamlBlock(data: Record<string, unknown>): string[] {
    const body = this.yaml!.stringify(data, { lineWidth: 0 }).replace(/\n$/, '').split('\n');
    return ['  ---', ...body.map((line) => `  ${line}`), '  ...'];
  }
}

/** `hosts: { 10.0.0.1: passed }`, `pods: { aws-node-x: connection refused }`: one map per kind of remote. */
function remoteStatuses(step: StepResult): Record<string, Record<string, string>> {
  const maps: Record<string, Record<string, string>> = {};
  for (const remote of step.remotes ?? []) (maps[`${remote.kind}s`] ??= {})[remote.name] = remote.error ? stripAnsi(remote.error) : remote.status;
  return maps;
}
