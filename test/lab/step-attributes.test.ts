import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readStepAttributes, STEP_ATTRIBUTE_NAMES, STEP_ATTRIBUTES } from '../../runner/lab/step-attributes.js';
import type { Attribute } from '../../runner/model/lab.js';

/** `name=value` words (a bare `name` is true) at columns 1, 2, 3... so each message's position shows. */
function read(...words: Array<[string, string | true]>) {
  const raw: Attribute[] = words.map(([name, value], index) => ({ name, value, position: { file: 'a.md', line: 1, column: index + 1 } }));
  return readStepAttributes(raw);
}

const problems = (parsed: ReturnType<typeof read>) => parsed.diagnostics.map((d) => [d.rule, d.message, d.position.column]);

describe('readStepAttributes', () => {
  it('types every attribute into its StepAttributes field', () => {
    const parsed = read(
      ['id', 'nodes'], ['timeout', '30s'], ['retry', '5'], ['interval', '500ms'], ['capture', 'OUT'], ['for', '1m'],
      ['background', true], ['cleanup', 'true'], ['confirm', 'Changes things'], ['tty', 'false'], ['hosts', '$N1 $N2'],
      ['ssh-user', 'ec2-user'], ['cwd', 'sub'], ['skip', 'not today'], ['exit', 'any'], ['stdin', 'y'],
    );
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.id).toBe('nodes');
    expect(parsed.attributes).toEqual({
      timeoutMs: 30_000, retry: 5, intervalMs: 500, capture: 'OUT', forMs: 60_000, background: true, cleanup: true,
      confirm: 'Changes things', tty: false, hosts: '$N1 $N2', sshUser: 'ec2-user', cwd: 'sub', skip: 'not today', exit: 'any', stdin: 'y',
    });
  });

  it('defaults the flags off and reads verify and solve apart from the attributes', () => {
    expect(read()).toEqual({ attributes: { background: false, cleanup: false, tty: false, skip: false }, verify: false, solve: false, diagnostics: [] });
    const task = read(['verify', true], ['solve', 'false']);
    expect([task.verify, task.solve]).toEqual([true, false]);
  });

  it('reads bare and boolean skip and confirm words', () => {
    expect(read(['skip', true], ['confirm', true]).attributes).toMatchObject({ skip: true, confirm: '' });
    expect(read(['skip', 'false'], ['confirm', 'true']).attributes).toMatchObject({ skip: false, confirm: 'true' });
    expect(read(['skip', '']).attributes.skip).toBe('');
  });

  it('names an unknown attribute with a suggestion', () => {
    expect(problems(read(['timout', '1s'], ['bogus', true]))).toEqual([
      ['unknown-attribute', 'unknown attribute `timout` (did you mean `timeout`?)', 1],
      ['unknown-attribute', 'unknown attribute `bogus`', 2],
    ]);
  });

  it('reports an attribute given twice, keeping the last value', () => {
    const parsed = read(['retry', '2'], ['retry', '3']);
    expect(problems(parsed)).toEqual([['duplicate-attribute', 'attribute `retry` is given twice', 2]]);
    expect(parsed.attributes.retry).toBe(3);
  });

  it('asks for a value with an example fitting the attribute', () => {
    const names = ['id', 'timeout', 'interval', 'retry', 'capture', 'for', 'hosts', 'ssh-user', 'cwd', 'exit', 'stdin'];
    expect(problems(read(...names.map((name): [string, true] => [name, true]))).map(([, message]) => message)).toEqual([
      'attribute `id` needs a value, e.g. `id=value`',
      'attribute `timeout` needs a value, e.g. `timeout=10m`',
      'attribute `interval` needs a value, e.g. `interval=15s`',
      'attribute `retry` needs a value, e.g. `retry=5`',
      'attribute `capture` needs a value, e.g. `capture=value`',
      'attribute `for` needs a value, e.g. `for=10s`',
      'attribute `hosts` needs a value, e.g. `hosts="$N1 $N2"`',
      'attribute `ssh-user` needs a value, e.g. `ssh-user=value`',
      'attribute `cwd` needs a value, e.g. `cwd=value`',
      'attribute `exit` needs a value, e.g. `exit=1`',
      'attribute `stdin` needs a value, e.g. `stdin=value`',
    ]);
    expect(problems(read(['hosts', '']))).toEqual([['missing-value', 'attribute `hosts` needs a value, e.g. `hosts="$N1 $N2"`', 1]]);
  });

  it('says a flag takes no value', () => {
    expect(problems(read(['background', 'yes'], ['tty', '1'], ['cleanup', ''], ['verify', 'true'], ['solve', 'false']))).toEqual([
      ['bad-flag', 'attribute `background` is a flag: write `background` alone', 1],
      ['bad-flag', 'attribute `tty` is a flag: write `tty` alone', 2],
      ['bad-flag', 'attribute `cleanup` is a flag: write `cleanup` alone', 3],
    ]);
  });

  it('explains bad durations, numbers, names, exit codes and ids', () => {
    expect(problems(read(['timeout', '10'], ['interval', '0s'], ['for', 'soon'], ['retry', '0'], ['capture', '1X'], ['exit', '256'], ['id', '-x']))).toEqual([
      ['bad-duration', 'bad duration `10` for `timeout`: a number alone has no unit: write `timeout=10s` (seconds), or 500ms, 6m, 1h', 1],
      ['bad-duration', 'bad duration `0s` for `interval`: write a number and a unit, e.g. 500ms, 10s, 6m, 1h', 2],
      ['bad-duration', 'bad duration `soon` for `for`: write a number and a unit, e.g. 500ms, 10s, 6m, 1h', 3],
      ['bad-number', 'bad number `0` for `retry`: the most attempts, a whole number >= 1', 4],
      ['bad-name', '`capture=1X` is not a shell variable name (letters, digits, _)', 5],
      ['bad-number', 'bad exit code `256`: a number 0-255 or `any`', 6],
      ['bad-id', 'bad step id `-x`: use letters, digits, `.`, `_` and `-`', 7],
    ]);
  });
});

describe('durations a timer cannot hold', () => {
  it('refuses one past 24 days (Node fires a longer timer after 1 ms), and takes 576h itself', () => {
    expect(problems(read(['timeout', '600h'], ['for', '1000h'], ['interval', '2147483648ms'], ['settle', '2073601']))).toEqual([
      ['bad-duration', 'duration `600h` for `timeout` is too long: at most 576h (24 days)', 1],
      ['bad-duration', 'duration `1000h` for `for` is too long: at most 576h (24 days)', 2],
      ['bad-duration', 'duration `2147483648ms` for `interval` is too long: at most 576h (24 days)', 3],
      ['bad-duration', 'duration `2073601` for `settle` is too long: at most 576h (24 days)', 4],
    ]);
    expect(read(['timeout', '576h']).attributes.timeoutMs).toBe(576 * 3_600_000);
  });
});

describe('the step attribute table', () => {
  it('gives the names, in table order, pod attributes included', () => {
    expect(STEP_ATTRIBUTE_NAMES).toEqual(Object.keys(STEP_ATTRIBUTES));
    expect(STEP_ATTRIBUTE_NAMES).toEqual(expect.arrayContaining(['hosts', 'ssh-user', 'pods', 'selector', 'namespace', 'container']));
    for (const name of STEP_ATTRIBUTE_NAMES) expect(STEP_ATTRIBUTES[name].description, name).toMatch(/^\S.*\S$/);
  });

  it('suggests the pod attributes for near misses', () => {
    expect(problems(read(['selecter', 'app=x'], ['namepsace', 'x'], ['contianer', 'x'], ['pod', 'x'])).map(([, message]) => message)).toEqual([
      'unknown attribute `selecter` (did you mean `selector`?)',
      'unknown attribute `namepsace` (did you mean `namespace`?)',
      'unknown attribute `contianer` (did you mean `container`?)',
      'unknown attribute `pod` (did you mean `pods`?)',
    ]);
  });

  it('asks each value attribute for a value with its own example, and no other', () => {
    const bare = read(...STEP_ATTRIBUTE_NAMES.map((name): [string, true] => [name, true]));
    const missing = bare.diagnostics.filter((d) => d.rule === 'missing-value').map((d) => d.message);
    expect(missing).toEqual(STEP_ATTRIBUTE_NAMES.flatMap((name) => {
      const { example } = STEP_ATTRIBUTES[name];
      return example === undefined ? [] : [`attribute \`${name}\` needs a value, e.g. \`${name}=${example}\``];
    }));
    expect(missing).toEqual(expect.arrayContaining([
      'attribute `pods` needs a value, e.g. `pods="$P1 $P2"`',
      'attribute `selector` needs a value, e.g. `selector="k8s-app=aws-node"`',
      'attribute `namespace` needs a value, e.g. `namespace=kube-system`',
      'attribute `container` needs a value, e.g. `container=aws-node`',
    ]));
    expect(bare.diagnostics.filter((d) => d.rule !== 'missing-value')).toEqual([]);
  });

  it('reads the pod attributes as raw text', () => {
    const parsed = read(['pods', '$P1 $P2'], ['selector', 'k8s-app=aws-node'], ['namespace', '$NS'], ['container', 'aws-node']);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.attributes).toMatchObject({ pods: '$P1 $P2', selector: 'k8s-app=aws-node', namespace: '$NS', container: 'aws-node' });
  });

  it('is the attribute table of docs/lab-format.md, row for row', () => {
    const doc = readFileSync(new URL('../../docs/lab-format.md', import.meta.url), 'utf8');
    const table = doc.slice(doc.indexOf('| attribute | meaning |'), doc.indexOf('\n\n', doc.indexOf('| attribute | meaning |')));
    const documented = table.split('\n').slice(2).flatMap((row) => [...row.split('|')[1]!.matchAll(/`([a-z-]+)/g)].map((match) => match[1]));
    expect([...new Set(documented)]).toEqual(STEP_ATTRIBUTE_NAMES);
  });
});
