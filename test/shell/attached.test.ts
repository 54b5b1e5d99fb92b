// The attached shell's pieces: the rcfile (the learner's ~/.bashrc, then the lab's state from a
// pipe, no value in the file), the restore script (only the options the lab set), and what the
// learner changed, read from real bash dumps.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildRcFile, buildRestoreScript } from '../../runner/shell/attached.js';
import { applyShellChanges, hasChanges, shellChanges } from '../../runner/shell/attached-changes.js';
import { HOOK_FUNCTIONS } from '../../runner/shell/exit-hooks.js';
import { assignment, parseStateDump, type ShellState } from '../../runner/shell/state.js';

/** The state real bash dumps after `script` (the same dump a step writes). */
function dumpAfter(script: string): ShellState {
  const dump = execFileSync('bash', ['--norc', '--noprofile', '-c', `${HOOK_FUNCTIONS}\n${script}\n__lab_dump 0`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent' } });
  return parseStateDump(dump)!;
}

describe('the attached shell\'s rcfile', () => {
  it('sources the learner\'s ~/.bashrc first, then evaluates the lab\'s state from fd 3; it holds no value', () => {
    const rc = buildRcFile("/home/o'neil/.bashrc");
    const lines = rc.split('\n');
    const source = lines.findIndex((line) => line === `. '/home/o'\\''neil/.bashrc'`);
    const restore = lines.findIndex((line) => line.includes('read -r -d \'\' __lab_restore <&3'));
    expect(source).toBeGreaterThan(-1);
    expect(restore).toBeGreaterThan(source);
    expect(rc).toContain('builtin eval "$__lab_restore"');
    expect(buildRcFile(undefined)).not.toMatch(/^\. /m);
  });

  it('the restore script carries the options the lab changed, never the ones of a non-interactive shell, and xtrace last', () => {
    const defaults = dumpAfter('').options;
    // A step that turned on vi editing or history meant it for its own script, not the learner's prompt.
    const lab = dumpAfter('set -o pipefail; shopt -s nullglob; set -x; set -o vi; set -o history');
    const script = buildRestoreScript({ ...lab, variables: new Map([['TOKEN', assignment('TOKEN', 'tok-1', true)]]) }, defaults);
    expect(script).toContain('set -o pipefail');
    expect(script).toContain('shopt -s nullglob');
    expect(script).not.toMatch(/^set [-+]o (?:vi|emacs|history|monitor)$/m);
    expect(script).not.toContain('set -o braceexpand'); // a default: not repeated
    expect(script.trimEnd().split('\n').at(-1)).toBe('set -x');
    // The entry dump comes after the state is restored, and the EXIT trap dumps again; no Ctrl-C trap.
    expect(script.indexOf("declare -x TOKEN='tok-1'")).toBeLessThan(script.indexOf('__lab_dump ) >&5'));
    expect(script).toContain(`builtin trap '{ __lab_on_exit "$?"; } 2>/dev/null' EXIT`);
    expect(script).not.toContain("trap 'exit 130' INT");
  });
});

describe('what the learner changed in an attached shell', () => {
  const entryScript = 'export KEEP=1 CHANGE=old; GONE=x; f() { echo f; }; g() { echo g; }; alias k=kubectl; cd /';
  it('is the difference between the state on entry and on exit, without the terminal size, history settings or completion functions', () => {
    const entry = dumpAfter(entryScript);
    const exit = dumpAfter(`${entryScript}; CHANGE=new; export NEW=1; unset GONE; unset -f f; g() { echo g2; }; h() { echo h; }; alias k=kubectl2 kk=k; cd /tmp; COLUMNS=99; HISTSIZE=5; _comp_x() { :; }; _comp_state=1`);
    const changes = shellChanges(entry, exit);
    expect([...changes.variables.keys()].sort()).toEqual(['CHANGE', 'NEW', 'OLDPWD']);
    expect(changes.unset).toEqual(['GONE']);
    expect([...changes.functions.keys()].sort()).toEqual(['g', 'h']);
    expect(changes.removedFunctions).toEqual(['f']);
    expect([...changes.aliases.keys()].sort()).toEqual(['k', 'kk']);
    expect(changes.cwd).toBe('/tmp');
    expect(hasChanges(shellChanges(entry, entry))).toBe(false);
  });

  it('carries the options changed at the prompt, never an interactive one; applied, they replace the lab\'s lines for the same options', () => {
    const entry = dumpAfter('shopt -s extglob');
    const exit = dumpAfter('shopt -s extglob; set -o pipefail -u; shopt -s nullglob checkwinsize histappend; set -o vi; set -o history; umask 077');
    const changes = shellChanges(entry, exit);
    expect(changes.options.sort()).toEqual(['set -o nounset', 'set -o pipefail', 'shopt -s nullglob', 'umask 0077']);
    expect(hasChanges({ ...shellChanges(entry, entry), options: ['set -o pipefail'] })).toBe(true);
    const lab = dumpAfter('shopt -s extglob; set -o errexit');
    const after = applyShellChanges(lab, changes);
    const lines = after.options.split('\n');
    for (const line of ['set -o pipefail', 'set -o nounset', 'set -o errexit', 'shopt -s nullglob', 'shopt -s extglob', 'umask 0077']) expect(lines).toContain(line);
    for (const line of ['set +o pipefail', 'set +o nounset', 'shopt -u nullglob']) expect(lines).not.toContain(line);
    expect(lines.filter((line) => line.startsWith('umask'))).toEqual(['umask 0077']);
    expect(after.optionsKey).toBe('');
    expect(applyShellChanges(lab, { ...changes, options: [] }).options).toBe(lab.options);
  });

  it('takes the entry dump with the lab\'s xtrace on (turned on after it for the prompt), so only a `set +x` there is a change', () => {
    const lab = dumpAfter('set -x');
    const script = buildRestoreScript(lab, dumpAfter('').options);
    expect(script).toContain('( __lab_forget_sourced; set -x; __lab_dump ) >&5 2>/dev/null');
    expect(buildRestoreScript(dumpAfter(''), dumpAfter('').options)).toContain('( __lab_forget_sourced; __lab_dump ) >&5 2>/dev/null');
  });

  it('applied to the lab\'s state, the lab keeps its own other functions, aliases and options; the result runs in bash', () => {
    const lab = dumpAfter('LAB=1; lab_fn() { echo lab; }; alias l=ls; set -o pipefail; g() { echo g; }');
    const changes = shellChanges(dumpAfter('g() { echo g; }'), dumpAfter('g() { echo g2; }; h() { echo h; }; alias k=kubectl; X=1; cd /tmp'));
    const after = applyShellChanges(lab, changes);
    expect(after.options).toBe(lab.options);
    expect(after.cwd).toBe('/tmp');
    // Evaluated again, the definitions are bash's: the lab's and the learner's side by side.
    const state = dumpAfter(`${after.functions}\n${after.aliases}\n${after.variables.get('X')!.declaration}\nshopt -s expand_aliases\nRAN="$(g) $(h) $(lab_fn) $X"`);
    expect(state.variables.get('RAN')?.value).toBe('g2 h lab 1');
    expect([...state.functions.matchAll(/^(\w+) \(\) $/gm)].map((match) => match[1]).sort()).toEqual(['g', 'h', 'lab_fn']);
    expect(state.aliases).toContain("alias k='kubectl'");
    expect(state.aliases).toContain("alias l='ls'");
  });
});
