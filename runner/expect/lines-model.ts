// The two sides of a `lines` comparison, prepared once: expected lines (patterns and `...`
// elisions) and actual lines (raw for display, collapsed for comparison).
import { collapseWhitespace, trimBlankEdges } from './normalize.js';
import { compileLinePattern, ELISION, type LinePattern } from './line-pattern.js';

export type ExpectedLine = { kind: 'elision'; raw: string } | { kind: 'line'; raw: string; pattern: LinePattern };

export interface ActualLine {
  raw: string;
  collapsed: string;
}

export function prepareExpected(body: string): ExpectedLine[] {
  const lines = trimBlankEdges(body.split('\n'), (line) => line.trim() === '');
  return lines.map((raw) =>
    raw.trim() === ELISION ? { kind: 'elision', raw } : { kind: 'line', raw, pattern: compileLinePattern(raw) },
  );
}

export function prepareActual(output: string): ActualLine[] {
  const lines = output.split('\n').map((raw) => ({ raw, collapsed: collapseWhitespace(raw) }));
  return trimBlankEdges(lines, (line) => line.collapsed === '');
}
