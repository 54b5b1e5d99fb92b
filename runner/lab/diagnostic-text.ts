// A diagnostic as one line, the way compilers print them: `file:line:col: severity: message`.
import type { Diagnostic } from './model.js';

export function formatDiagnostic(diagnostic: Diagnostic, options: { rule?: boolean } = {}): string {
  const { file, line, column } = diagnostic.position;
  const rule = options.rule ? ` [${diagnostic.rule}]` : '';
  return `${file}:${line}:${column}: ${diagnostic.severity}: ${diagnostic.message}${rule}`;
}
