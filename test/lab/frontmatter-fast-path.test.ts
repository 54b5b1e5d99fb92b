// The frontmatter's fast path (the YAML subset reader, key lines found by a scan) must give exactly
// what the yaml document path gives: the same meta, variable lines, fixture position and
// diagnostics, for every lab and sample in the repository and the EKS Workshop corpus, under both
// profiles, and for generated frontmatter with the places a line scan could go wrong.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { findFrontmatter, readFrontmatter, readFrontmatterDocument, type FrontmatterBlock } from '../../runner/lab/frontmatter.js';
import { parseYamlSubset } from '../../runner/lab/yaml-subset.js';

const root = path.resolve(import.meta.dirname, '../..');
const CORPUS = '/work/shared/corpus/eks-workshop-v2';

function markdownFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.mdx?$/.test(name))
    .map((name) => path.join(dir, name));
}

function blockOf(source: string): FrontmatterBlock | undefined {
  const found = findFrontmatter(source.replace(/\r\n?/g, '\n'));
  return found && !('unterminated' in found) ? found : undefined;
}

function block(yaml: string): FrontmatterBlock {
  return { yaml, firstLine: 2, bodyOffset: 0 };
}

describe('frontmatter fast path', () => {
  it('reads every lab, sample and corpus page exactly as the yaml document path does', () => {
    let fast = 0;
    let compared = 0;
    const files = [...markdownFiles(path.join(root, 'labs')), ...markdownFiles(path.join(root, 'test/samples')), ...markdownFiles(CORPUS)];
    for (const file of files) {
      const found = blockOf(readFileSync(file, 'utf8'));
      if (!found) continue;
      for (const profile of ['native', 'eks-workshop'] as const) {
        const shown = path.relative(root, file);
        const result = readFrontmatter(found, shown, profile);
        const document = readFrontmatterDocument(found, shown, profile);
        // Where the yaml library's stack runs out depends on the stack it starts from: not a fact to compare.
        if (document.diagnostics.some((d) => /nests too deeply/.test(d.message))) continue;
        expect(result, `${shown} (${profile})`).toEqual(document);
        compared++;
        if (parseYamlSubset(found.yaml) && result.diagnostics.length === 0) fast++;
      }
    }
    expect(compared).toBeGreaterThan(100);
    // Not vacuous: much of it takes the fast path (the corpus pages under the native profile do not: Docusaurus keys).
    expect(fast).toBeGreaterThan(compared / 3);
  });

  it('takes the fast path for every bundled lab', () => {
    for (const file of markdownFiles(path.join(root, 'labs'))) {
      const found = blockOf(readFileSync(file, 'utf8'))!;
      expect(parseYamlSubset(found.yaml), file).toBeDefined();
      expect(readFrontmatter(found, file).diagnostics, file).toEqual([]);
    }
  });

  it('finds key lines past block scalars, comments and nested maps that name the same keys', () => {
    const yaml = [
      'description: |',
      '  fixture: not this one',
      '  vars:',
      '    REGION: nor this',
      '# vars: a comment',
      'vars:',
      '    # a comment at the variables\' indentation',
      '    CLUSTER:',
      '        description: |',
      '            REGION: inside a block scalar',
      '        default: demo',
      '',
      '    REGION: us-west-2',
      '    REGION_B: b',
      'requires:',
      '- fixture',
      'fixture: ../fixtures/x.yaml',
      '',
    ].join('\n');
    const fast = readFrontmatter(block(yaml), 'x.md');
    expect(parseYamlSubset(yaml)).toBeDefined();
    expect(fast).toEqual(readFrontmatterDocument(block(yaml), 'x.md', 'native'));
    expect(fast.variableLines).toEqual({ CLUSTER: 9, REGION: 14, REGION_B: 15 });
    expect(fast.meta.fixturePosition).toEqual({ file: 'x.md', line: 18, column: 1 });
  });

  it('leaves every problem to the document path, with its position', () => {
    const cases = [
      'title: x\ntitel: y\n', // unknown key (a schema problem)
      'vars:\n  1BAD: x\n', // a bad variable name
      'redact:\n  - "(unclosed"\n', // a redact rule that is no regex
      'title: [a\n', // not YAML
      'order: fast\n', // wrong type
    ];
    for (const yaml of cases) {
      const result = readFrontmatter(block(yaml), 'x.md');
      expect(result.diagnostics.length, yaml).toBeGreaterThan(0);
      expect(result, yaml).toEqual(readFrontmatterDocument(block(yaml), 'x.md', 'native'));
    }
  });

  it('agrees with the document path on generated frontmatter', () => {
    const name = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,5}$/);
    const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('a: b', 'X: y', '# c', 'fixture: z', '', ' ', 'multi\nline\n  X: 1\n'));
    const spec = fc.oneof(
      text,
      fc.integer(),
      fc.constant(null),
      fc.record({ default: fc.option(text, { nil: undefined }), description: fc.option(text, { nil: undefined }), secret: fc.option(fc.boolean(), { nil: undefined }) }, { requiredKeys: [] }),
    );
    const frontmatter = fc.record(
      {
        title: text,
        description: text,
        vars: fc.dictionary(name, spec, { maxKeys: 4 }),
        requires: fc.array(text, { maxLength: 2 }),
        fixture: text,
        order: fc.integer(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(frontmatter, fc.constantFrom(2, 4), fc.boolean(), (data, indent, comments) => {
        let yaml = stringify(data, { indent, lineWidth: 0 });
        if (comments) yaml = yaml.replace(/^(\s*)(\w+):/gm, '$1# $2: a comment\n$1$2:');
        const found = block(yaml);
        expect(readFrontmatter(found, 'x.md')).toEqual(readFrontmatterDocument(found, 'x.md', 'native'));
      }),
      { numRuns: 300 },
    );
  });
});
