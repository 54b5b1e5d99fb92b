// What the learner changed in an attached shell (attached.ts): the state it had once the rcfile
// ran (their ~/.bashrc, then the lab's state) against the state it had on `exit`. Only that
// difference goes back into the lab's session, so the prompt, history settings and functions
// their ~/.bashrc set stay in their terminal and never become part of the lab.
import type { ShellState, ShellVariable } from './state.js';
import { splitAliases, splitFunctions } from './declarations.js';

export interface ShellChanges {
  /** The directory on exit, when the learner moved. */
  cwd?: string;
  /** Variables created or changed (value or attributes), as the shell declared them on exit. */
  variables: Map<string, ShellVariable>;
  unset: string[];
  /** Function definitions created or changed, by name (`declare -f` text). */
  functions: Map<string, string>;
  removedFunctions: string[];
  /** `alias -p` lines created or changed, by name. */
  aliases: Map<string, string>;
  removedAliases: string[];
  /** Option lines changed at the prompt (`set -o pipefail`, `shopt -s nullglob`), never an interactive one. */
  options: string[];
}

/**
 * Options that belong to an interactive shell (line editing, history, job control, completion,
 * the prompt): a lab's non-interactive session lists them off, carried into an attached shell
 * they would break the terminal, and taken back from one they mean nothing to a step.
 */
const INTERACTIVE_OPTIONS = /^(?:set [-+]o (?:emacs|vi|history|monitor|histexpand|interactive-comments|ignoreeof)|shopt -[su] (?:checkwinsize|checkjobs|cmdhist|lithist|histappend|histreedit|histverify|huponexit|progcomp|progcomp_alias|promptvars|hostcomplete|complete_fullquote|direxpand|dirspell|cdspell|no_empty_cmd_completion|force_fignore|mailwarn|login_shell|restricted_shell))$/;

export function interactiveOption(line: string): boolean {
  return INTERACTIVE_OPTIONS.test(line);
}

/** The option a `set -o`/`shopt -s`/`umask` line is about, so a changed line replaces the old one. */
function optionName(line: string): string {
  return line.replace(/^(set|shopt) [-+][a-z]* /, '$1 ').replace(/^umask .*/, 'umask');
}

/**
 * The terminal's size (checkwinsize) and the history settings bash makes once the rcfile ran
 * (HISTSIZE, HISTFILESIZE) say nothing the lab needs. bash-completion's state, set when it loads
 * a command's completion on Tab (`_comp_*`, `_xspecs`, `COMP_*`): the shell's, not the learner's,
 * and every later step would dump it again. Its functions (`_comp_*`, `_ssh`...) never reach the
 * dumps (FORGET_SOURCED in attached.ts). A `_x` the learner sets is theirs and is kept.
 */
function ignored(name: string): boolean {
  return name === 'COLUMNS' || name === 'LINES' || name.startsWith('HIST') || /^(?:_{1,2}comp|_xspecs$|_backup_glob$|COMP_|BASH_COMPLETION)/.test(name);
}

export function shellChanges(entry: ShellState, exit: ShellState): ShellChanges {
  const variables = new Map<string, ShellVariable>();
  for (const [name, variable] of exit.variables) {
    if (!ignored(name) && entry.variables.get(name)?.declaration !== variable.declaration) variables.set(name, variable);
  }
  const unset = [...entry.variables.keys()].filter((name) => !exit.variables.has(name) && !ignored(name));
  const functions = changedChunks(splitFunctions(entry.functions), splitFunctions(exit.functions));
  const aliases = changedChunks(splitAliases(entry.aliases), splitAliases(exit.aliases));
  const before = new Set(entry.options.split('\n'));
  const options = exit.options.split('\n').filter((line) => line && !before.has(line) && !interactiveOption(line));
  return {
    ...(exit.cwd !== entry.cwd ? { cwd: exit.cwd } : {}),
    variables, unset,
    functions: functions.changed, removedFunctions: functions.removed,
    aliases: aliases.changed, removedAliases: aliases.removed,
    options,
  };
}

/**
 * The lab's state with the learner's changes on top. Options changed at the prompt replace the
 * lab's lines for the same options; the options key is dropped, so the next step dumps its
 * options and the session learns their key again.
 */
export function applyShellChanges(state: ShellState, changes: ShellChanges): ShellState {
  const variables = new Map(state.variables);
  for (const name of changes.unset) variables.delete(name);
  for (const [name, variable] of changes.variables) variables.set(name, variable);
  return {
    ...state,
    cwd: changes.cwd ?? state.cwd,
    variables,
    functions: joinChunks(splitFunctions(state.functions), changes.functions, changes.removedFunctions),
    aliases: joinChunks(splitAliases(state.aliases), changes.aliases, changes.removedAliases),
    ...(changes.options.length > 0 ? { options: withOptions(state.options, changes.options), optionsKey: '' } : {}),
  };
}

function withOptions(options: string, changed: string[]): string {
  const lines = new Map(options.split('\n').filter(Boolean).map((line) => [optionName(line), line]));
  for (const line of changed) lines.set(optionName(line), line);
  return [...lines.values()].join('\n');
}

export function hasChanges(changes: ShellChanges): boolean {
  return changes.cwd !== undefined || changes.variables.size + changes.unset.length + changes.functions.size
    + changes.removedFunctions.length + changes.aliases.size + changes.removedAliases.length + changes.options.length > 0;
}

function changedChunks(entry: Map<string, string>, exit: Map<string, string>): { changed: Map<string, string>; removed: string[] } {
  const changed = new Map<string, string>();
  for (const [name, chunk] of exit) if (!ignored(name) && entry.get(name) !== chunk) changed.set(name, chunk);
  const removed = [...entry.keys()].filter((name) => !exit.has(name) && !ignored(name));
  return { changed, removed };
}

function joinChunks(current: Map<string, string>, changed: Map<string, string>, removed: string[]): string {
  for (const name of removed) current.delete(name);
  for (const [name, chunk] of changed) current.set(name, chunk);
  return [...current.values()].join('');
}
