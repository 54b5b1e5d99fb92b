// Which step scripts cannot change the session's state, so that their subshell need not dump it:
// a step made only of external commands (`kubectl get nodes -o wide`, `aws eks describe-cluster
// --name "$CLUSTER_NAME" | jq .cluster.version`) runs them in child processes, which cannot touch
// the shell's variables, functions, aliases, directory, options or umask. The dump costs bash a
// write() per variable and the runner its parse; for such a step it says what the last one said.
//
// The test is a scanner that accepts a small grammar and refuses everything else: a script it
// cannot read for certain is one that may change the state, and takes the dump. What it accepts:
// simple commands joined by `|`, `|&`, `&&`, `||`, `;` and newlines; words of plain characters,
// quotes, globs, `$NAME`, `${NAME}`, `${NAME:-word}`-style defaults, and command substitutions
// (`$(...)`, backticks: they run in a subshell of their own); redirections to and from files. The
// first word of each command must be a plain word naming no function or alias of the session,
// no shell keyword and no builtin but the few that only read (`echo`, `printf` without `-v`,
// `true`, `false`, `:`, `pwd` without arguments). Refused, among others: assignments (`A=1`, `A=1 cmd`),
// `${A:=1}`, `$((...))`, `{fd}>`, `&` (a job), here-documents, `(`, `{`, `if`/`for`/`while`, and
// any script run with xtrace on (PS4 is expanded before each command and may assign).
import { splitAliases, splitFunctions } from './declarations.js';

/** The builtins of bash 5 (`enable -a`) and the keywords (`compgen -k`). */
const BUILTINS = new Set([
  '.', ':', '[', 'alias', 'bg', 'bind', 'break', 'builtin', 'caller', 'cd', 'command', 'compgen', 'complete', 'compopt',
  'continue', 'declare', 'dirs', 'disown', 'echo', 'enable', 'eval', 'exec', 'exit', 'export', 'false', 'fc', 'fg',
  'getopts', 'hash', 'help', 'history', 'jobs', 'kill', 'let', 'local', 'logout', 'mapfile', 'popd', 'printf', 'pushd',
  'pwd', 'read', 'readarray', 'readonly', 'return', 'set', 'shift', 'shopt', 'source', 'suspend', 'test', 'times', 'trap',
  'true', 'type', 'typeset', 'ulimit', 'umask', 'unalias', 'unset', 'wait',
  '!', '[[', ']]', '{', '}', 'case', 'coproc', 'do', 'done', 'elif', 'else', 'esac', 'fi', 'for', 'function', 'if', 'in',
  'select', 'then', 'time', 'until', 'while',
]);

/**
 * Builtins that change nothing of the state (printf only when its first argument cannot be `-v`,
 * checked apart). Not `test` or `[`: `test -v 'a[X=5]'` evaluates the subscript, and assigns.
 */
const READ_ONLY_BUILTINS = new Set([':', 'echo', 'false', 'printf', 'pwd', 'true']);

/** A command word the scanner trusts: no quote, expansion, escape, `=` (an assignment) or glob. */
const PLAIN_COMMAND = /^[A-Za-z0-9_./+:@%,-]+$/;
/** Characters that end a word outside quotes. */
const BLANK = new Set([' ', '\t']);

interface SessionDefinitions {
  functions: string;
  aliases: string;
  options: string;
  /** The session's variables, for their attributes (namerefs, as the dump's parse marks them). */
  variables?: ReadonlyMap<string, { nameref?: true }>;
}

/** Whether running `script` in a subshell of the session can change no part of its state. */
export function cannotChangeState(script: string, session: SessionDefinitions): boolean {
  // The host strips NUL bytes before bash sees the script: one could join two tokens (`$\0'`).
  if (script.includes('\0') || refusingOptions(session.options)) return false;
  const commands = simpleCommands(script);
  if (!commands) return false;
  const defined = definedNames(session);
  for (const words of commands) {
    const name = words[0]!;
    if (!name.plain || defined.has(name.text) || name.text.startsWith('__lab_')) return false;
    if (BUILTINS.has(name.text) && !READ_ONLY_BUILTINS.has(name.text)) return false;
    if (name.text === 'printf' && !printsOnly(words[1])) return false;
    // `pwd -P` under `set -o posix` sets PWD.
    if (name.text === 'pwd' && words.length > 1) return false;
  }
  // A nameref's target is expanded where it is read: `declare -n r='a[X++]'` makes `$r` assign.
  for (const variable of session.variables?.values() ?? []) if (variable.nameref) return false;
  return true;
}

/**
 * Whether printf's first argument is surely not an option (`-v NAME` assigns): its first character,
 * after one opening quote at most, is a literal one other than `-`. `printf "-v" X`, `printf $F`
 * or `printf *` (a file named `-vX`) could be `-v`.
 */
function printsOnly(first: Word | undefined): boolean {
  if (!first) return true;
  const text = first.text;
  const quote = text[0] === "'" || text[0] === '"' ? text[0] : undefined;
  const character = text[quote ? 1 : 0];
  if (character === undefined || character === '-' || character === quote) return false;
  // `-` was refused above; `=` cannot start an option either.
  return quote === "'" || character === '=' || PLAIN_COMMAND.test(character);
}

let lastOptions: { options: string; refusing: boolean } | undefined;

/** xtrace: PS4 is expanded before each command. keyword (`set -k`): `: X=1` is an assignment. */
function refusingOptions(options: string): boolean {
  if (lastOptions?.options !== options) lastOptions = { options, refusing: /^set -o (xtrace|keyword)$/m.test(options) };
  return lastOptions.refusing;
}

interface Word {
  /** The word as written (quotes and all). */
  text: string;
  /** Only characters of PLAIN_COMMAND: no quoting or expansion that could make it another name. */
  plain: boolean;
}

let lastDefinitions: { functions: string; aliases: string; names: Set<string> } | undefined;

/** The names of the session's functions and aliases (kept for the next step: they rarely change). */
function definedNames(session: SessionDefinitions): Set<string> {
  if (lastDefinitions?.functions === session.functions && lastDefinitions.aliases === session.aliases) return lastDefinitions.names;
  const names = new Set([...splitFunctions(session.functions).keys(), ...splitAliases(session.aliases).keys()]);
  lastDefinitions = { functions: session.functions, aliases: session.aliases, names };
  return names;
}

/**
 * The script's simple commands, each as its words (redirections left out), or undefined when the
 * script holds anything outside the accepted grammar.
 */
function simpleCommands(script: string): Word[][] | undefined {
  const commands: Word[][] = [];
  let words: Word[] = [];
  let word = '';
  let plain = true;
  let inWord = false;
  /** After a redirection operator: the next word is its target, not a command word. */
  let target = false;
  /** After `|`, `&&`, `||`: a command must follow. */
  let pending = false;
  let i = 0;

  const endWord = () => {
    if (!inWord) return;
    if (target) target = false;
    else words.push({ text: word, plain });
    word = '';
    plain = true;
    inWord = false;
  };
  /** Ends the current command at an operator; false when there is no command before it. */
  const endCommand = (needsCommand: boolean): boolean => {
    endWord();
    if (target) return false;
    if (words.length === 0) {
      if (needsCommand || pending) return false;
    } else {
      commands.push(words);
      words = [];
    }
    pending = needsCommand;
    return true;
  };
  const take = (end: number, isPlain: boolean) => {
    word += script.slice(i, end);
    if (!isPlain) plain = false;
    inWord = true;
    i = end;
  };

  while (i < script.length) {
    const c = script[i]!;
    const next = script[i + 1];
    if (BLANK.has(c)) {
      endWord();
      i++;
      continue;
    }
    if (c === '\n') {
      endWord();
      // A blank line, or one ending in `|`, `&&` or `||`: the command goes on below.
      if (words.length > 0 || target) {
        if (!endCommand(false)) return undefined;
      }
      i++;
      continue;
    }
    if (c === '#' && !inWord) {
      const end = script.indexOf('\n', i);
      i = end < 0 ? script.length : end;
      continue;
    }
    if (c === '\\') {
      if (next === '\n') {
        // After a blank only: elsewhere bash joins the lines into one token (`$\⏎{X:=1}`).
        if (!BLANK.has(script[i - 1] ?? '')) return undefined;
        i += 2;
        continue;
      }
      if (next === undefined) return undefined;
      take(i + 2, false);
      continue;
    }
    const quoted = quotedEnd(script, i);
    if (quoted !== undefined) {
      if (quoted < 0) return undefined;
      take(quoted, false);
      continue;
    }
    if (c === '|') {
      const length = next === '|' || next === '&' ? 2 : 1;
      if (!endCommand(true)) return undefined;
      i += length;
      continue;
    }
    if (c === '&') {
      if (next === '&') {
        if (!endCommand(true)) return undefined;
        i += 2;
        continue;
      }
      if (next === '>') {
        if (!redirection(script[i + 2] === '>' ? 3 : 2)) return undefined;
        continue;
      }
      return undefined; // a background job
    }
    if (c === ';') {
      if (next === ';' || next === '&') return undefined;
      if (!endCommand(false)) return undefined;
      i++;
      continue;
    }
    if (c === '<' || c === '>') {
      // `2>`: the digits before it are the fd, not a word.
      if (inWord && !/^\d+$/.test(word)) endWord();
      else if (inWord) {
        word = '';
        plain = true;
        inWord = false;
      }
      if (next === '(' || (c === '<' && next === '<')) return undefined; // process substitution, here-document
      const length = next === '>' || next === '&' || next === '|' || (c === '<' && next === '>') ? 2 : 1;
      if (!redirection(length)) return undefined;
      continue;
    }
    if (c === '(' || c === ')' || c === '{' || c === '}') return undefined;
    take(i + 1, PLAIN_COMMAND.test(c));
  }
  if (!endCommand(false) || pending) return undefined;
  return commands;

  /** A redirection operator of `length` characters at i; a command may not start with one. */
  function redirection(length: number): boolean {
    endWord();
    if (target || words.length === 0) return false;
    target = true;
    i += length;
    return true;
  }
}

/**
 * Where the quoted string or expansion that starts at `i` ends (`'...'`, `"..."`, `$...`, a
 * backquoted command); -1 if it is refused; undefined if none starts there.
 */
function quotedEnd(script: string, i: number): number | undefined {
  switch (script[i]) {
    case "'": {
      const end = script.indexOf("'", i + 1);
      return end < 0 ? -1 : end + 1;
    }
    case '"': return doubleQuoted(script, i + 1);
    case '$': return dollar(script, i);
    case '`': return backticks(script, i + 1);
    default: return undefined;
  }
}

/** The end (past the closing quote) of a double-quoted string whose body starts at `from`; -1 if refused. */
function doubleQuoted(script: string, from: number): number {
  let i = from;
  while (i < script.length) {
    const c = script[i]!;
    if (c === '"') return i + 1;
    if (c === '\\') {
      if (script[i + 1] === '\n') return -1;
      i += 2;
    } else if (c === '$') {
      // In double quotes `$"` and `$'` are a plain `$` before a quote.
      const next = script[i + 1];
      i = next === '"' || next === "'" ? i + 1 : dollar(script, i);
      if (i < 0) return -1;
    } else if (c === '`') {
      i = backticks(script, i + 1);
      if (i < 0) return -1;
    } else i++;
  }
  return -1;
}

/** The end of the backquoted command whose body starts at `from`. */
function backticks(script: string, from: number): number {
  for (let i = from; i < script.length; i++) {
    if (script[i] === '\\') i++;
    else if (script[i] === '`') return i + 1;
  }
  return -1;
}

/** Expansions that read a parameter and assign none: `${NAME}`, `${#NAME}`, `${NAME[0]}`, `${NAME:-plain}`... */
const SAFE_BRACES = /^\{#?[A-Za-z_][A-Za-z0-9_]*(\[(\d+|@|\*)\])?((:?[-+?]|##?|%%?)[A-Za-z0-9_./:@%+,~ *?[\]^!-]*)?\}/;

/** The end of the expansion that starts with the `$` at `at`; -1 if it may assign (or is not understood). */
function dollar(script: string, at: number): number {
  const next = script[at + 1];
  if (next === undefined) return at + 1;
  if (next === '(') return script[at + 2] === '(' ? -1 : substitution(script, at + 2);
  if (next === '{') {
    const match = SAFE_BRACES.exec(script.slice(at + 1, at + 1 + 256));
    return match ? at + 1 + match[0].length : -1;
  }
  if (next === '[') return -1; // $[ ] arithmetic
  if (next === '\\') return -1; // `$\⏎(` : a line continuation would join the `$` to what follows
  if (next === "'") {
    for (let i = at + 2; i < script.length; i++) {
      if (script[i] === '\\') i++;
      else if (script[i] === "'") return i + 1;
    }
    return -1;
  }
  if (next === '"') return doubleQuoted(script, at + 2);
  if (/[A-Za-z_]/.test(next)) {
    let i = at + 2;
    while (i < script.length && /[A-Za-z0-9_]/.test(script[i]!)) i++;
    return i;
  }
  if (/[0-9@*#?$!-]/.test(next)) return at + 2;
  return at + 1;
}

/**
 * The end of a `$(...)` whose body starts at `from`. What runs inside is a subshell's and may do
 * anything (`$(A=1; cd /)`); only where it ends matters. That is found by counting parentheses,
 * with quotes and expansions read as at the top level; a body holding what could hide or fake a
 * parenthesis from that count (a comment, backquotes, a here-document, a line continuation, a
 * `${...}` past the plain forms) is refused. A `case` pattern's `)` ends the count early: what
 * follows is then read as top-level text, under the stricter rules.
 */
function substitution(script: string, from: number): number {
  let depth = 1;
  for (let i = from; i < script.length; ) {
    const c = script[i]!;
    if (c === '\\') {
      if (script[i + 1] === '\n' || script[i + 1] === undefined) return -1;
      i += 2;
    } else if (c === '`' || c === '#' || (c === '<' && script[i + 1] === '<')) {
      return -1;
    } else if (c === "'" || c === '"' || c === '$') {
      i = quotedEnd(script, i)!;
      if (i < 0) return -1;
    } else {
      if (c === '(') depth++;
      else if (c === ')' && --depth === 0) return i + 1;
      i++;
    }
  }
  return -1;
}
