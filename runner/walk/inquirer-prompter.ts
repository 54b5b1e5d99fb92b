// The production Prompter: @inquirer/prompts on the learner's terminal, loaded only when a walk
// starts (other commands never pay for it). Ctrl-C at a prompt becomes PromptCancelled.
import type { Readable, Writable } from 'node:stream';
import { MARKS } from '../text/marks.js';
import { isGroup, PromptCancelled, type Choice, type ChoiceGroup, type Prompter } from './prompter.js';

interface Streams {
  input: Readable;
  output: Writable;
  /** Aborting it cancels the open prompt (PromptCancelled): how SIGTERM ends a walk waiting for a key. */
  signal?: AbortSignal;
  /** The mark before an answered prompt (inquirer's own is ✔): the walk's ✓, in its colour. */
  answered?: string;
}

async function cancellable<T>(ask: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  // Checked here: @inquirer/core given an already aborted signal rejects but leaves its readline
  // open on stdin, and the process never exits.
  if (signal?.aborted) throw new PromptCancelled();
  try {
    return await ask();
  } catch (error) {
    if (error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError')) throw new PromptCancelled();
    throw error;
  }
}

export async function createInquirerPrompter(streams: Streams): Promise<Prompter> {
  const [prompts, { keySelect }] = await Promise.all([import('@inquirer/prompts'), import('./key-select.js')]);
  const context = { input: streams.input, output: streams.output, clearPromptOnDone: false, signal: streams.signal };
  const theme = { prefix: { done: streams.answered ?? MARKS.passed } };
  const width = () => (streams.output as { columns?: number }).columns;
  const ask = <T>(prompt: () => Promise<T>) => cancellable(prompt, streams.signal);
  return {
    select: <T>(message: string, choices: Array<Choice<T>>, options: { default?: T } = {}) =>
      ask(() => keySelect<T>({ message, choices, default: options.default, theme, width }, context)),
    pick: <T>(message: string, choices: Array<Choice<T> | ChoiceGroup>, options: { default?: T } = {}) =>
      ask(() =>
        prompts.select<T>(
          {
            message,
            default: options.default,
            pageSize: 15,
            theme,
            choices: choices.map((choice) =>
              isGroup(choice)
                ? new prompts.Separator(choice.separator)
                : { value: choice.value, name: choice.name, description: choice.description, disabled: choice.disabled ?? false },
            ),
          },
          context,
        ),
      ),
    input: (message, options = {}) =>
      ask(() => prompts.input({ message, default: options.default, prefill: options.prefill ? 'editable' : 'tab', theme }, context)),
    password: (message) => ask(() => prompts.password({ message, mask: '*', theme }, context)),
    confirm: (message, options = {}) => ask(() => prompts.confirm({ message, default: options.default ?? true, theme }, context)),
  };
}
