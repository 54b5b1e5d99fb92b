// Differential fuzzing of runner/shell/state-effects.ts: random scripts built from the pieces lab
// steps are made of, the risky ones among them (assignments, `${A:=x}`, arithmetic, `cd`, a
// session function and alias, `{fd}>`, prefixes that turn a word into a builtin). Every script the
// scanner says cannot change the state is run in a real bash host WITH the dump, and the dump must
// show the state it started from. A script the scanner lets through that changes something fails
// the test, named. 400 random scripts and 1,875 built to hide a change (the shape of every hole
// review found) by default; LAB_STRESS=1 runs 5,000 random ones.
import { describe, expect, it } from 'vitest';
import { cannotChangeState } from '../../runner/shell/state-effects.js';
import { ShellHost } from '../../runner/shell/host.js';
import { findBash } from '../../runner/shell/spawn.js';
import { isSpecialVariable, type ShellState } from '../../runner/shell/state.js';
import { tempDir } from '../shell/helpers.js';

const COUNT = process.env.LAB_STRESS ? 5_000 : 400;

// Each list: the pieces plain steps are made of, then the risky ones; a piece is risky 1 time in 8.
const COMMANDS = [['true', 'echo', 'printf %s', 'cat /dev/null', 'ls', 'env', 'test -n', ':', 'pwd', 'grep -c x /dev/null', 'sort', 'wc -l', 'printf', 'bash -c'], ['cd', 'export', 'read', 'set', 'shopt -s', 'umask', 'alias', 'declare', 'unset', 'eval', 'f', 'k', 'mapfile', 'printf -v A', 'type', 'hash', 'exec', '[', 'let', 'source', '.', 'test -v', 'printf "-v" A']];
const WORDS = [['X', '$A', '${A}', '${A:-x}', '${#A}', '"$A"', "'$A'", '$(A=2; cd /)', '`A=3`', '*', '~', '\\$A', "$'a\\tb'", '"$(cd /)"', '"x y"', '${HOME%/}', '$1', '$@', '"a\'b"', 'x#y', '"#"', '$_', '$RANDOM', '"${A:-$(cd /)}"', '-p', 'A'], ['A=1', '${A:=x}', '${A=y}', '$((A+1))', '$((A=4))', '${A[B=1]}', '${A:B=1}', '-v', '"${A:=5}"', '\\', '#', '${!A}', '${A@Q}', '${A/x/y}', '$[A=1]', '(', ')', '{', '}', ']', 'nullglob', '077', '"x$"', '"$\'"', '"$\\\n{A:=1}"', '"-v"', "$'-v'", '${U:--v}A', '"a[A=5]"', "$(echo $'\\'')"]];
const JOINS = [[' | ', ' && ', ' || ', '; ', '\n', ' |\n ', ' \\\n && '], [' & ', ' |& ', ' ;; ', ' ;& ']];
const REDIRECTIONS = [['', '', '', ' 2>&1', ' >/dev/null', ' </dev/null', ' 2>/dev/null >/dev/null', ' >&2'], [' {fd}>/dev/null', ' <<< x', ' <<EOF\n$((A=9))\nEOF\n', ' <(true)']];
const PREFIXES = [['', '', '', ''], ['A=9 ', 'builtin ', 'command ', '\\', '! ', 'time ', '{ ', '( ', '> out ']];

/** A small, seeded generator (mulberry32): the same scripts on every run, so a failure repeats. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function script(next: () => number): string {
  const pick = ([plain, risky]: string[][]) => {
    const list = next() < 0.875 ? plain! : risky!;
    return list[Math.floor(next() * list.length)]!;
  };
  const commands = Array.from({ length: 1 + Math.floor(next() * 3) }, () => {
    const words = Array.from({ length: Math.floor(next() * 3) }, () => pick(WORDS));
    return `${pick(PREFIXES)}${[pick(COMMANDS), ...words].join(' ')}${pick(REDIRECTIONS)}`;
  });
  return commands.reduce((text, command) => `${text}${pick(JOINS)}${command}`);
}

/** What a later step would see, bash's own variables left out. */
function visible(state: ShellState) {
  const variables = [...state.variables].filter(([name]) => !isSpecialVariable(name) && name !== 'OLDPWD').map(([name, v]) => v.declaration);
  return { cwd: state.cwd, variables: variables.sort(), functions: state.functions, aliases: state.aliases, options: state.options };
}

/**
 * The shape of every hole review found: a fragment the scanner reads as opening a quote, a
 * comment or a substitution where bash does not (or the other way round), a state change, and a
 * fragment closing it again, so the change is hidden from the scanner and runs in bash.
 */
const FRAGMENTS = ['"', "'", "$'", '$"', '"x$"', '"$\'"', '$(', ')', '`', '#', '${', '}', '\\', "$'\\''", '"${x:-"', '(', '$( (true)#(', ' #', '"$', "')'", '")"', '$(echo ${x:- #})', '$(echo $\'\\\'\')', '\\\n', '$\\\n', '$\0', '\0'];
const CHANGES = ['cd /tmp', 'A=1', 'export A'];
/** What makes an expansion assign once a fragment before it turns into a `$` (`$\⏎[A=3]`). */
const TAILS = ['{A:=1}', '((A=2))', '[A=3]', '(\\\n(A=4))'];

function hidingScripts(): string[] {
  const scripts: string[] = [];
  for (const open of FRAGMENTS) {
    for (const close of FRAGMENTS) {
      for (const tail of TAILS) scripts.push(`echo ${open}${tail}`, `echo "${open}${tail}"`);
      for (const change of CHANGES) scripts.push(`echo ${open}; ${change}; echo ${close}`, `echo ${open}\n${change}\necho ${close}`, `echo x${open} ; ${change} ; echo ${close}x`);
    }
  }
  return scripts;
}

describe('cannotChangeState against a real bash', () => {
  it(`lets through no script that changes the state (${COUNT} random scripts, and scripts built to hide a change)`, async () => {
    const dir = tempDir();
    const host = await ShellHost.start({ bashPath: findBash(), env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir }, cwd: dir });
    const step = { setup: '', options: '', optionsKey: '', graceMs: 1_000, outputCapBytes: 64 * 1024, timeoutMs: 10_000 };
    try {
      // The session has a function and an alias that assign: as command words they change the state.
      const baseline = (await host.run({ ...step, setup: "A=0\nf() { A=7; }\nalias k='A=8'\n", script: 'true' })).state!;
      const session = { functions: baseline.functions, aliases: baseline.aliases, options: '' };
      expect(session.functions).toContain('f ()');
      const next = random(19);
      let accepted = 0;
      const hiding = hidingScripts();
      for (let n = 0; n < COUNT + hiding.length; n++) {
        const text = n < hiding.length ? hiding[n]! : script(next);
        if (!cannotChangeState(text, session)) continue;
        accepted++;
        const after = await host.run({ ...step, script: text });
        expect(after.state, `no dump after ${JSON.stringify(text)}`).toBeDefined();
        expect(visible(after.state!), `the scanner let through ${JSON.stringify(text)}, which changed the state`).toEqual(visible(baseline));
      }
      // The generator must reach both sides, or this test proves nothing.
      expect(accepted).toBeGreaterThan(COUNT / 20);
      expect(accepted).toBeLessThan(COUNT + hiding.length);
    } finally {
      await host.close();
    }
  }, 300_000);
});
