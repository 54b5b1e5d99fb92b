// The ImportPrompter on the author's terminal (@inquirer/prompts), loaded only when `lab import`
// asks. Ctrl-C becomes ImportCancelled.
import type { Readable, Writable } from 'node:stream';
import type { ImportPrompter } from './review.js';

export class ImportCancelled extends Error {}

async function cancellable<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    if (error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError')) throw new ImportCancelled('import cancelled');
    throw error;
  }
}

export async function createImportPrompter(streams: { input: Readable; output: Writable }): Promise<ImportPrompter> {
  const prompts = await import('@inquirer/prompts');
  const context = { input: streams.input, output: streams.output, clearPromptOnDone: false };
  return {
    choose: (step, at) => {
      const preview = step.command.split('\n')[0]!.slice(0, 70);
      const output = step.output === '' ? '(no output)' : `${step.output.split('\n').length} output lines`;
      return cancellable(() =>
        prompts.select(
          {
            message: `block ${at.index + 1}/${at.total} (line ${step.line}): ${preview}  [${output}]`,
            choices: [
              { value: 'keep' as const, name: 'keep as a step' },
              { value: 'skip' as const, name: 'skip it' },
              ...(at.canMerge ? [{ value: 'merge' as const, name: 'merge with the previous step' }] : []),
            ],
            default: 'keep' as const,
          },
          context,
        ),
      );
    },
    name: (_step, suggested, validate) => cancellable(() => prompts.input({ message: 'step id', default: suggested, validate }, context)),
  };
}
