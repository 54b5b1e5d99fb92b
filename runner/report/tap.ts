// `--reporter tap`: TAP version 14, a subtest per lab, YAML diagnostics for failures.
import { stringify } from 'yaml';
import { formatPosition } from '../errors/index.js';
import type { Lab } from '../lab/model.js';
import type { LabResult, RunResult } from '../session/result.js';
import type { Reporter } from './reporter.js';
import { stripAnsi } from './summary.js';
import type { ReportTarget } from './target.js';

const description = (text: string) => text.replace(/#/g, '\\#').replace(/\n/g, ' ');

export class TapReporter implements Reporter {
  private readonly labs = new Map<string, Lab>();

  constructor(private readonly target: ReportTarget) {}

  onLabStart(lab: Lab): void {
    this.labs.set(lab.displayPath, lab);
  }

  async onRunEnd(result: RunResult): Promise<void> {
    const out = ['TAP version 14', `1..${result.labs.length}`];
    result.labs.forEach((lab, index) => out.push(...this.subtest(lab, index + 1)));
    if (result.interrupted) out.push('Bail out! interrupted');
    this.target.write(`${out.join('\n')}\n`);
    await this.target.flush();
  }

  private subtest(result: LabResult, number: number): string[] {
    const lab = this.labs.get(result.file);
    const lines = [`# Subtest: ${result.labId}`];
    const inner: string[] = [`1..${result.steps.length + (result.error ? 1 : 0)}`];
    result.steps.forEach((step, index) => {
      const ok = step.status !== 'failed';
      const skip = step.status === 'skipped' ? ` # SKIP ${description(step.skipReason ?? '')}` : '';
      inner.push(`${ok ? 'ok' : 'not ok'} ${index + 1} - ${description(step.stepId)}${skip}`);
      if (!ok) {
        const position = lab?.steps.find((s) => s.id === step.stepId)?.position;
        inner.push(...yamlBlock({
          message: stripAnsi(step.failures.map((f) => f.message).join('\n')),
          at: position ? formatPosition(position) : result.file,
          ...(step.failures.some((f) => f.diff) ? { diff: stripAnsi(step.failures.map((f) => f.diff ?? '').filter(Boolean).join('\n')) } : {}),
          ...(step.hosts ? { hosts: Object.fromEntries(step.hosts.map((h) => [h.host, h.error ?? h.status])) } : {}),
        }));
      }
    });
    if (result.error) {
      inner.push(`not ok ${result.steps.length + 1} - ${description(result.labId)} could not run`);
      inner.push(...yamlBlock({ message: result.error.message, code: result.error.code, ...(result.error.hint ? { hint: result.error.hint } : {}) }));
    }
    lines.push(...inner.map((line) => `    ${line}`));
    lines.push(`${result.status === 'passed' ? 'ok' : 'not ok'} ${number} - ${description(result.labId)}`);
    return lines;
  }
}

function yamlBlock(data: Record<string, unknown>): string[] {
  const body = stringify(data, { lineWidth: 0 }).replace(/\n$/, '').split('\n');
  return ['  ---', ...body.map((line) => `  ${line}`), '  ...'];
}
