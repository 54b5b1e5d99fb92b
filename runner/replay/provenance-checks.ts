// A transcribed output is a claim about a real run somewhere else: it must say where, so a reader
// (and `npm run check:sources`) can compare it with the original. Without a source it cannot be
// told from an output written by hand.
import type { Diagnostic } from '../model/lab.js';
import type { Fixture } from './model.js';

const URL = /^https?:\/\//;

/** `lines` are the fixture file's lines, to point at the entry's `id:`. */
export function provenanceDiagnostics(fixture: Fixture, displayPath: string, lines: readonly string[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const entry of fixture.steps) {
    if (entry.provenance !== 'transcribed') continue;
    const from = entry.source?.from;
    const missing = !from ? 'no `source:`' : !URL.test(from) && entry.source?.line === undefined ? '`source:` with no `line:`' : undefined;
    if (!missing) continue;
    const index = lines.findIndex((text) => /^\s*-?\s*id:\s*['"]?(.*?)['"]?\s*$/.exec(text)?.[1] === entry.id);
    diagnostics.push({
      severity: 'error', rule: 'transcribed-without-source', position: { file: displayPath, line: index + 1 || 1, column: 1 },
      message: `fixture entry \`${entry.id}\` is \`transcribed\` with ${missing}: name where the output was copied from (\`source: { from: FILE, line: N, date: YYYY-MM-DD }\`, or a URL), or mark it \`synthesized\` with a note`,
    });
  }
  return diagnostics;
}
