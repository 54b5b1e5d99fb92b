// What the walk asks the learner, as an interface: @inquirer/prompts answers it on a terminal,
// scripted answers in tests. A prompt cancelled with Ctrl-C rejects with PromptCancelled.

export interface Choice<T> {
  value: T;
  name: string;
  /** One-key shortcut (a letter); Enter takes the default. */
  key?: string;
  /** Shown under the list while this choice is highlighted. */
  description?: string;
  /** Greyed out with this reason; cannot be chosen. */
  disabled?: string;
}

/** A heading between choices (the catalogue's weeks). */
export interface ChoiceGroup {
  separator: string;
}

export interface Prompter {
  /** One of a few actions, each with a shortcut key (Run / Skip / Edit / Details / Quit). */
  select<T>(message: string, choices: Array<Choice<T>>, options?: { default?: T }): Promise<T>;
  /** A longer list with headings, navigated with arrows or type-ahead (the catalogue). */
  pick<T>(message: string, choices: Array<Choice<T> | ChoiceGroup>, options?: { default?: T }): Promise<T>;
  input(message: string, options?: { default?: string; prefill?: boolean }): Promise<string>;
  /** Masked while typed. */
  password(message: string): Promise<string>;
  confirm(message: string, options?: { default?: boolean }): Promise<boolean>;
}

/** The learner pressed Ctrl-C at a prompt. */
export class PromptCancelled extends Error {
  constructor() {
    super('prompt cancelled');
    this.name = 'PromptCancelled';
  }
}

export function isGroup<T>(choice: Choice<T> | ChoiceGroup): choice is ChoiceGroup {
  return 'separator' in choice;
}
