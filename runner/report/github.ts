// `--reporter github`: workflow-command annotations, one `::error` per failure at its file:line,
// so a pull request shows each failed expectation on the lab's own line; a line when all passed;
// and the job summary ($GITHUB_STEP_SUMMARY): a Markdown table of labs and their steps.
import { appendFile } from 'node:fs/promises';
import type { SourcePosition } from '../errors/index.js';
import type { Lab, Step } from '../model/lab.js';
import type { LabResult, RunResult, StepResult } from '../model/result.js';
import { formatDuration } from '../text/duration.js';
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
  /** `summaryFile`: $GITHUB_STEP_SUMMARY, the file GitHub shows on the job's page (appended to, as GitHub asks). */
  constructor(private readonly target: ReportTarget, private readonly summaryFile?: string) {}

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

  async onRunEnd(result?: RunResult): Promise<void> {
    if (result) {
      const failed = result.labs.filter((lab) => lab.status !== 'passed').length;
      if (failed === 0 && !result.interrupted) {
        const steps = result.labs.reduce((total, lab) => total + lab.steps.length, 0);
        this.target.write(`lab: ${result.labs.length} lab${result.labs.length === 1 ? '' : 's'} passed, ${steps} step${steps === 1 ? '' : 's'} (this run took ${formatDuration(result.durationMs)})\n`);
      }
      if (this.summaryFile) await appendFile(this.summaryFile, jobSummary(result));
    }
    await this.target.flush();
  }
}

const count = (lab: LabResult, status: StepResult['status']) => lab.steps.filter((step) => step.status === status).length;
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The job summary: one row per lab; the failed steps named. Durations are this run's. */
export function jobSummary(result: RunResult): string {
  const mark = { passed: '✅ passed', failed: '❌ failed', error: '⚠️ could not run' } as const;
  const rows = result.labs.map((lab) => {
    const failedSteps = lab.steps.filter((step) => step.status === 'failed').map((step) => `\`${step.stepId}\``).join(', ');
    return `| \`${cell(lab.labId)}\` | ${lab.mode} | ${mark[lab.status]} | ${count(lab, 'passed')} | ${count(lab, 'failed')} | ${count(lab, 'skipped')} | ${formatDuration(lab.durationMs)} | ${cell(failedSteps || (lab.error ? stripAnsi(lab.error.message).split('\n')[0]! : ''))} |`;
  });
  return [
    '### lab',
    '',
    '| Lab | Mode | Result | Passed | Failed | Skipped | This run took | Failed steps |',
    '|---|---|---|---:|---:|---:|---:|---|',
    ...rows,
    '',
  ].join('\n') + '\n';
}
