// `--reporter github`: workflow-command annotations, one `::error` per failure at its file:line,
// so a pull request shows each failed expectation on the lab's own line.
import type { SourcePosition } from '../errors/index.js';
import type { Lab, Step } from '../model/lab.js';
import type { LabResult, StepResult } from '../model/result.js';
import type { Reporter } from './reporter.js';
import { stripAnsi } from './summary.js';
import type { ReportTarget } from './target.js';

/** The message part of a workflow command: GitHub reads `%`, CR and LF as escapes. */
export const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
/** A property value (`file=`, `title=`): `:` and `,` end it unless escaped too. */
export const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function errorAnnotation(position: SourcePosition, title: string, message: string): string {
  const properties = `file=${escapeProperty(position.file)},line=${position.line},col=${position.column},title=${escapeProperty(title)}`;
  return `::error ${properties}::${escapeData(stripAnsi(message))}\n`;
}

export class GithubReporter implements Reporter {
  constructor(private readonly target: ReportTarget) {}

  onStepEnd(lab: Lab, step: Step, result: StepResult): void {
    if (result.status !== 'failed') return;
    const title = `${lab.meta.id} › ${step.id}`;
    if (result.failures.length === 0) {
      this.target.write(errorAnnotation(step.position, title, `step \`${step.id}\` failed`));
      return;
    }
    for (const failure of result.failures) {
      const text = `${failure.message}${failure.diff ? `\n${failure.diff}` : ''}`;
      this.target.write(errorAnnotation(failure.position ?? step.position, failure.remote ? `${title} @ ${failure.remote}` : title, text));
    }
  }

  onLabEnd(lab: Lab, result: LabResult): void {
    if (!result.error) return;
    const position = result.error.position ?? { file: lab.displayPath, line: 1, column: 1 };
    const text = `${result.error.message}${result.error.hint ? `\nhint: ${result.error.hint}` : ''}`;
    this.target.write(errorAnnotation(position, `${lab.meta.id} could not run`, text));
  }

  async onRunEnd(): Promise<void> {
    await this.target.flush();
  }
}
