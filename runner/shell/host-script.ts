// The bash program of the session host: one long-lived bash per lab that holds the session state
// (variables, functions, aliases, cwd) and forks every step into a subshell leading its own
// process group. Forking a subshell costs a fraction of a millisecond where starting a bash from
// Node costs several, and the subshell inherits the whole state without any restore.
import { HOOK_FUNCTIONS } from './exit-hooks.js';

/** Pipes the host opens besides stdout/stderr: requests in, each step's pid, state and status out. */
export const HOST_REQUEST_FD = 3;
export const HOST_STATE_FD = 4;
/** The dump file (dump-file.ts), when there is one; the host keeps it on a higher fd for the steps. */
export const HOST_DUMP_FD = 5;

/**
 * Requests arrive on fd 3 as two NUL-terminated fields: a setup script the host evaluates itself
 * (the state changes since the last step, the step's cwd and stdin) and the step's script, which
 * travels as data and is evaluated only in the step's subshell. The script's first character is
 * not the step's: `D` asks for the state dump, `S` says the step cannot change the state
 * (state-effects.ts) and its EXIT trap writes only `S\0` where the dump would go.
 *
 * Each step announces its pid (its process group, for timeouts and Ctrl-C) as `P\0<pid>\0`,
 * then writes its state dump from its EXIT trap; with a dump file ($2 set) both go there, appended
 * after the last step's (Node reads from where those ended), and wake no one; without one they go
 * to the state pipe.
 * Once the step has been reaped the host writes on stderr the sentinel ($1) followed by
 * `X\0<status>\0` in one write, then the sentinel on stdout, and, without a dump file, on the
 * state pipe: everything before a sentinel belongs to that step. Every write wakes the runner, so
 * with a dump file a step costs it two wake-ups, both at its end. Whether the step left processes
 * in its group is the runner's to ask (one kill(-pid, 0)), not the host's.
 *
 * The step's subshell runs in the foreground: with job control on (`set -m`) it still leads a
 * process group of its own, and the host, which never starts a background job, never allocates
 * bash's table of finished background pids or formats a job notice; as `( ... ) & wait $!` each
 * fork paid for both (~20% of a fork-and-exit, 2,000 of them timed in bash alone).
 *
 * The host's own stderr is /dev/null (the notice of a step killed by a signal); the pipe, kept on
 * __lab_err_fd, is the steps' stderr and takes the setup's messages. Requests are read with
 * `read -u` and the usual options are not evaluated again: each redirection a builtin takes costs
 * bash some ten system calls to save and restore the fd. `IFS=` is a `local` of __lab_next, not
 * an assignment before `read`: after every builtin run with one, bash rebuilds its exported
 * environment (~50,000 instructions, valgrind); a local costs it nothing of the kind.
 *
 * The host's arguments are cleared once read: a step sees no positional parameters, as in a
 * terminal (`echo $@` printed the sentinel, and ended the step's output there).
 *
 * BASH_EXECUTION_STRING (this script) is unset once, so that no step's dump repeats it. The step's
 * cwd, stdin and options, which the host holds only when a step has them, are unset by the step
 * once used, not by its dump: each name `unset` is asked for costs it ~8,000 instructions
 * (valgrind), there or not.
 *
 * The host ignores INT/TERM/HUP/QUIT like an interactive shell, so `kill $$` in a step does not
 * end the session; the step's subshell puts the default actions back. Every command the loop
 * runs is a builtin: a step's functions or PATH cannot change what the host does (`exec` stays
 * bare: `builtin exec` would undo its redirections when it returns).
 */
export const HOST_SCRIPT = `set -m
builtin trap '' INT TERM HUP QUIT
${HOOK_FUNCTIONS}
__lab_sentinel=$1
builtin unset -v BASH_EXECUTION_STRING
if [[ -n $2 ]]; then exec {__lab_dump_fd}>&${HOST_DUMP_FD} ${HOST_DUMP_FD}>&-; fi
builtin set --
exec {__lab_err_fd}>&2 2>/dev/null
__lab_next() { local IFS=; builtin read -r -d '' -u ${HOST_REQUEST_FD} __lab_setup && builtin read -r -d '' -u ${HOST_REQUEST_FD} __lab_script; }
while __lab_next; do
  [[ -z $__lab_setup ]] || builtin eval "$__lab_setup" 2>&"$__lab_err_fd"
  (
    builtin printf 'P\\0%s\\0' "$BASHPID" >&"\${__lab_dump_fd:-${HOST_STATE_FD}}"
    builtin trap - HUP QUIT
    builtin set +m
    exec ${HOST_REQUEST_FD}<&- {__lab_state_fd}>&${HOST_STATE_FD} ${HOST_STATE_FD}>&- 2>&"$__lab_err_fd" {__lab_err_fd}>&- {__lab_stderr_fd}>&2
    if [[ $__lab_script == S* ]]; then builtin trap '{ builtin printf "S\\0" >&"\${__lab_dump_fd:-$__lab_state_fd}"; } 2>/dev/null' EXIT
    else builtin trap '{ __lab_on_exit "$?"; } 2>/dev/null' EXIT; fi
    builtin trap 'exit 130' INT
    builtin trap 'exit 143' TERM
    if [[ -n $__lab_step_cwd ]]; then builtin cd -- "$__lab_step_cwd" || builtin exit 1; builtin unset -v __lab_step_cwd; fi
    if [[ -n \${__lab_stdin+set} ]]; then exec < <(builtin printf '%s' "$__lab_stdin"); builtin unset -v __lab_stdin; fi
    builtin shopt -s expand_aliases
    [[ -z \${__lab_options-} ]] || { builtin eval "$__lab_options"; builtin unset -v __lab_options; } 2>/dev/null
    builtin eval "\${__lab_xtrace-}\${__lab_script:1}"
  ) </dev/null
  builtin printf '%sX\\0%s\\0' "$__lab_sentinel" "$?" >&"$__lab_err_fd"
  builtin printf '%s' "$__lab_sentinel"
  [[ -n \${__lab_dump_fd-} ]] || builtin printf '%s' "$__lab_sentinel" >&${HOST_STATE_FD}
done`;
