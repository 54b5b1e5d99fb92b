// Finding the Lab and Step behind a result: results carry ids and the display path, while titles
// and source lines live in the model that onRunStart / onLabStart handed over.
import type { Lab, Step } from '../lab/model.js';
import type { LabResult, StepResult } from '../session/result.js';

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
