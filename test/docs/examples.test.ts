// The format reference is itself a lab, and every ````markdown example in it parses clean:
// what an author copies from the docs works.
import { readFileSync } from 'node:fs';
import { Lexer, type Tokens } from 'marked';
import { describe, expect, it } from 'vitest';
import { lintLab } from '../../runner/lab/lint.js';
import { parseLab } from '../../runner/lab/parse.js';

const doc = readFileSync(new URL('../../docs/lab-format.md', import.meta.url), 'utf8');

describe('docs/lab-format.md', () => {
  it('parses as a lab without errors, with the steps it shows', async () => {
    const { lab, diagnostics } = parseLab(doc, 'docs/lab-format.md');
    const errors = [...diagnostics, ...(await lintLab(lab))].filter((d) => d.severity === 'error');
    expect(errors).toEqual([]);
    expect(lab.steps.map((s) => s.id)).toEqual(expect.arrayContaining(['wait-active', 'describe', 'nodes-ready', 'no-such-pod', 'node-ips', 'check-cgroup', 'versions']));
  });

  const examples = Lexer.lex(doc).filter((t): t is Tokens.Code => t.type === 'code' && t.lang === 'markdown');
  it('has markdown examples', () => expect(examples.length).toBeGreaterThanOrEqual(2));
  for (const [index, example] of examples.entries()) {
    it(`example ${index + 1} lints without errors`, async () => {
      const { lab, diagnostics } = parseLab(example.text, `example-${index + 1}.md`);
      expect([...diagnostics, ...(await lintLab(lab))].filter((d) => d.severity === 'error')).toEqual([]);
      expect(lab.steps.length).toBeGreaterThan(0);
    });
  }
});
