// Generators for the fuzz suites: small labs built from the format's own pieces (frontmatter,
// fences with attributes, expectations, console transcripts), and mutations of any text or bytes
// (CRLF, NUL, binary junk, truncation, huge lines, Unicode, fence and YAML damage). Mutations are
// plain data ({ kind, at, ... }) so a failing case prints as something a person can read and replay.
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { STRESS } from './fuzz-harness.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

// ---------------------------------------------------------------- words and values

const STEP_ATTRIBUTES = ['id', 'timeout', 'retry', 'interval', 'capture', 'for', 'background', 'cleanup', 'confirm', 'tty', 'hosts', 'ssh-user', 'cwd', 'skip', 'verify', 'solve', 'exit', 'stdin'];
const EXPECT_WORDS = ['lines', 'exact', 'regex', 'contains', 'not-contains', 'json', 'stdout', 'stderr', 'both', 'exit=0', 'exit=1', 'exit=any', 'exit=256', 'exit=-1', 'exit', 'exit=', 'regx', 'std', '{.json}'];
const LANGUAGES = ['bash', 'sh', 'shell', 'BASH', 'console', 'expect', 'Expect', 'yaml', 'json', 'text', '', 'bash{', '{.bash}', 'bash,', 'zsh'];

/** Ordinary words, what most of a lab is made of. */
export const plainText = fc
  .array(fc.oneof(fc.constantFrom('the', 'cluster', 'node', 'kubectl', 'aws', 'eks', 'pod', 'Ready', 'v1.31', '10.0.0.1', 'NAME', 'STATUS', 'ok', '한국어', 'ünïcode'), fc.stringMatching(/^[a-z0-9]{1,8}$/)), { minLength: 1, maxLength: 6 })
  .map((words) => words.join(' '));

/** Odd text: control characters, RTL marks, combining marks, emoji, BOM, line and paragraph separators, lone CR. */
export const oddText = fc.oneof(
  { weight: 4, arbitrary: plainText },
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'binary-ascii', maxLength: 12 }),
  fc.constantFrom(
    '\u0000', '\uFEFF', '\u202E', '\u2028', '\u2029', '\r', '\t', '\u000B', '\u000C', '\u001b[31m', 'e\u0301', '한국어', '🧪', '\uD83D', '\uDC00',
    '`', '```', '~~~', '---', '...', '"', "'", '\\', '$', '${', '{{', '}}', '{{X}}', '$UNDEFINED', '|', '>', '#', '- ', '  ', '%', '&a', '*a', '!!binary',
    'ipsum', '0', '-1', '1e309', 'NaN', 'null', 'true', '~', '[]', '{}', '[', '{', ':', ': ', '? ', '@', '<script>', '../../..', '/etc/passwd', 'C:\\x',
  ),
);

const duration = fc.oneof(
  fc.constantFrom('10s', '500ms', '6m', '1h', '1.5m', '0s', '0ms', '-1s', '10', 's', 'ms', '1e3s', '99999999999999999999h', '1 m', '.5s', '1..2s', 'NaNs', 'Infinitys'),
  fc.tuple(fc.nat({ max: 100000 }), fc.constantFrom('ms', 's', 'm', 'h', 'd', '')).map(([n, unit]) => `${n}${unit}`),
);

const attributeValue = fc.oneof(
  duration,
  fc.constantFrom('1', '0', '40', '-3', '255', '256', 'any', 'true', 'false', 'x', 'a-b.c_d', '$N1 $N2', '"$N1"', 'ec2-user', '/tmp', '', '9007199254740993'),
  fc.stringMatching(/^[A-Za-z0-9._-]{1,12}$/),
  oddText,
);

function quote(value: string, style: number): string {
  if (style === 0) return value.replace(/\s/g, '');
  if (style === 1) return `"${value.replace(/["\\]/g, '\\$&')}"`;
  if (style === 2) return `'${value.replace(/'/g, '')}'`;
  return `"${value}`; // unterminated
}

export const attributeWord = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...STEP_ATTRIBUTES), attributeValue, fc.nat({ max: 3 })).map(([name, value, style]) => `${name}=${quote(value, style)}`) },
  { weight: 2, arbitrary: fc.constantFrom(...STEP_ATTRIBUTES) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('timout', 'retries', 'ID', 'Id', 'host', 'x', '='), attributeValue).map(([name, value]) => `${name}=${value}`) },
  { weight: 1, arbitrary: oddText.map((text) => text.replace(/\n/g, ' ')) },
);

const shellLine = fc.oneof(
  fc.constantFrom(
    'echo hello', 'kubectl get nodes', 'aws eks describe-cluster --name "$CLUSTER_NAME"', 'N1=$(echo 10.0.0.1)', 'export X=1', 'read -r NAME', 'for i in 1 2; do echo $i; done',
    "cat <<'EOF'", 'cat <<EOF', 'EOF', 'echo "${UNDEFINED}"', 'echo {{NAME}}', '# comment $X', 'echo \'$NOT\'', 'exit 3', 'echo \\', '$ echo prompt', '> continued', '...',
  ),
  oddText,
);

const expectLine = fc.oneof(
  fc.constantFrom('...', '[..]', 'NAME STATUS', 'hello', '(', '[', '(?<', '\\', '*', '+?', '{"a": 1}', '{"a": ', '[1, 2', '1e999', '"x"', 'null', '{{NAME}}', '{{ X }}', '', ' '),
  oddText,
);

/** Recorded output that is hard on the matchers: JSON nested thousands deep, colours, CRLF, long lines. */
export const nastyOutput = fc.oneof(
  fc.integer({ min: 1, max: 20_000 }).map((depth) => `${'['.repeat(depth)}1${']'.repeat(depth)}\n`),
  fc.integer({ min: 1, max: 5_000 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}\n`),
  fc.constantFrom('\u001b[32mok\u001b[0m\n', 'a\r\nb\r\n', 'no newline at the end', '\n\n\n', '{"a": 1}\n', '[1, 2]\n', 'null\n', '\u0000\n', '\uFEFFbom\n'),
  fc.integer({ min: 1_000, max: 100_000 }).map((length) => `${'x'.repeat(length)}\n`),
);

const lines = (line: fc.Arbitrary<string>, max: number) => fc.array(line, { maxLength: max }).map((items) => items.join('\n'));

// ---------------------------------------------------------------- frontmatter

const FRONTMATTER_KEYS = ['id', 'title', 'description', 'order', 'requires', 'aws', 'vars', 'ssh-config', 'ssh-options', 'redact', 'fixture', 'estimate', 'cost'];

const yamlScalar = fc.oneof(
  fc.constantFrom('x', 'week1/x', '"quoted"', "'single'", '1', '-1', '0.5', '1e400', '.nan', '.inf', 'true', 'no', 'null', '~', '[]', '{}', '[a, b]', '{ a: 1 }', '|', '>-', '&a x', '*a', '*undefined', '!!binary aGk=', '!!js/function "x"', '!tag x', '"unterminated', '- a', 'a: b: c', '@x', '`x`', '%YAML'),
  oddText.map((text) => JSON.stringify(text)),
  oddText,
);

const fixtureOverride = fc.constantFrom('fixtures/custom.yaml', '../outside.yaml', '/etc/passwd', '.', '', ' ', 'labs', 'labs/fuzz.md', 'fixtures', 'C:\\x.yaml', 'fixtures/../../x.yaml', 'fixtures/a\u0000b.yaml', 'fixtures//x.yaml', 'node_modules/../fixtures/x.yaml');

const frontmatterEntry = fc.oneof(
  fc.tuple(fc.constantFrom(...FRONTMATTER_KEYS), yamlScalar).map(([key, value]) => `${key}: ${value}`),
  fixtureOverride.map((value) => `fixture: ${JSON.stringify(value)}`),
  fc.constantFrom(
    'vars:\n  CLUSTER_NAME: myeks', 'vars:\n  X: { default: 1, secret: true }', 'vars:\n  1BAD: x', 'vars:\n  X: { defualt: 1 }', 'vars:\n  X:\n    - a', 'vars: [a]',
    'vars:\n  X: { secret: yes }', 'redact:\n  - { name: MY_IP, pattern: "(" }', 'redact:\n  - "[a-"', 'redact:\n  - { name: 1x, pattern: x }', 'redact: [{}]',
    'requires: [aws, kubectl]', 'requires: aws', 'ssh-options: { StrictHostKeyChecking: accept-new }', 'ssh-options: [1]', 'estimate: 0', 'estimate: -5', 'order: "1"',
    'aliases: &a [1, 2]', 'title: *a', 'id: week1/../x', 'id: "/abs"', 'title: ""', 'title: "a\\nb"', '"a\\nb": 1', 'requirez: [x]', '? complex key\n: x', '<<: { title: x }',
  ),
  fc.tuple(oddText, yamlScalar).map(([key, value]) => `${key}: ${value}`),
);

const frontmatter = fc.oneof(
  { weight: 3, arbitrary: fc.array(frontmatterEntry, { maxLength: 6 }).map((entries) => `---\n${entries.join('\n')}${entries.length ? '\n' : ''}---\n`) },
  { weight: 1, arbitrary: lines(oddText, 4).map((text) => `---\n${text}\n---\n`) },
  { weight: 1, arbitrary: fc.constantFrom('---\ntitle: never closed\n', '---\n', '--- \ntitle: x\n...\n', '---\r\ntitle: crlf\r\n---\r\n', '---\n---\n', '---\n- a\n- b\n---\n', '---\n"just a string"\n---\n', '---\n!!binary aGk=\n---\n') },
  { weight: 2, arbitrary: fc.constant('') },
);

// ---------------------------------------------------------------- blocks

const fenceChars = fc.oneof({ weight: 8, arbitrary: fc.constant('```') }, fc.constantFrom('````', '~~~', '``', ' ```', '   ```', '    ```'));
const mostly = fc.nat({ max: 9 }).map((n) => n > 0);

const stepBlock = fc
  .tuple(fc.constantFrom('bash', 'sh', 'shell', 'bash', 'bash'), fc.array(attributeWord, { maxLength: 4 }), lines(shellLine, 4), fenceChars, mostly)
  .map(([language, words, body, fence, closed]) => `${fence}${language}${words.length ? ` ${words.join(' ')}` : ''}\n${body}\n${closed ? fence.trim() : ''}\n`);

const expectBlock = fc
  .tuple(fc.array(fc.constantFrom(...EXPECT_WORDS), { maxLength: 3 }), lines(expectLine, 4), mostly)
  .map(([words, body, closed]) => `\`\`\`expect${words.length ? ` ${words.join(' ')}` : ''}\n${body}\n${closed ? '```' : ''}\n`);

const consoleBlock = fc
  .tuple(fc.array(attributeWord, { maxLength: 2 }), lines(fc.oneof(shellLine.map((line) => `$ ${line}`), expectLine, fc.constant('> more')), 5))
  .map(([words, body]) => `\`\`\`console${words.length ? ` ${words.join(' ')}` : ''}\n${body}\n\`\`\`\n`);

const otherBlock = fc.tuple(fc.constantFrom(...LANGUAGES), fc.array(attributeWord, { maxLength: 2 }), lines(oddText, 3)).map(([language, words, body]) => `\`\`\`${language} ${words.join(' ')}\n${body}\n\`\`\`\n`);

const proseBlock = fc.oneof(
  lines(oddText, 3).map((text) => `${text}\n`),
  fc.tuple(fc.integer({ min: 1, max: 7 }), oddText).map(([depth, text]) => `${'#'.repeat(depth)} ${text}\n`),
  fc.constantFrom('## Set up\n', '## Set up\n', '# Title\n', '> Hint: try harder\n', '> **Hint:** x\n', '- item\n\n  ```bash\n  echo nested\n  ```\n', '> ```bash\n> echo quoted\n> ```\n', '| a | b |\n|---|---|\n| 1 | 2 |\n', '<div>\n```bash\necho html\n```\n</div>\n', '    indented code\n', '---\n', '***\n', '[link](x)\n'),
);

const block = fc.oneof(
  { weight: 4, arbitrary: stepBlock },
  { weight: 3, arbitrary: expectBlock },
  { weight: 1, arbitrary: consoleBlock },
  { weight: 1, arbitrary: otherBlock },
  { weight: 3, arbitrary: proseBlock },
  { weight: 1, arbitrary: stepBlock.chain((step) => fc.constantFrom('## Your turn\n', '').map((head) => `${head}${step.replace(/^(`{3,}|~{3,})bash/, '$1bash verify')}\`\`\`bash solve\necho solved\n\`\`\`\n`)) },
);

/** A small lab built from the format's pieces, any of them broken. */
export const wildLab = fc.tuple(frontmatter, fc.array(block, { maxLength: 10 }), fc.constantFrom('\n', '\n\n', '')).map(([head, blocks, join]) => head + blocks.join(join));

// A lab that lints clean (or nearly): good attributes and expectations, so replay runs its steps.
const goodAttribute = fc.oneof(
  fc.constantFrom('timeout=10s', 'retry=3', 'interval=1s', 'capture=OUT', 'for=5s', 'background', 'cleanup', 'confirm="Creates things"', 'tty', 'skip', 'skip="not today"', 'exit=1', 'exit=any', 'stdin="yes"', 'cwd=/tmp', 'hosts="$N1 $N2"', 'ssh-user=ec2-user'),
);
const goodExpect = fc.oneof(
  fc.tuple(fc.constantFrom('', ' exact', ' contains', ' not-contains', ' stderr', ' both', ' exit=1', ' exit=any'), lines(fc.oneof(plainText, fc.constantFrom('...', '[..]', '{{N1}}')), 3)).map(([info, body]) => `\`\`\`expect${info}\n${body}\n\`\`\`\n`),
  fc.tuple(fc.constantFrom('^ok$', 'v1\\.\\d+', '(a|b)+', '\\d{1,3}', '.*', '(a+)+$', '^(\\w+\\s?)*$'), fc.constantFrom('', ' stderr')).map(([pattern, stream]) => `\`\`\`expect regex${stream}\n${pattern}\n\`\`\`\n`),
  fc.oneof(
    fc.constantFrom('{ "a": 1 }', '[1, 2]', '{ "status": "ACTIVE", "n": {{N}} }', '"x"', 'null', '{ "deep": { "er": [ { "x": true } ] } }'),
    fc.integer({ min: 200, max: 5_000 }).map((depth) => `${'['.repeat(depth)}1${']'.repeat(depth)}`),
  ).map((body) => `\`\`\`expect json\n${body}\n\`\`\`\n`),
);
const goodStep = fc
  .tuple(fc.option(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/), { nil: undefined }), fc.uniqueArray(goodAttribute, { maxLength: 2, selector: (word) => word.split('=')[0] }), lines(fc.oneof(plainText.map((text) => `echo ${text}`), shellLine), 3), fc.array(goodExpect, { maxLength: 2 }))
  .map(([id, words, body, expects]) => `\`\`\`bash${id ? ` id=${id}` : ''}${words.map((word) => ` ${word}`).join('')}\n${body || 'true'}\n\`\`\`\n\n${expects.join('\n')}`);
const goodFrontmatter = fc.oneof(
  fc.constant(''),
  fc.tuple(plainText, fc.constantFrom('', 'vars:\n  N1: 10.0.0.1\n  N2: 10.0.0.2\n  N: 1\n', 'requires: [kubectl]\n', 'estimate: 5\n', 'order: 2\n')).map(([title, more]) => `---\ntitle: ${JSON.stringify(title)}\n${more}---\n`),
);
const goodConsole = fc
  .array(fc.tuple(plainText, lines(plainText, 2)), { minLength: 1, maxLength: 3 })
  .map((commands) => `\`\`\`console\n${commands.map(([command, output]) => `$ echo ${command}\n${output}`).join('\n')}\n\`\`\`\n`);
export const plausibleLab = fc
  .tuple(goodFrontmatter, fc.array(fc.oneof({ weight: 3, arbitrary: goodStep }, plainText.map((text) => `${text}\n`), plainText.map((text) => `## ${text}\n`), goodConsole), { minLength: 1, maxLength: 8 }))
  .map(([head, blocks]) => `${head}\n# A lab\n\n${blocks.join('\n')}`);

/** Generated labs: half plausible (replay goes deep), half wild (the parser's error paths). */
export const generatedLab = fc.oneof(plausibleLab, wildLab);

// ---------------------------------------------------------------- mutations

export type Mutation =
  | { kind: 'crlf' | 'cr-only' | 'bom' | 'strip-newlines' | 'tabs' }
  | { kind: 'truncate'; at: number }
  | { kind: 'delete-line' | 'duplicate-line'; at: number }
  | { kind: 'swap-lines'; at: number; with: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'replace-char'; at: number; text: string }
  | { kind: 'bytes'; at: number; bytes: number[] }
  | { kind: 'nul'; at: number }
  | { kind: 'huge-line'; at: number; length: number; unit: string }
  | { kind: 'indent'; at: number; by: number }
  | { kind: 'fence-info'; at: number; words: string[] };

/** Lines to insert: the format's own punctuation, where it does the most damage. */
const structuralLine = fc.oneof(
  fc.constantFrom('```', '```bash', '```bash id=x', '```expect', '```expect json', '```console', '~~~', '````', '---', '...', '# H', '## Set up', '> Hint:', '- item', '    ```bash', 'steps:', '  - id: x', 'format: 2', 'attempts: []', '- exit: 0', '  stdout: |', 'stdout: >', '&a [1]', '*a', '!!binary', '%TAG ! x', '? x', '<<: *a', 'key: value', '"unterminated', "'", '{', '[', '|', '|+', '|-9', '\t- tab'),
  stepBlock,
  expectBlock,
  frontmatterEntry,
);

/** Positions are naturals taken modulo the text's length when applied, so they shrink well. */
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom({ kind: 'crlf' } as const, { kind: 'cr-only' } as const, { kind: 'bom' } as const, { kind: 'strip-newlines' } as const, { kind: 'tabs' } as const),
  fc.nat().map((at) => ({ kind: 'truncate', at }) as const),
  fc.tuple(fc.constantFrom('delete-line', 'duplicate-line') as fc.Arbitrary<'delete-line' | 'duplicate-line'>, fc.nat()).map(([kind, at]) => ({ kind, at })),
  fc.tuple(fc.nat(), fc.nat()).map(([at, other]) => ({ kind: 'swap-lines', at, with: other }) as const),
  fc.tuple(fc.nat(), fc.oneof(oddText, structuralLine.map((line) => `\n${line}\n`))).map(([at, text]) => ({ kind: 'insert', at, text }) as const),
  fc.tuple(fc.nat(), oddText).map(([at, text]) => ({ kind: 'replace-char', at, text }) as const),
  fc.tuple(fc.nat(), fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 16 })).map(([at, bytes]) => ({ kind: 'bytes', at, bytes }) as const),
  fc.nat().map((at) => ({ kind: 'nul', at }) as const),
  fc.tuple(fc.nat(), fc.integer({ min: 1000, max: STRESS ? 150_000 : 60_000 }), fc.constantFrom('a', ' ', '`', '$', '{', '[..]', '-', '\\', '한', '=', '"', '|', '#')).map(([at, length, unit]) => ({ kind: 'huge-line', at, length, unit }) as const),
  fc.tuple(fc.nat(), fc.integer({ min: -4, max: 8 })).map(([at, by]) => ({ kind: 'indent', at, by }) as const),
  fc.tuple(fc.nat(), fc.array(attributeWord, { maxLength: 4 })).map(([at, words]) => ({ kind: 'fence-info', at, words }) as const),
);

/** Applies mutations in order to bytes (the file as written to disk). */
export function applyMutations(input: Uint8Array | string, mutations: readonly Mutation[]): Buffer {
  let bytes: Buffer = Buffer.from(input);
  for (const m of mutations) bytes = applyOne(bytes, m);
  return bytes;
}

function applyOne(bytes: Buffer, m: Mutation): Buffer {
  const text = () => bytes.toString('utf8');
  const lineList = () => text().split('\n');
  const pick = (n: number, length: number) => (length === 0 ? 0 : n % (length + 1));
  switch (m.kind) {
    case 'crlf':
      return Buffer.from(text().replace(/\r?\n/g, '\r\n'));
    case 'cr-only':
      return Buffer.from(text().replace(/\r?\n/g, '\r'));
    case 'bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
    case 'strip-newlines':
      return Buffer.from(text().replace(/\n/g, ' '));
    case 'tabs':
      return Buffer.from(text().replace(/^( {2})+/gm, (spaces) => '\t'.repeat(spaces.length / 2)));
    case 'truncate':
      return bytes.subarray(0, pick(m.at, bytes.length)); // may cut a UTF-8 sequence in half
    case 'delete-line':
    case 'duplicate-line': {
      const all = lineList();
      const index = m.at % all.length;
      if (m.kind === 'delete-line') all.splice(index, 1);
      else all.splice(index, 0, all[index]!);
      return Buffer.from(all.join('\n'));
    }
    case 'swap-lines': {
      const all = lineList();
      const a = m.at % all.length;
      const b = m.with % all.length;
      [all[a], all[b]] = [all[b]!, all[a]!];
      return Buffer.from(all.join('\n'));
    }
    case 'insert':
    case 'replace-char': {
      const chars = [...text()];
      const at = pick(m.at, chars.length);
      chars.splice(at, m.kind === 'replace-char' ? 1 : 0, m.text);
      return Buffer.from(chars.join(''));
    }
    case 'bytes': {
      const at = pick(m.at, bytes.length);
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(m.bytes), bytes.subarray(at)]);
    }
    case 'nul': {
      const at = pick(m.at, bytes.length);
      return Buffer.concat([bytes.subarray(0, at), Buffer.from([0]), bytes.subarray(at)]);
    }
    case 'huge-line': {
      const all = lineList();
      all.splice(m.at % (all.length + 1), 0, m.unit.repeat(Math.ceil(m.length / m.unit.length)));
      return Buffer.from(all.join('\n'));
    }
    case 'indent': {
      const all = lineList();
      const index = m.at % all.length;
      const line = all[index]!;
      all[index] = m.by >= 0 ? ' '.repeat(m.by) + line : line.replace(new RegExp(`^ {0,${-m.by}}`), '');
      return Buffer.from(all.join('\n'));
    }
    case 'fence-info': {
      const all = lineList();
      const fences = all.map((line, index) => (/^\s{0,3}(`{3,}|~{3,})\S/.test(line) ? index : -1)).filter((index) => index >= 0);
      if (fences.length === 0) return bytes;
      const index = fences[m.at % fences.length]!;
      all[index] = all[index]!.replace(/^(\s{0,3}(?:`{3,}|~{3,})\S*).*$/, (_, head: string) => `${head}${m.words.length ? ` ${m.words.join(' ')}` : ''}`);
      return Buffer.from(all.join('\n'));
    }
  }
}

/** Up to `max` mutations; mostly few, so most cases stay close to a real file and go deep. */
export const mutations = (max: number) => fc.array(mutation, { minLength: 1, maxLength: max });

// ---------------------------------------------------------------- the real corpus

export interface CorpusLab {
  /** Lab id below labs/, e.g. week1/node-ssh. */
  id: string;
  lab: string;
  fixture?: string;
}

function markdownBelow(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? markdownBelow(full) : entry.name.endsWith('.md') ? [full] : [];
  });
}

/** The bundled labs with their fixtures, and the test suite's own labs (fixture beside or under fixtures/). */
export function realCorpus(): CorpusLab[] {
  const corpus: CorpusLab[] = [];
  for (const file of markdownBelow(path.join(ROOT, 'labs'))) {
    const id = path.relative(path.join(ROOT, 'labs'), file).replace(/\.md$/, '');
    corpus.push({ id, lab: readFileSync(file, 'utf8'), fixture: readIfExists(path.join(ROOT, 'fixtures', `${id}.yaml`)) });
  }
  for (const file of markdownBelow(path.join(ROOT, 'test/samples'))) {
    const base = path.relative(path.join(ROOT, 'test/samples'), file).replace(/\.md$/, '');
    const id = `t/${base.replace(/[^A-Za-z0-9/_-]/g, '-')}`;
    const beside = readIfExists(file.replace(/\.md$/, '.fixture.yaml'));
    const walk = /walk\/labs\/(.+)\.md$/.exec(file);
    const mirrored = walk ? readIfExists(path.join(ROOT, 'test/samples/walk/fixtures', `${walk[1]}.yaml`)) : undefined;
    corpus.push({ id, lab: readFileSync(file, 'utf8'), fixture: beside ?? mirrored });
  }
  return corpus;
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
