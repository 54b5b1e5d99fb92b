// The two ways a hand-pasted output goes wrong in YAML, told in our words: output under
// `stdout: |` not indented deeper than `stdout:` (the library says "Implicit keys need to be on a
// single line" or "All mapping items must start at the same column"), and a forgotten `|`, which
// YAML takes as one plain line: the output's lines silently folded into one.
import type { Scalar } from 'yaml';
import { parseYamlSubset } from '../lab/yaml-subset.js';

const OUTPUT_KEY = /^(\s*)(?:-\s+)?(stdout|stderr):\s*[|>][-+0-9]*\s*$/;

/** When the YAML error at `line` (1-based) sits under a block-scalar output key, the fix in words. */
export function indentationHint(text: string, line: number): string | undefined {
  const lines = text.split('\n');
  const errorLine = lines[line - 1] ?? '';
  const errorIndent = errorLine.length - errorLine.trimStart().length;
  for (let index = line - 2; index >= 0 && index >= line - 200; index--) {
    const match = OUTPUT_KEY.exec(lines[index] ?? '');
    if (match) {
      const keyIndent = (lines[index] ?? '').indexOf(match[2]!);
      if (errorIndent > keyIndent) return undefined;
      return `the output under \`${match[2]}: |\` (line ${index + 1}) is not indented deeper than \`${match[2]}:\`; indent the output under \`${match[2]}: |\` by two more spaces than \`${match[2]}:\` (column ${keyIndent + 3})`;
    }
    const text = lines[index] ?? '';
    if (text.trim() && text.length - text.trimStart().length < errorIndent) return undefined;
  }
  return undefined;
}

/**
 * `stdout:` / `stderr:` values written as plain (or quoted) scalars over several lines: YAML folded
 * them into one. The yaml library is loaded only for a file outside the subset.
 */
export async function foldedOutputs(text: string): Promise<Array<{ key: string; line: number }>> {
  // The subset holds no plain scalar over several lines: a file it reads has nothing folded.
  if (parseYamlSubset(text)) return [];
  const { isPair, isScalar, LineCounter, parseDocument, visit } = (await import('../lab/yaml-data.js')).yamlLibrary();
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  const found: Array<{ key: string; line: number }> = [];
  visit(document, {
    Pair(_key, pair) {
      if (!isPair(pair) || !isScalar(pair.key) || !isScalar(pair.value)) return;
      const key = String((pair.key as Scalar).value);
      if (key !== 'stdout' && key !== 'stderr') return;
      const value = pair.value as Scalar;
      if (value.type !== 'PLAIN' || !value.range) return;
      const start = lineCounter.linePos(value.range[0]).line;
      const end = lineCounter.linePos(value.range[1]).line;
      if (end > start) found.push({ key, line: lineCounter.linePos(pair.key.range?.[0] ?? value.range[0]).line });
    },
  });
  return found;
}
