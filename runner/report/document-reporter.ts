// Finding the Lab and Step behind a result, and the base of the reporters that write one document: results carry ids and the display path, while titles
// and source lines live in the model that onRunStart / onLabStart handed over.
import type { Lab, Step } from '../model/lab.js';
import type { LabResult, RunResult, StepResult } from '../model/result.js';
import type { Reporter, RunInfo } from './reporter.js';
import type { ReportTarget } from './target.js';

export class LabIndex {
  private readonly byFile = new Map<string, Lab>();

  add(lab: Lab): void {
    this.byFile.set(lab.displayPath, lab);
  }

  lab(result: LabResult): Lab | undefined {
    return this.byFile.get(result.file);
  }

  step(labResult: LabResult, stepResult: StepResult): Step | undefined {
    return this.lab(labResult)?.steps.find((step) => step.id === stepResult.stepId);
  }
}

/**
 * A reporter that writes one document at the end of the run (json, junit, tap): it remembers the
 * labs it is told about, then renders the whole result once and hands it to its target.
 */
export abstract class DocumentReporter implements Reporter {
  protected readonly index = new LabIndex();
  protected info?: RunInfo;

  constructor(private readonly target: ReportTarget) {}

  onRunStart(info: RunInfo): void {
    this.info = info;
    info.labs.forEach((lab) => this.index.add(lab));
  }

  onLabStart(lab: Lab): void {
    this.index.add(lab);
  }

  async onRunEnd(result: RunResult): Promise<void> {
    this.target.write(this.render(result));
    await this.target.flush();
  }

  protected abstract render(result: RunResult): string;
}
