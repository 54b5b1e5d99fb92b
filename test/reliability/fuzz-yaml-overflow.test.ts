// Regression for a bug the stress fuzzing found: with less stack left (in-process, deep in a
// call chain), yaml's parseDocument on brackets nested thousands deep threw RangeError itself
// instead of returning a document error. How deep that happens depends on the stack in use, so
// the throw is simulated here; fuzz-regressions.test.ts checks the message end to end.
import { LineCounter } from 'yaml';
import { describe, expect, it, vi } from 'vitest';
import { parseYaml, yamlLibrary, yamlSyntaxProblem } from '../../runner/lab/yaml-data.js';

// The runner takes the library through yamlLibrary() (loaded on first use): its parseDocument is
// the one replaced, throwing for the text below as the real one does when the stack runs out.
const library = yamlLibrary();
const parseDocument = library.parseDocument;
vi.spyOn(library, 'parseDocument').mockImplementation(((text: string, options?: object) => {
  if (text.startsWith('# overflow')) throw new RangeError('Maximum call stack size exceeded');
  return parseDocument(text, options);
}) as typeof parseDocument);

describe('parseYaml when the yaml parser overflows the stack', () => {
  it('returns a document whose one error says it nests too deeply, at the deepest bracket, with every line counted', () => {
    const lineCounter = new LineCounter();
    const text = '# overflow\nsteps:\n  - {a: [{b: [[[1]]]}]}\nlast: line\n';
    const document = parseYaml(text, lineCounter);
    const problem = yamlSyntaxProblem(document);
    expect(problem?.problem).toBe('it nests too deeply (brackets or indentation inside each other)');
    expect(lineCounter.linePos(problem!.offset)).toEqual({ line: 3, col: 16 });
    expect(lineCounter.linePos(text.indexOf('last'))).toEqual({ line: 4, col: 1 });
  });
});
