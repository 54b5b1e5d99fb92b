// parseYaml's problems are values, so they carry no stack trace: a broken file makes one Error per
// problem (a line of 150,000 `]` is 150,000 of them) and capturing stacks cost 2-4x the parse.
import { LineCounter } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseYaml, yamlSyntaxProblem } from '../../runner/lab/yaml-data.js';

describe('parseYaml on a file with very many problems', () => {
  it('makes its errors without stack traces, reports the first, and leaves Error.stackTraceLimit as it was', () => {
    const before = Error.stackTraceLimit;
    const document = parseYaml(`format: 1\nsteps:\n  - id: a\n${']'.repeat(20_000)}\n`, new LineCounter());
    expect(document.errors.length).toBeGreaterThan(10_000);
    expect(document.errors.every((error) => !/\n\s+at /.test(error.stack ?? ''))).toBe(true);
    expect(yamlSyntaxProblem(document)?.offset).toBe('format: 1\nsteps:\n  - id: a\n'.length);
    expect(Error.stackTraceLimit).toBe(before);
  });
});
