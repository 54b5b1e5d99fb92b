// The bash text around a step: a fixed bootstrap (`bash -c`) that reads the step's script and a
// generated prelude from fd 3, restores the session state, runs the script, and on exit dumps the
// state back through fd 4. The script itself is never spliced into shell text: it travels as data.
import { EXIT_HOOKS } from './exit-hooks.js';
import { shellQuote } from '../text/shell-quote.js';
import type { ShellState } from './state.js';

/** File descriptors the runner opens in the child, besides stdin/stdout/stderr. */
export const INPUT_FD = 3;
export const STATE_FD = 4;

/**
 * Runs in `bash -c`: the script (NUL-terminated) then the prelude arrive on fd 3. `read` stops at
 * the NUL byte exactly, so `cat` gets the prelude that follows. Kept on one line so bash's error
 * messages about the script carry the script's own line numbers.
 */
export const BOOTSTRAP = `IFS= read -r -d '' __lab_script <&${INPUT_FD}; eval "$(cat <&${INPUT_FD})"; eval "\${__lab_xtrace-}$__lab_script"`;

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
    lines.push(EXIT_HOOKS);
  }
  lines.push(...restoreLines(state));
  if (options.stepCwd) lines.push(`builtin cd -- ${shellQuote(options.stepCwd)} || exit 1`);
  // Aliases are a terminal habit (`alias k=kubectl`); non-interactive bash ignores them otherwise.
  lines.push('shopt -s expand_aliases');
  if (state.options) {
    // xtrace is turned back on in the same eval as the script, so bash traces the learner's
    // commands and not the bootstrap that runs them.
    const xtrace = /^set -o xtrace$/m.test(state.options);
    lines.push(`{\n${state.options.replace(/^set -o xtrace$/m, 'set +o xtrace')}\n} 2>/dev/null`);
    if (xtrace) lines.push(`__lab_xtrace='builtin unset -v __lab_xtrace; set -x; '`);
  }
  return `${lines.join('\n')}\n`;
}

/** The directory, variables, functions and aliases of a state, as bash lines that set them again. */
export function restoreLines(state: ShellState): string[] {
  const cwd = shellQuote(state.cwd);
  const lines = [`builtin cd -- ${cwd} || printf 'lab: the session directory %s is gone; staying in %s\\n' ${cwd} "$PWD" >&2`];
  for (const variable of state.variables.values()) lines.push(variable.declaration);
  if (state.functions) lines.push(state.functions);
  if (state.aliases) lines.push(state.aliases);
  return lines;
}

/** What goes on fd 3: the script, a NUL, then the prelude. */
export function inputPayload(script: string, prelude: string): string {
  return `${script.replaceAll('\0', '')}\0${prelude}`;
}
