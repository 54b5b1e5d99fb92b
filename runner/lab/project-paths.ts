// Paths a lab gives that must stay inside its project: the frontmatter `fixture:` (relative to
// the project root) and each step's `cwd=` (relative to the lab's folder, where the session
// starts). Checked when a lab is loaded, so lint reports them with file:line and run, record and
// walk refuse the lab (exit 2) before anything runs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { escapeFromProject, findProjectRoot } from '../fs/project.js';
import type { Diagnostic, Lab } from '../model/lab.js';

export function projectPathDiagnostics(lab: Lab): Diagnostic[] {
  const root = findProjectRoot(path.dirname(lab.file));
  const diagnostics: Diagnostic[] = [];
  if (lab.meta.fixture !== undefined) {
    const why = escapeFromProject(lab.meta.fixture, root, root);
    if (why) {
      diagnostics.push({
        severity: 'error', rule: 'path-outside-project', position: { file: lab.displayPath, line: frontmatterLine(lab.file, 'fixture'), column: 1 },
        message: `fixture \`${lab.meta.fixture}\` ${why}: give a path relative to the project root, inside it (e.g. fixtures/week1/my-lab.yaml)`,
      });
    }
  }
  for (const step of lab.steps) {
    const cwd = step.attributes.cwd;
    if (cwd === undefined) continue;
    const why = escapeFromProject(cwd, path.dirname(lab.file), root, { allowRoot: true });
    if (!why) continue;
    const position = step.rawAttributes.find((attribute) => attribute.name === 'cwd')?.position ?? step.position;
    diagnostics.push({
      severity: 'error', rule: 'path-outside-project', position,
      message: `\`cwd=${cwd}\` ${why}: give a folder relative to the lab's folder that stays inside the project`,
    });
  }
  return diagnostics;
}

/** Line of a top-level frontmatter key (1 when the file cannot be read again). */
function frontmatterLine(file: string, key: string): number {
  try {
    const lines = readFileSync(file, 'utf8').split('\n');
    if (lines[0]?.trim() !== '---') return 1;
    for (let index = 1; index < lines.length && lines[index]?.trim() !== '---'; index++) {
      if (new RegExp(`^${key}\\s*:`).test(lines[index] ?? '')) return index + 1;
    }
  } catch {
    // reported by the loader
  }
  return 1;
}
