// Which variables a step needs: `$VAR` in its command (and its task's solution) and `{{VAR}}` in
// its expectations. `lab run --keep-going` skips a step that needs what a failed step would have
// captured, rather than run it with an empty value and report a second, misleading failure.
import type { Step } from '../model/lab.js';
import { placeholderNames } from '../expect/index.js';
import { findVariableUses } from '../lab/shell-variables.js';

export function variablesNeeded(step: Step): Set<string> {
  const names = new Set<string>();
  const shellTexts = [step.command, step.task?.solve?.command, step.attributes.hosts, step.attributes.pods, step.attributes.selector, step.attributes.namespace, step.attributes.cwd];
  for (const text of shellTexts) if (text) for (const use of findVariableUses(text)) names.add(use.name);
  const expectations = [...step.expectations, ...(step.task?.solve?.expectations ?? [])];
  for (const expectation of expectations) for (const name of placeholderNames(expectation.text)) names.add(name);
  return names;
}

/**
 * The variables failed (or skipped) steps would have captured, and who they are missing from.
 * `missingFor(step)` says why a step cannot run, e.g. "needs CLUSTER_ARN from failed step `create`".
 */
export class MissingCaptures {
  private readonly missing = new Map<string, string>();

  /** A step that did not pass: what it would have captured is missing from here on. */
  lost(step: Step, why: 'failed' | 'skipped'): void {
    const name = step.attributes.capture;
    if (name) this.missing.set(name, `${why} step \`${step.id}\``);
  }

  /** A later step that sets the variable again (capture= or an assignment) makes it available. */
  restored(step: Step): void {
    if (step.attributes.capture) this.missing.delete(step.attributes.capture);
  }

  missingFor(step: Step): string | undefined {
    // Nothing lost (every step so far passed): no need to read the step's texts for variables.
    if (this.missing.size === 0) return undefined;
    for (const name of variablesNeeded(step)) {
      const from = this.missing.get(name);
      if (from) return `needs ${name} from ${from}`;
    }
    return undefined;
  }
}
