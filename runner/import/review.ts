// The author's pass over the blocks found: keep, skip or merge each with the one before, and name
// the step. A small interface so tests drive it with a script and the CLI with inquirer.
import { uniqueId, type DraftStep } from './draft.js';

export type BlockChoice = 'keep' | 'skip' | 'merge';

export interface ImportPrompter {
  /** What to do with this block; `merge` is offered only when a kept block comes before it. */
  choose(step: DraftStep, at: { index: number; total: number; canMerge: boolean }): Promise<BlockChoice>;
  /** The step's id; `validate` returns a message for a name that cannot be used, or true. */
  name(step: DraftStep, suggested: string, validate: (name: string) => true | string): Promise<string>;
}

const STEP_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export async function reviewSteps(steps: DraftStep[], prompter: ImportPrompter): Promise<DraftStep[]> {
  const kept: DraftStep[] = [];
  const taken = new Set<string>();
  for (const [index, step] of steps.entries()) {
    const previous = kept[kept.length - 1];
    const choice = await prompter.choose(step, { index, total: steps.length, canMerge: previous !== undefined });
    if (choice === 'skip') continue;
    if (choice === 'merge' && previous) {
      previous.command = `${previous.command}\n${step.command}`;
      previous.output = [previous.output, step.output].filter((output) => output !== '').join('\n');
      if (step.lead) previous.lead = [previous.lead, step.lead].filter(Boolean).join('\n\n');
      continue;
    }
    const validate = (name: string): true | string =>
      !STEP_ID.test(name) ? 'use letters, digits, `.`, `_` and `-` (starting with a letter or digit)' : taken.has(name) ? `\`${name}\` is taken by an earlier step` : true;
    const suggested = uniqueId(step.id, new Set(taken));
    const name = await prompter.name(step, suggested, validate);
    const checked = validate(name);
    if (checked !== true) throw new Error(`step name \`${name}\`: ${checked}`);
    taken.add(name);
    kept.push({ ...step, id: name });
  }
  return kept;
}
