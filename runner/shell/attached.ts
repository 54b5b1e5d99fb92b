// An attached shell: an interactive bash on the runner's own terminal that carries the lab's
// state, for the learner to type in (the walk's Terminal key, `lab shell`). Started with
// `--rcfile` of a generated file that sources their ~/.bashrc and then restores the lab's state,
// so their prompt and aliases work but the lab's values win. The file holds no value: the state
// arrives on a pipe (fd 3), and goes back on two (fd 5: as it was once the rcfile ran; fd 4: on
// exit), the same dump a step writes. What differs between those two is what the learner did.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spawn, type StdioOptions } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { LabError } from '../errors/index.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { shellQuote } from '../text/shell-quote.js';
import { EXIT_DUMP } from './exit-hooks.js';
import { INPUT_FD, STATE_FD, restoreLines } from './prelude.js';
import { StateCollector, existingDirectory, settlePipes } from './spawn.js';
import { interactiveOption, shellChanges, type ShellChanges } from './attached-changes.js';
import { reclaimTerminal } from './terminal-foreground.js';
import { oversizedVariable } from './state-limits.js';
import type { ShellState } from './state.js';

/** Where the attached shell writes its state once its rcfile ran (fd 4 takes the one on exit). */
export const ENTRY_STATE_FD = 5;

export interface AttachedLaunch {
  bashPath: string;
  /** The session's exported variables (secrets among them): the shell's environment. */
  env: Record<string, string>;
  state: ShellState;
  /** The options a fresh session has: only the ones the lab changed from them are carried over. */
  defaultOptions: string;
  /** The learner's home, for ~/.bashrc. */
  home: string;
}

/**
 * Unsets the `_` functions a file defined (bash-completion's, sourced by ~/.bashrc or loaded on
 * Tab): `declare -F` under extdebug names the file, and one typed at the prompt says `main`
 * (the lab's, evaluated by the rcfile, go from both dumps alike, so they are no change; the
 * dump's own hooks stay). Run
 * in the entry dump's subshell and before the exit dump, so neither lists them; the learner's
 * own `_x` typed at the prompt stays.
 */
const FORGET_SOURCED = `__lab_forget_sourced() {
  local __lab_names __lab_name __lab_line __lab_file __lab_extdebug=
  builtin shopt -q extdebug && __lab_extdebug=1
  builtin shopt -s extdebug
  __lab_names=($(builtin compgen -A function -- _))
  if (( \${#__lab_names[@]} > 0 )); then
    while builtin read -r __lab_name __lab_line __lab_file; do
      [[ $__lab_file == main || $__lab_file == environment || $__lab_name == __lab_* ]] || builtin unset -f -- "$__lab_name"
    done < <(builtin declare -F -- "\${__lab_names[@]}")
  fi
  [[ -n $__lab_extdebug ]] || builtin shopt -u extdebug
  builtin unset -f __lab_forget_sourced
}`;

/** The rcfile: the learner's ~/.bashrc when there is one, then the lab's state read from fd 3. */
export function buildRcFile(bashrc: string | undefined): string {
  return [
    '# lab: an attached shell. Your ~/.bashrc first, then the lab\'s state over it (it arrives on a pipe).',
    ...(bashrc ? [`. ${shellQuote(bashrc)}`] : []),
    `IFS= builtin read -r -d '' __lab_restore <&${INPUT_FD}`,
    'builtin eval "$__lab_restore"',
    'builtin unset -v __lab_restore',
    '',
  ].join('\n');
}

/**
 * What the rcfile evaluates: the exit dump (no Ctrl-C trap: an interactive shell stays), the lab's
 * directory, variables, functions and aliases, the options the lab changed, then the entry dump
 * (in a subshell: the dump removes its own functions first).
 */
export function buildRestoreScript(state: ShellState, defaultOptions: string): string {
  const defaults = new Set(defaultOptions.split('\n'));
  const options = state.options.split('\n').filter((line) => line && !defaults.has(line) && !interactiveOption(line));
  const xtrace = options.includes('set -o xtrace');
  const lines = [
    `exec ${INPUT_FD}<&-`,
    `exec {__lab_state_fd}>&${STATE_FD} ${STATE_FD}>&-`,
    EXIT_DUMP,
    FORGET_SOURCED,
    "builtin trap '{ __lab_forget_sourced; __lab_on_exit \"$?\"; } 2>/dev/null' EXIT",
    ...restoreLines(state),
    ...(options.length > 0 ? [`{\n${options.filter((line) => line !== 'set -o xtrace').join('\n')}\n} 2>/dev/null`] : []),
    // With the lab's xtrace in it (turned on below), so leaving it on is no change and `set +x` one.
    `( __lab_forget_sourced; ${xtrace ? 'set -x; ' : ''}__lab_dump ) >&${ENTRY_STATE_FD} 2>/dev/null`,
    `exec ${ENTRY_STATE_FD}>&-`,
    // Last, so the trace shows the learner's commands and not the restore.
    ...(xtrace ? ['set -x'] : []),
  ];
  return `${lines.join('\n')}\n`.replaceAll('\0', '');
}

export interface AttachedOutcome {
  exitCode: number | null;
  /** The signal that killed bash (then it left no dump and the terminal was taken back from it). */
  signal?: NodeJS.Signals;
  /** False when bash was killed and the terminal could not be taken back (no perl nor python3). */
  terminalBack: boolean;
  /** Undefined when it left no dump (`exec`, SIGKILL) or one refused. */
  changes: ShellChanges | undefined;
  /** Why the shell's state was refused (a variable past the cap, named): nothing is taken. */
  refused?: string;
}

/** Runs the attached shell until the learner leaves it. */
export async function runAttachedShell(launch: AttachedLaunch): Promise<AttachedOutcome> {
  const bashrc = path.join(launch.home, '.bashrc');
  const folder = await mkdtemp(path.join(os.tmpdir(), 'lab-shell-'));
  const rcfile = path.join(folder, 'rcfile');
  // Ctrl-C at the prompt reaches the runner too when bash has no job control: it must survive it.
  const keepRunning = () => {};
  process.on('SIGINT', keepRunning);
  try {
    await writeFileAtomic(rcfile, buildRcFile(existsSync(bashrc) ? bashrc : undefined), { mode: 0o600, directoryMode: 0o700, what: 'the attached shell\'s rcfile' });
    const child = spawn(launch.bashPath, ['--rcfile', rcfile, '-i'], {
      cwd: existingDirectory(launch.state.cwd) ?? '/',
      env: launch.env,
      stdio: ['inherit', 'inherit', 'inherit', 'pipe', 'pipe', 'pipe'] as StdioOptions,
    });
    const input = child.stdio[INPUT_FD] as Writable;
    input.on('error', () => {});
    const exitPipe = child.stdio[STATE_FD] as Readable;
    const entryPipe = (child.stdio as unknown as Readable[])[ENTRY_STATE_FD]!;
    for (const pipe of [exitPipe, entryPipe]) pipe.on('error', () => {});
    // A value set at the prompt (`export BIG=$(cat 20MB)`) is held to the cap a step's is.
    const exitState = new StateCollector(exitPipe);
    const entryState = new StateCollector(entryPipe);
    const { exitCode, signal } = await new Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
      child.once('error', (error) => reject(new LabError('INTERNAL', `could not start ${launch.bashPath}: ${error.message}`, { cause: error })));
      child.once('spawn', () => input.end(`${buildRestoreScript(launch.state, launch.defaultOptions)}\0`));
      child.once('exit', (code, killedBy) => resolve({ exitCode: code, signal: killedBy }));
    });
    // Killed, bash could not hand the terminal back: the runner's group is no longer its foreground.
    const terminalBack = signal === null || !process.stdin.isTTY || reclaimTerminal();
    await settlePipes([exitPipe, entryPipe], exitState);
    const outcome = { exitCode, ...(signal ? { signal } : {}), terminalBack };
    if (exitState.overflowed) return { ...outcome, changes: undefined, refused: exitState.refused() };
    const entry = entryState.state();
    const exit = exitState.state();
    const changes = entry && exit ? shellChanges(entry, exit) : undefined;
    const refused = changes && oversizedVariable(changes.variables, () => true);
    return refused ? { ...outcome, changes: undefined, refused } : { ...outcome, changes };
  } finally {
    process.off('SIGINT', keepRunning);
    await rm(folder, { recursive: true, force: true });
  }
}
