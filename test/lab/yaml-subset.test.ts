// The fast YAML reader must never disagree with the yaml library: for any text it reads, it gives
// exactly what yaml.parse gives; for anything else it declines (undefined) and the caller reads
// the text with the library.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parse, parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseYamlSubset } from '../../runner/lab/yaml-subset.js';
import { canonicalFixture, fixtureToYaml } from '../../runner/replay/yaml-text.js';
import type { Fixture } from '../../runner/replay/model.js';

const root = path.resolve(import.meta.dirname, '../..');

/** What the yaml library reads, or undefined when it reports an error. */
function library(text: string): { data: unknown } | undefined {
  const document = parseDocument(text, { uniqueKeys: true, logLevel: 'silent' });
  if (document.errors.length > 0) return undefined;
  return { data: document.toJS() };
}

/** Output-like text: lines of words, quotes, colons, hashes, indentation, blank and spaced lines. */
const outputText = fc
  .array(
    fc.oneof(
      fc.constantFrom('', ' ', '  ', '   x', 'NAME   READY', 'key: value', '- item', '# hash', '"quoted"', "it's", '|', '>', '---', '...', '{a: 1}', '[x]', 'tab\there', 'trailing ', '한국어', '\\n', 'a: "b"', '*alias', '&anchor', '!tag', '%dir', '@', '`'),
      fc.string({ maxLength: 12 }),
    ),
    { maxLength: 6 },
  )
  .map((lines) => lines.join('\n'))
  .chain((text) => fc.constantFrom(text, `${text}\n`, `${text}\n\n`, `  ${text}`, `\n${text}`));

const scalar = fc.oneof(outputText, fc.integer({ min: -1e6, max: 1e6 }), fc.constantFrom(true, false, null, 0, 1.5, -0.25, '1.5', '0x1f', '1e3', 'true', 'null', '~', '', '007', '+1', '.inf', 'yes', '2026-03-16T05:50:00Z'));

const attempt = fc.record({ exit: fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constant(null)), durationMs: fc.nat(100_000), stdout: outputText, stderr: outputText });

const fixture = fc.record({
  format: fc.constant(1 as const),
  lab: fc.constantFrom('week1/a', 'x'),
  labHash: fc.stringMatching(/^[0-9a-f]{16}$/),
  recordedAt: fc.constant('2026-03-16T05:50:00Z'),
  runner: fc.constant('0.1.0'),
  redactions: fc.array(fc.record({ rule: fc.constantFrom('AWS_KEY', 'RULE_1'), count: fc.nat(9) }), { maxLength: 2 }),
  steps: fc.uniqueArray(
    fc.record({
      id: fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/),
      provenance: fc.constantFrom('recorded' as const, 'transcribed' as const, 'synthesized' as const),
      sourceHash: fc.stringMatching(/^[0-9a-f]{0,16}$/),
      command: outputText,
      variables: fc.option(fc.dictionary(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,6}$/), outputText, { maxKeys: 3 }), { nil: undefined }),
      attempts: fc.array(attempt, { maxLength: 3 }),
    }),
    { selector: (step) => step.id, maxLength: 4 },
  ),
});

describe('parseYamlSubset', () => {
  it('reads every fixture lab writes exactly as the yaml library does', () => {
    let read = 0;
    fc.assert(
      fc.property(fixture, (generated) => {
        const text = fixtureToYaml(canonicalFixture(generated as Fixture), ' a header\n more');
        const quick = parseYamlSubset(text);
        // Text no block scalar or one-line quote can hold is the subset's to decline, never to misread.
        if (quick) {
          read++;
          expect(quick.data).toStrictEqual(parse(text));
        }
      }),
      { numRuns: 150 },
    );
    // The fast path is the common path, not a rare one.
    expect(read).toBeGreaterThan(75);
  });

  it('never reads YAML-like text differently from the yaml library', () => {
    const line = fc.oneof(
      fc.constantFrom('a:', 'a: 1', 'b: x', 'b: "q\\tx"', 'b: "\\ x\\e\\x41\\u00e9\\U0001F600\\/\\\\"', 'b: "\\q"', 'b: "\\U00110000"', "c: 'it''s'", '- 1', '- a: b', '  - x', '  c: d', '- - x', 'k: |', 'k: |-', 'k: |+', 'k: |2', 'k: >', '  text', '    more', '', '  ', '# c', 'a: 1 # c', 'a: [1]', 'a: {}', 'a: []', 'a: &x 1', 'b: *x', 'a: 0o7', 'a: 1e3', 'a: .5', 'a: -3', 'a: 1.50', 'a: True', 'a: ~', 'x: a: b', 'a:b', '---', '\ta: 1', 'a:\t1', '? a', 'a: "x', "a: 'x", 'key.name: v', 'a: b c', 'a: b:', 'a: http://x',
        'a: [x, y]', 'a: [ 1, true, ~ ]', "a: ['x, y', \"z\"]", 'a: [x,]', 'a: [x, [y]]', 'a: [a: b]', 'a: [it\'s]', 'a: [x] # c', 'a: [x',
        'a: { k: v, n: 1 }', "a: { k: 'v, w' }", 'a: {k: v}', 'a: { k: v, k: w }', 'a: { k:v }', 'a: { k: }', '- { name: X, pattern: \'\\b[0-9A-F]{32}\\b\' }',
        'k: >-', 'k: >+', 'k: >2', '  two words', '   more indented', '  trailing ', '  \tx'),
      fc.string({ maxLength: 8 }),
    );
    let read = 0;
    fc.assert(
      fc.property(fc.array(line, { maxLength: 10 }), fc.boolean(), (lines, newline) => {
        const text = lines.join('\n') + (newline ? '\n' : '');
        const quick = parseYamlSubset(text);
        if (!quick) return;
        read++;
        const expected = library(text);
        expect(expected, text).toBeDefined();
        expect(quick.data, text).toStrictEqual(expected!.data);
      }),
      { numRuns: 3000 },
    );
    expect(read).toBeGreaterThan(30);
  });

  it('declines what it does not know, for the yaml library to read or to explain', () => {
    for (const text of [
      'a: &x 1\nb: *x\n', 'a: !!str 1\n', 'a: [1, [2]]\n', 'a: [1,\n  2]\n', 'a: >\n  folded\n    more indented\n', 'a: >\n\n  leading empty line\n', 'a: one\n  two\n', 'a: 1 # why\n', 'a: 1\na: 2\n',
      'a: 0x1f\n', 'a: 1e3\n', 'a: 007\n', 'a: .inf\n', '\ta: 1\n', 'a: "two\n  lines"\n', '--- \na: 1\n', '', '# only a comment\n',
      'cr: x\r\n', 'a: |\n  no newline at the end',
    ]) {
      expect(parseYamlSubset(text), JSON.stringify(text)).toBeUndefined();
    }
  });

  it('reads block scalars with each chomping and an indentation indicator', () => {
    const text = 'a: |\n  x\n\n  y\n\n\nb: |-\n  x\nc: |+\n  x\n\n\nd: |2-\n     indented\n    less\ne:\n- |\n  in a list\n- k: |\n    in a map in a list\n';
    expect(parseYamlSubset(text)!.data).toStrictEqual(parse(text));
    expect(parse(text)).toMatchObject({ a: 'x\n\ny\n', b: 'x', c: 'x\n\n\n', d: '   indented\n  less' });
  });

  it('reads folded scalars of plain paragraphs and one-line flow collections of scalars', () => {
    const text = [
      'a: >-', '  one', '  two', '', '  three', '', '', '  four', 'b: >', '  x', '', 'c: >+', '  y', '', '',
      'requires: [git, terraform, aws, 1, true, "q, r", \'it\'\'s\']',
      'redact:', "  - { name: EKS_ENDPOINT_ID, pattern: '\\b[0-9A-F]{32}\\b' }", '  - {name: B, pattern: "x"}', '',
    ].join('\n');
    expect(parseYamlSubset(text)!.data).toStrictEqual(parse(text));
    expect(parse(text)).toMatchObject({ a: 'one two\nthree\n\nfour', b: 'x\n', c: 'y\n\n\n', requires: ['git', 'terraform', 'aws', 1, true, 'q, r', "it's"] });
  });

  it('reads every fixture of the catalogue without the yaml library', () => {
    const dir = path.join(root, 'fixtures');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      expect(parseYamlSubset(text)?.data, file).toStrictEqual(parse(text));
    }
  });
});
