// What every part of a walk shares: the lab, the step runner, the prompter,
// the terminal, and the source of Ctrl-C (the process's SIGINT, or a test's trigger).
import type { Lab } from '../model/lab.js';
import type { StepRunner } from '../step/runner.js';
import type { StepResult } from '../model/result.js';
import type { Prompter } from './prompter.js';
import type { MarkdownRenderer } from './render.js';
import type { Terminal } from './terminal.js';
import type { Readable } from 'node:stream';
import type { ShellAttachment } from '../step/target.js';

/** Subscribes to Ctrl-C while a step runs; returns the unsubscribe function. */
export type InterruptSource = (handler: () => void) => () => void;

export const processInterrupts: InterruptSource = (handler) => {
  process.on('SIGINT', handler);
  return () => process.off('SIGINT', handler);
};

export interface WalkContext {
  lab: Lab;
  runner: StepRunner;
  prompter: Prompter;
  terminal: Terminal;
  renderer: MarkdownRenderer;
  /** Per step id, how long it took when the fixture was recorded. */
  recordedMs: Map<string, number>;
  interrupts: InterruptSource;
  /** Latest result of each step run or skipped in this walk. */
  results: Map<string, StepResult>;
  /** Called after every step's result, to save progress. */
  onStepDone(stepIndex: number, result: StepResult): Promise<void>;
  /** Practice: where each step's replayed output came from (words) and the fixture's note, for Details. */
  origins?: Map<string, StepOrigin>;
  /** Practice: per step id, the variables its recording set (what "Just go there" fills in). */
  recordedVariables?: Map<string, Record<string, string>>;
  /** Practice: ids of steps changed since the recording (their old output is replayed, and said so). */
  staleSteps?: Set<string>;
  /** The environment (the clipboard choice, LAB_CLIPBOARD). */
  env?: NodeJS.ProcessEnv;
  /** Run-all (or run-to-here): steps before this index run without asking, until one must stop. */
  autoRunUntil?: number;
  /** A step's latest status in this walk or its saved progress. */
  statusOf(stepId: string): StepResult['status'] | undefined;
  /** True once SIGTERM ended the walk: an interrupted step then ends it instead of going on. */
  terminated?(): boolean;
  /** The Terminal key's shell (attached-shell.ts); without it the key is not offered. */
  terminalShell?: TerminalShell;
  /** The walk's terminal input, handed to the Terminal's shell while it runs. */
  stdin?: Readable;
  /** Called when the Terminal's shell exits, to save what it changed. */
  onShellDone?(attachment: ShellAttachment, shell: TerminalShell): Promise<void>;
}

export interface StepOrigin {
  /** `recorded on 2026-11-23`, `transcribed from …`, `written by hand` (report/provenance.ts). */
  words: string;
  note?: string;
}

/** Where the Terminal key's shell comes from (attached-shell.ts): the live session, or practice's own. */
export interface TerminalShell {
  readonly practice: boolean;
  attach(): Promise<ShellAttachment>;
  /** The shell's values now (secrets included), for what progress may keep. */
  variables(): Record<string, string>;
  workingDirectory(): string;
  close(): Promise<void>;
}

/** Where the walk goes after a step: on, out, back one, or to a step chosen from the list. */
export type WalkMove = 'next' | 'quit' | 'back' | { jump: number };
