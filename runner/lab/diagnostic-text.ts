// A diagnostic as one line, the way compilers print them: `file:line:col: severity: message`.
// Always one line of plain text: a message quoting the lab's text (a YAML key, an engine's error)
// has its line breaks and control characters escaped, so editors and CI problem matchers read
// every diagnostic and a lab cannot send escape sequences to the terminal through one.
import { escapeControls } from '../expect/normalize.js';
import type { Diagnostic } from '../model/lab.js';

export function formatDiagnostic(diagnostic: Diagnostic, options: { rule?: boolean } = {}): string {
  const { file, line, column } = diagnostic.position;
  const rule = options.rule ? ` [${diagnostic.rule}]` : '';
  return `${escapeControls(file)}:${line}:${column}: ${diagnostic.severity}: ${escapeControls(diagnostic.message)}${rule}`;
}
