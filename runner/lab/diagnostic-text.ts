// A diagnostic as one line, the way compilers print them: `file:line:col: severity: message`.
// Always one line: a message quoting the lab's text (a YAML key, an engine's error) has its line
// breaks escaped, so editors and CI problem matchers read every diagnostic.
import { escapeLineBreaks } from '../expect/normalize.js';
import type { Diagnostic } from './model.js';

export function formatDiagnostic(diagnostic: Diagnostic, options: { rule?: boolean } = {}): string {
  const { file, line, column } = diagnostic.position;
  const rule = options.rule ? ` [${diagnostic.rule}]` : '';
  return `${escapeLineBreaks(file)}:${line}:${column}: ${diagnostic.severity}: ${escapeLineBreaks(diagnostic.message)}${rule}`;
}
