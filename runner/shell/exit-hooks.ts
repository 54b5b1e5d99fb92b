// Bash functions the prelude installs when a step's state must come back: the state dump, the
// EXIT trap that runs it, and a `trap` wrapper so a step's own `trap ... EXIT` cannot replace it.

/**
 * What the dump unsets before `declare -p`: what changes from one step to the next (the step's
 * pid, the host's request) or can be large (the script), so a step
 * that changed nothing dumps the same declarations as the one before (see variablesOf in
 * state.ts). The rest of bash's own and the helpers' variables are dumped and dropped by the
 * runner (isSpecialVariable): each name `unset` is asked for costs bash about what a line of
 * `declare -p` does, and each it refuses (BASHOPTS, EUID, BASH_ARGV... are read-only or
 * undeletable) several times that, for an error message (~8,000 instructions a name, valgrind:
 * the EXIT handler takes the status as its argument rather than in a local that would need one).
 * The session host's step unsets its cwd, stdin and options itself, once used (host-script.ts),
 * and __lab_xtrace, there only with xtrace, unsets itself in the eval that turns the trace on.
 */
const UNSET_BEFORE_DUMP = [
  'BASHPID', '__lab_setup', '__lab_script', '__lab_shellopts_key', '__lab_bashopts_key',
  '__lab_user_exit',
].join(' ');

/**
 * Writes the state as NUL-framed records (see parseStateDump). One `declare -p` lists every
 * variable: bash answers it in a fraction of the time a loop over the names takes. The options
 * are written only when they differ from the ones the step started with (the host's
 * __lab_shellopts_key and __lab_bashopts_key), and with them their key, both taken before the dump
 * turns off errexit/nounset for itself. The key's halves are compared unquoted, as patterns: bash
 * matches a pattern without special characters with a plain string compare (~3,000 instructions,
 * valgrind), where a quoted "$SHELLOPTS|$BASHOPTS" == "$key" quoted and matched its 230
 * characters one by one (~70,000); option names hold no pattern characters, and host-sync.ts sends
 * no key that does. The hooks (and the host's __lab_next) remove
 * themselves so `declare -f` lists only the learner's functions. Returns its argument, the step's exit status. Runs with
 * stderr to /dev/null.
 */
const DUMP_FUNCTION = `__lab_dump() {
  unset -f __lab_dump __lab_on_exit __lab_return trap __lab_next
  [[ $SHELLOPTS == \${__lab_shellopts_key-} && $BASHOPTS == \${__lab_bashopts_key-} ]] || { printf 'O\\0'; set +o; shopt -p; printf '\\0K\\0%s\\0' "$SHELLOPTS|$BASHOPTS"; }
  printf 'U\\0'; umask -p
  set +eu
  printf '\\0C\\0%s\\0D\\0' "$PWD"
  unset -v ${UNSET_BEFORE_DUMP}
  declare -p
  printf '\\0F\\0'; declare -f
  printf '\\0A\\0'; alias -p
  printf '\\0E\\0'
  return "$1"
}`;

/**
 * Runs the step's own EXIT handler (with the exit status, the trap's $? passed as $1, in $? and
 * the step's stderr), then dumps the state. The trap itself runs with stderr to /dev/null, so `set -x` does not trace the dump.
 */
const ON_EXIT_FUNCTION = `__lab_return() { return "$1"; }
__lab_on_exit() {
  if [[ -n \${__lab_user_exit-} ]]; then
    __lab_return "$1"
    eval "$__lab_user_exit" 2>&"$__lab_stderr_fd"
  fi
  # The session host's dump file when it has one (host-script.ts: opened for appending, no path
  # to open and so nothing noclobber could refuse), else the state pipe.
  __lab_dump "$1" >&"\${__lab_dump_fd:-$__lab_state_fd}"
}`;

/** \`trap ACTION EXIT\` (or 0, SIGEXIT) is kept aside for __lab_on_exit; other signals go to the builtin. */
const TRAP_WRAPPER = `trap() {
  local __lab_args=("$@") __lab_sig __lab_keep=() __lab_exit=
  [[ \${__lab_args[0]-} == -- ]] && __lab_args=("\${__lab_args[@]:1}")
  case \${#__lab_args[@]}:\${__lab_args[0]-} in
    0:*|*:-l*|*:-p*) builtin trap "$@"; return ;;
    1:*) __lab_args=(- "\${__lab_args[@]}") ;;
  esac
  for __lab_sig in "\${__lab_args[@]:1}"; do
    case \${__lab_sig^^} in EXIT|0|SIGEXIT) __lab_exit=1 ;; *) __lab_keep+=("$__lab_sig") ;; esac
  done
  if [[ -n $__lab_exit ]]; then
    if [[ \${__lab_args[0]} == - ]]; then __lab_user_exit=; else __lab_user_exit=\${__lab_args[0]}; fi
  fi
  (( \${#__lab_keep[@]} == 0 )) || builtin trap -- "\${__lab_args[0]}" "\${__lab_keep[@]}"
}`;

/** The hook functions alone: the session host defines them once and every step inherits them. */
export const HOOK_FUNCTIONS = [DUMP_FUNCTION, ON_EXIT_FUNCTION, TRAP_WRAPPER].join('\n');

/**
 * The hooks and the EXIT trap that dumps the state, without signal traps: an attached interactive
 * shell (attached.ts) must not leave on Ctrl-C.
 */
export const EXIT_DUMP = [
  HOOK_FUNCTIONS,
  'exec {__lab_stderr_fd}>&2',
  `builtin trap '{ __lab_on_exit "$?"; } 2>/dev/null' EXIT`,
].join('\n');

export const EXIT_HOOKS = [
  EXIT_DUMP,
  // Ctrl-C / timeout: bash waits for the foreground command to die, then leaves through the EXIT
  // trap, so what the step set before a hung command survives, as in a terminal.
  `builtin trap 'exit 130' INT`,
  `builtin trap 'exit 143' TERM`,
].join('\n');
