// `--reporter github`: workflow-command annotations, one `::error` per failure at its file:line.
import type { Lab, Step } from '../lab/model.js';
import type { LabResult, StepResult } from '../session/result.js';
import type { Reporter } from './reporter.js';
import { stripAnsi } from './summary.js';
import type { ReportTarget } from './target.js';

export const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
export const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

export class GithubReporter implements Reporter {
  constructor(private readonly target: ReportTarget) {}

  onStepEnd(lab: Lab, step: Step, result: StepResult): void {
    if (result.status !== 'failed') return;
    for (const failure of result.failures) {
      const position = failure.position ?? step.position;
      const text = stripAnsi(`${failure.message}${failure.diff ? `\n${failure.diff}` : ''}`);
      this.target.write(`::error file=${escapeProperty(position.file)},line=${position.line},col=${position.column},title=${escapeProperty(`${lab.meta.id} › ${step.id}`)}::${escapeData(text)}\n`);
    }
  }

  onLabEnd(lab: Lab, result: LabResult): void {
    if (!result.error) return;
    const position = result.error.position ?? { file: lab.displayPath, line: 1, column: 1 };
    const text = `${result.error.message}${result.error.hint ? `\nhint: ${result.error.hint}` : ''}`;
    this.target.write(`::error file=${escapeProperty(position.file)},line=${position.line},col=${position.column},title=${escapeProperty(`${lab.meta.id} could not run`)}::${escapeData(text)}\n`);
  }

  async onRunEnd(): Promise<void> {
    await this.target.flush();
  }
}
