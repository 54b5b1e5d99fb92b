// The bash text around a step: a fixed bootstrap (`bash -c`) that reads the step's script and a
// generated prelude from fd 3, restores the session state, runs the script, and on exit dumps the
// state back through fd 4. The script itself is never spliced into shell text: it travels as data.
import { SPECIAL_VARIABLE_PATTERN, shellQuote, type ShellState } from './shell-state.js';

/** File descriptors the runner opens in the child, besides stdin/stdout/stderr. */
export const INPUT_FD = 3;
export const STATE_FD = 4;

/**
 * Runs in `bash -c`: the script (NUL-terminated) then the prelude arrive on fd 3. `read` stops at
 * the NUL byte exactly, so `cat` gets the prelude that follows. Kept on one line so bash's error
 * messages about the script carry the script's own line numbers.
 */
export const BOOTSTRAP = `IFS= read -r -d '' __lab_script <&${INPUT_FD}; eval "$(cat <&${INPUT_FD})"; eval "$__lab_script"`;

/** Every variable name: "\${!A@}" lists names by first letter without any word splitting. */
const ALL_VARIABLE_NAMES = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_']
  .map((letter) => `"\${!${letter}@}"`)
  .join(' ');

/**
 * Writes the state as NUL-framed records (see parseStateDump). Options are written first, before
 * the dump turns off xtrace/errexit/nounset for itself; the function removes itself so
 * `declare -f` lists only the learner's functions.
 */
const DUMP_FUNCTION = `__lab_dump() {
  unset -f __lab_dump
  local __lab_v
  printf 'O\\0'; set +o; shopt -p; umask -p; printf '\\0'
  set +eu
  printf 'C\\0%s\\0' "$PWD"
  for __lab_v in ${ALL_VARIABLE_NAMES}; do
    case $__lab_v in ${SPECIAL_VARIABLE_PATTERN}) continue ;; esac
    printf 'V\\0%s\\0%s\\0' "$__lab_v" "\${!__lab_v}"
    declare -p "$__lab_v"
    printf '\\0'
  done
  printf 'F\\0'; declare -f; printf '\\0'
  printf 'A\\0'; alias -p; printf '\\0'
  printf 'E\\0'
}`;

export interface PreludeOptions {
  /** Collect the state on exit (steps and tty steps; not background jobs). */
  collectState: boolean;
  /** The step's own working directory, relative to the session's. */
  stepCwd?: string;
}

export function buildPrelude(state: ShellState, options: PreludeOptions): string {
  const lines: string[] = [`exec ${INPUT_FD}<&-`];
  if (options.collectState) {
    // Move the state pipe out of the learner's way (a script may use fd 4 itself).
    lines.push(`exec {__lab_state_fd}>&${STATE_FD} ${STATE_FD}>&-`);
    lines.push(DUMP_FUNCTION);
    // The trap's stderr goes nowhere: `set -x` must not trace the dump into the step's output.
    lines.push(`trap '{ __lab_dump >&"$__lab_state_fd"; } 2>/dev/null' EXIT`);
    // Ctrl-C / timeout: bash waits for the foreground command to die, then exits through the
    // EXIT trap, so the variables set before a hung command survive, as in a terminal.
    lines.push(`trap 'exit 130' INT`, `trap 'exit 143' TERM`);
  }
  const cwd = shellQuote(state.cwd);
  lines.push(`builtin cd -- ${cwd} || printf 'lab: the session directory %s is gone; staying in %s\\n' ${cwd} "$PWD" >&2`);
  for (const variable of state.variables.values()) lines.push(variable.declaration);
  if (state.functions) lines.push(state.functions);
  if (state.aliases) lines.push(state.aliases);
  if (options.stepCwd) lines.push(`builtin cd -- ${shellQuote(options.stepCwd)} || exit 1`);
  if (state.options) lines.push(`{\n${state.options}\n} 2>/dev/null`);
  // Aliases are a terminal habit (`alias k=kubectl`); non-interactive bash ignores them otherwise.
  lines.push('shopt -s expand_aliases');
  return `${lines.join('\n')}\n`;
}

/** What goes on fd 3: the script, a NUL, then the prelude. */
export function inputPayload(script: string, prelude: string): string {
  return `${script.replaceAll('\0', '')}\0${prelude}`;
}
