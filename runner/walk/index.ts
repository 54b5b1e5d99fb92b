// runner/walk: the interactive walk-through (`lab walk`). Heavy pieces (marked-terminal,
// inquirer) load only when a walk starts.
export { walkCommand, type WalkOptions, type RunnerRequest } from './command.js';
export type { Prompter, Choice, ChoiceGroup } from './prompter.js';
export { PromptCancelled } from './prompter.js';
export type { InterruptSource } from './context.js';
export { loadProgress, saveProgress, progressFile, stateDirectory, type LabProgress } from './state.js';
export { createMarkdownRenderer, type MarkdownRenderer } from './render.js';
