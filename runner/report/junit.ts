// `--reporter junit`: JUnit XML. A <testsuite> per lab, a <testcase> per step (remote steps
// list each host's result in <system-out>), failures with file:line and the diff.
import { formatPosition } from '../errors/index.js';
import type { Lab } from '../lab/model.js';
import type { LabResult, RunResult, StepResult } from '../session/result.js';
import type { Reporter } from './reporter.js';
import { stripAnsi } from './summary.js';
import type { ReportTarget } from './target.js';

export function escapeXml(text: string): string {
  return stripAnsi(text)
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

export class JunitReporter implements Reporter {
  private readonly labs = new Map<string, Lab>();

  constructor(private readonly target: ReportTarget) {}

  onLabStart(lab: Lab): void {
    this.labs.set(lab.displayPath, lab);
  }

  async onRunEnd(result: RunResult): Promise<void> {
    const suites = result.labs.map((lab) => this.suite(lab));
    const count = (status: string) => result.labs.reduce((n, lab) => n + lab.steps.filter((s) => s.status === status).length, 0);
    const errors = result.labs.filter((lab) => lab.status === 'error').length;
    const tests = result.labs.reduce((n, lab) => n + Math.max(lab.steps.length, lab.status === 'error' ? 1 : 0), 0);
    this.target.write(
      `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="lab" tests="${tests}" failures="${count('failed')}" errors="${errors}" skipped="${count('skipped')}" time="${seconds(result.durationMs)}">\n${suites.join('')}</testsuites>\n`,
    );
    await this.target.flush();
  }

  private suite(result: LabResult): string {
    const lab = this.labs.get(result.file);
    const cases = result.steps.map((step) => this.testcase(result, step, lab));
    if (result.error) {
      const where = result.error.position ? `${formatPosition(result.error.position)}: ` : '';
      cases.push(`    <testcase name="(lab)" classname="${escapeXml(result.labId)}" file="${escapeXml(result.file)}" time="0">\n      <error message="${escapeXml(result.error.message)}" type="${escapeXml(result.error.code)}">${escapeXml(`${where}${result.error.message}${result.error.hint ? `\nhint: ${result.error.hint}` : ''}`)}</error>\n    </testcase>\n`);
    }
    const failures = result.steps.filter((s) => s.status === 'failed').length;
    const skipped = result.steps.filter((s) => s.status === 'skipped').length;
    return `  <testsuite name="${escapeXml(result.labId)}" tests="${cases.length}" failures="${failures}" errors="${result.error ? 1 : 0}" skipped="${skipped}" time="${seconds(result.durationMs)}" file="${escapeXml(result.file)}">\n${cases.join('')}  </testsuite>\n`;
  }

  private testcase(labResult: LabResult, step: StepResult, lab: Lab | undefined): string {
    const line = lab?.steps.find((s) => s.id === step.stepId)?.position.line;
    const open = `    <testcase name="${escapeXml(step.stepId)}" classname="${escapeXml(labResult.labId)}" file="${escapeXml(labResult.file)}"${line ? ` line="${line}"` : ''} time="${seconds(step.durationMs)}">`;
    const body: string[] = [];
    if (step.status === 'skipped') body.push(`      <skipped message="${escapeXml(step.skipReason ?? 'skipped')}"/>`);
    if (step.status === 'failed') {
      const text = step.failures.map((f) => `${f.message}${f.diff ? `\n${f.diff}` : ''}`).join('\n\n');
      body.push(`      <failure message="${escapeXml(step.failures[0]?.message ?? 'failed')}" type="StepFailed">${escapeXml(text)}</failure>`);
    }
    if (step.hosts) {
      const lines = step.hosts.map((host) => `${host.host}: ${host.status}${host.error ? ` (${host.error})` : ''}`);
      body.push(`      <system-out>${escapeXml(lines.join('\n'))}</system-out>`);
    }
    return body.length ? `${open}\n${body.join('\n')}\n    </testcase>\n` : `${open}</testcase>\n`;
  }
}
