// `declare -p` read back: every value bash prints must decode to exactly the value bash holds.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseDeclarations } from '../../runner/shell/declarations.js';

const TRICKY: Record<string, string> = {
  plain: 'hello world',
  quotes: `it's "quoted" \\back\\ $dollar \`tick\``,
  newline: 'line one\nline two\n',
  control: 'tab\there\x01\x1b[0m\r\x7f',
  korean: '클러스터 myeks — ✓',
  empty: '',
  trailing: 'ends with backslash \\',
};

/** Sets the values in a real bash and returns its `declare -p` plus the values as bash sees them. */
function bashDeclare(script: string, names: string[]): { declared: string; values: string[] } {
  const out = execFileSync('bash', ['-c', `${script}\ndeclare -p ${names.join(' ')}\nprintf '\\0'\nfor n in ${names.join(' ')}; do printf '%s\\0' "\${!n}"; done`], {
    env: { ...process.env, LC_ALL: 'C.UTF-8' },
  }).toString('utf8');
  const [declared, ...values] = out.split('\0');
  return { declared: declared!, values: values.slice(0, names.length) };
}

describe('parseDeclarations', () => {
  it('decodes every kind of value bash quotes', () => {
    const names = Object.keys(TRICKY);
    const script = names.map((name) => `${name}=$(printf '%s' ${JSON.stringify(Buffer.from(TRICKY[name]!).toString('base64'))} | base64 -d; printf x); ${name}=\${${name}%x}`).join('\n');
    const { declared, values } = bashDeclare(script, names);
    const parsed = new Map(parseDeclarations(declared).map((d) => [d.name, d.value]));
    names.forEach((name, index) => {
      expect(values[index]).toBe(TRICKY[name]);
      expect(parsed.get(name)).toBe(TRICKY[name]);
    });
  });

  it('keeps attributes, arrays and the declaration text that restores them', () => {
    const { declared } = bashDeclare(
      `declare -a list=(first $'sec\\nond'); declare -A map=([0]=zero ["a key"]=v); declare -i n=41+1; export e=x; declare -r ro=1; declare unset_only`,
      ['list', 'map', 'n', 'e', 'ro', 'unset_only'],
    );
    const parsed = parseDeclarations(declared);
    expect(parsed.map((d) => [d.name, d.flags, d.value])).toEqual([
      ['list', 'a', 'first'],
      ['map', 'A', 'zero'],
      ['n', 'i', '42'],
      ['e', 'x', 'x'],
      ['ro', 'r', '1'],
    ]);
    // Evaluated again, each declaration gives back the same variable.
    const again = bashDeclare(parsed.map((d) => d.text.replace('declare -r', 'declare')).join('\n'), ['list', 'map', 'n', 'e']);
    expect(again.declared).toBe(declared.split('\n').slice(0, 4).join('\n') + '\n');
  });

  it('reads the double-quoted form older bash writes, raw newlines included', () => {
    const parsed = parseDeclarations('declare -- a="x\\"y\\\\z\\$\\`\nnext line"\ndeclare -x b="2"\n');
    expect(parsed.map((d) => [d.name, d.value])).toEqual([
      ['a', 'x"y\\z$`\nnext line'],
      ['b', '2'],
    ]);
  });
});
