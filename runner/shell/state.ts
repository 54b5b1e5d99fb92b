// The session's shell state between steps (variables, functions, aliases, cwd, options) and the
// NUL-framed dump format bash writes back to the runner through a pipe (never a file).
import { shellQuote } from '../text/shell-quote.js';
import { LabError } from '../errors/index.js';
import { parseDeclarations } from './declarations.js';

export interface ShellVariable {
  value: string;
  /** `declare -p` output: restores the value with its attributes (array, integer, readonly...). */
  declaration: string;
  exported: boolean;
  /** `declare -n`: reading it expands the name it holds, which may assign (`a[X++]`). */
  nameref?: true;
}

export interface ShellState {
  cwd: string;
  variables: Map<string, ShellVariable>;
  /** `declare -f` output, including `declare -fx` lines for exported functions. */
  functions: string;
  /** `alias -p` output. */
  aliases: string;
  /** `set +o`, `shopt -p` and `umask -p` output. */
  options: string;
  /** "$SHELLOPTS|$BASHOPTS" for those options: a step dumps its options only when it changed them. */
  optionsKey: string;
}

/**
 * Bash's own dynamic or read-only variables: restoring them would fail or lie (PPID, RANDOM...).
 * PWD follows the cwd; SHLVL would grow by one per step. LAB_SESSION_ID marks the session's
 * processes (see session-marker.ts) and is set by the runner, never restored. BASH* are bash's
 * own; __lab_* are the runner's helpers inside the shell.
 */
export const SPECIAL_NAMES: ReadonlySet<string> = new Set([
  'EUID', 'UID', 'PPID', 'SHELLOPTS', 'PIPESTATUS', 'RANDOM', 'SRANDOM', 'SECONDS', 'LINENO', 'FUNCNAME', 'GROUPS', 'HISTCMD',
  'DIRSTACK', 'EPOCHSECONDS', 'EPOCHREALTIME', 'COMP_WORDBREAKS', '_', 'SHLVL', 'PWD', 'LAB_SESSION_ID',
]);

export function isSpecialVariable(name: string): boolean {
  return SPECIAL_NAMES.has(name) || name.startsWith('BASH') || name.startsWith('__lab_');
}

/** Variables whose change says nothing about what the step did (a `cd` moves OLDPWD). */
const UNREPORTED_NAMES = new Set(['OLDPWD']);

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Quotes any text for bash: single quotes keep every byte literal. */
/** The state of a fresh session: the runner's environment, all exported. */
export function initialState(env: NodeJS.ProcessEnv, cwd: string): ShellState {
  const variables = new Map<string, ShellVariable>();
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || !VARIABLE_NAME.test(name) || isSpecialVariable(name)) continue;
    variables.set(name, assignment(name, value, true));
  }
  return { cwd, variables, functions: '', aliases: '', options: '', optionsKey: '' };
}

/** A variable set by the runner (frontmatter, --var, capture=). */
export function assignment(name: string, value: string, exported: boolean): ShellVariable {
  if (!VARIABLE_NAME.test(name)) {
    throw new LabError('BAD_INPUT', `"${name}" is not a valid shell variable name`, {
      hint: 'use letters, digits and underscores, not starting with a digit',
    });
  }
  if (isSpecialVariable(name)) {
    throw new LabError('BAD_INPUT', `"${name}" is a variable bash manages itself and cannot be set by a lab`);
  }
  return { value, declaration: `declare ${exported ? '-x' : '+x'} ${name}=${shellQuote(value)}`, exported };
}

/** The environment a step's bash starts with: the session's exported variables. */
export function exportedEnvironment(state: ShellState): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, variable] of state.variables) if (variable.exported) env[name] = variable.value;
  return env;
}

/**
 * Parses what the EXIT trap wrote: records `O options`, `K options key`, `U umask`, `C cwd`, `D declare -p`,
 * `F funcs`, `A aliases`, `E`, each field NUL-terminated. Without `O` and `K` records the step kept the
 * options it started with (`previous`). Undefined when the dump is missing or cut short
 * (the step was SIGKILLed or replaced its EXIT trap), so the caller keeps the previous state.
 */
export function parseStateDump(dump: string, previous: { options: string; optionsKey: string } = { options: '', optionsKey: '' }): ShellState | undefined {
  const fields = dump.split('\0');
  const state: ShellState = { cwd: '', variables: new Map(), functions: '', aliases: '', options: '', optionsKey: previous.optionsKey };
  const previousOptions = previous.options;
  let options = previousOptions.replace(/^umask .*\n?/m, '');
  let umask = '';
  let index = 0;
  const next = () => fields[index++];
  for (;;) {
    const kind = next();
    switch (kind) {
      // A step never has job control: its pipelines must stay in its process group. (A step's
      // subshell inherits the host's `monitor` flag without using it; restored, it would.)
      case 'O': options = (next() ?? '').replace(/^set -o monitor$/m, 'set +o monitor'); break;
      case 'U': umask = next() ?? ''; break;
      case 'K': state.optionsKey = next() ?? ''; break;
      case 'C': state.cwd = next() ?? ''; break;
      case 'F': state.functions = next() ?? ''; break;
      case 'A': state.aliases = next() ?? ''; break;
      case 'D': state.variables = variablesOf(next() ?? ''); break;
      case 'E': {
        if (!state.cwd) return undefined;
        state.options = `${options}${options && !options.endsWith('\n') ? '\n' : ''}${umask}`;
        return state;
      }
      default: return undefined;
    }
  }
}

/**
 * The last `declare -p` text and its variables: a step that changed no variable dumps the same
 * text as the one before (the dump leaves out bash's own, ever-changing ones), and gets the same
 * Map back, which tells everyone after (host-sync, changedVariables) that nothing changed.
 * A ShellState's variables are never changed in place: whoever changes them makes a new Map.
 */
let lastDeclarations: { text: string; variables: Map<string, ShellVariable> } | undefined;

function variablesOf(text: string): Map<string, ShellVariable> {
  if (text === lastDeclarations?.text) return lastDeclarations.variables;
  const variables = new Map<string, ShellVariable>();
  for (const declaration of parseDeclarations(text)) {
    if (isSpecialVariable(declaration.name)) continue;
    const variable: ShellVariable = { value: declaration.value, declaration: declaration.text, exported: declaration.flags.includes('x') };
    if (declaration.flags.includes('n')) variable.nameref = true;
    variables.set(declaration.name, variable);
  }
  lastDeclarations = { text, variables };
  return variables;
}

/** Variables the step created or whose value it changed (unset ones are not reported). */
export function changedVariables(before: ShellState, after: ShellState): Record<string, string> {
  const changed: Record<string, string> = {};
  if (after.variables === before.variables) return changed;
  for (const [name, variable] of after.variables) {
    if (UNREPORTED_NAMES.has(name)) continue;
    if (before.variables.get(name)?.value !== variable.value) changed[name] = variable.value;
  }
  return changed;
}

export function variableValues(state: ShellState): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, variable] of state.variables) values[name] = variable.value;
  return values;
}
