// What the session host must evaluate before a step: the changes between the state it holds and
// the session's current state, plus the step's own cwd and stdin. Usually a few bytes: a step
// that sets one variable costs one `declare` on the next step, not a restore of everything.
import { shellQuote } from '../text/shell-quote.js';
import type { ShellState, ShellVariable } from './state.js';
import { splitFunctions } from './declarations.js';

export interface StepSetup {
  /** The step's directory (absolute), or undefined for the session's. */
  stepCwd?: string;
  /** Text fed on stdin; undefined: /dev/null. */
  stdin?: string;
}

/** The host's view of the state: what it was last told (it never runs a step itself). */
export interface HostState {
  cwd: string;
  variables: Map<string, ShellVariable>;
  functions: string;
  aliases: string;
  options: string;
  /**
   * The options a step has without restoring any (bash's defaults, as the first step dumped
   * them): while the session's options are these, steps skip evaluating ~80 `set`/`shopt` lines.
   */
  defaultOptions?: string;
  /** The last step's own cwd and stdin, still set in the host: resent only when they change. */
  stepCwd?: string;
  stdin?: string;
}

/** A host just started with the session's exported variables as its environment. */
export function freshHostState(state: ShellState): HostState {
  const variables = new Map<string, ShellVariable>();
  for (const [name, variable] of state.variables) if (variable.exported) variables.set(name, variable);
  return { cwd: state.cwd, variables, functions: '', aliases: '', options: '' };
}

/** The setup script for one step, and the host state once it has run. */
export function hostSetup(host: HostState, state: ShellState, step: StepSetup): { script: string; next: HostState } {
  const lines: string[] = [];
  if (state.cwd !== host.cwd) {
    const cwd = shellQuote(state.cwd);
    lines.push(`builtin cd -- ${cwd} || builtin printf 'lab: the session directory %s is gone; staying in %s\\n' ${cwd} "$PWD" >&2`);
  }
  // The same Map: no variable changed since the host was last told (see variablesOf in state.ts).
  for (const [name, variable] of state.variables === host.variables ? [] : state.variables) {
    const known = host.variables.get(name);
    if (known?.declaration === variable.declaration) continue;
    // Attributes are only ever added by `declare`: an export, integer or array flag that went
    // away needs the variable unset first.
    if (known && declareFlags(known.declaration) !== declareFlags(variable.declaration)) lines.push(`builtin unset -v ${name}`);
    lines.push(variable.declaration);
  }
  const gone = state.variables === host.variables ? [] : [...host.variables.keys()].filter((name) => !state.variables.has(name));
  if (gone.length > 0) lines.push(`builtin unset -v ${gone.join(' ')} 2>/dev/null`);
  if (state.functions !== host.functions) {
    const names = [...splitFunctions(host.functions).keys()];
    if (names.length > 0) lines.push(`builtin unset -f ${names.map(shellQuote).join(' ')}`);
    if (state.functions) lines.push(state.functions);
  }
  if (state.aliases !== host.aliases) {
    lines.push('builtin unalias -a 2>/dev/null');
    if (state.aliases) lines.push(state.aliases);
  }
  if (state.options !== host.options) {
    // xtrace is turned on in the same eval as the script, so the trace shows the learner's
    // commands and not the step's set-up.
    const xtrace = /^set -o xtrace$/m.test(state.options);
    if (state.options === host.defaultOptions) lines.push('builtin unset -v __lab_options');
    else lines.push(`__lab_options=${shellQuote(state.options.replace(/^set -o xtrace$/m, 'set +o xtrace'))}`);
    // It unsets itself, before the trace starts: the dump need not ask for it (exit-hooks.ts).
    lines.push(xtrace ? `__lab_xtrace='builtin unset -v __lab_xtrace; set -x; '` : 'builtin unset -v __lab_xtrace');
    lines.push(...optionsKeyLines(state.optionsKey));
  }
  // Every byte sent costs a read() in bash (it cannot read ahead on a pipe): a run of plain
  // steps sends nothing but the script.
  if (step.stepCwd !== host.stepCwd) lines.push(`__lab_step_cwd=${step.stepCwd === undefined ? "''" : shellQuote(step.stepCwd)}`);
  if (step.stdin !== host.stdin) lines.push(step.stdin === undefined ? 'builtin unset -v __lab_stdin' : `__lab_stdin=${shellQuote(step.stdin)}`);
  const next: HostState = {
    cwd: state.cwd, variables: state.variables, functions: state.functions, aliases: state.aliases, options: state.options,
    defaultOptions: host.defaultOptions,
    stepCwd: step.stepCwd, stdin: step.stdin,
  };
  return { script: lines.length === 0 ? '' : `${lines.join('\n')}\n`.replaceAll('\0', ''), next };
}

function declareFlags(declaration: string): string {
  return /^declare (\S+)/.exec(declaration)?.[1] ?? '';
}

/**
 * The options key (`$SHELLOPTS|$BASHOPTS`) as the two variables the dump compares its halves with
 * (exit-hooks.ts), unquoted, as patterns: a key with a pattern character (no option name has one)
 * or without its `|` is sent empty, which no step's options match, so the step dumps them.
 */
export function optionsKeyLines(key: string): string[] {
  const match = /^([a-z0-9_:-]*)\|([a-z0-9_:-]*)$/.exec(key);
  return [`__lab_shellopts_key=${shellQuote(match?.[1] ?? '')}`, `__lab_bashopts_key=${shellQuote(match?.[2] ?? '')}`];
}
