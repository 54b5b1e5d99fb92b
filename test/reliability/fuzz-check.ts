// One fuzz case end to end: a lab (and maybe its fixture) on disk, then `lab lint`, `lab list` and
// `lab run` (replay) in-process, each held to the oracle, and the three held to each other.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { displayPathFor, loadLab } from '../../runner/lab/index.js';
import { cli, count, describeOutcome, expectWellBehaved, lineCount, namesAFileAndLine, parseLintOutput, type CliOutcome, type LintLine, type Project } from './fuzz-harness.js';

let caseNumber = 0;

export interface CaseFiles {
  lab: string;
  fixture: string;
}

export interface CaseOutcomes {
  diagnostics: LintLine[];
  lint: CliOutcome;
  list: CliOutcome;
  run: CliOutcome;
}

/** Runs the three commands on one lab file and checks what must hold for any input. */
export async function checkLabCase(project: Project, files: CaseFiles): Promise<CaseOutcomes> {
  const labShown = displayPathFor(files.lab);
  const fixtureShown = displayPathFor(files.fixture);
  // A problem may also be in a file a `fixture:` override names, anywhere in the project.
  const named = [labShown, fixtureShown, `${project.root}${path.sep}`];
  // Diagnostics may name the lab, its fixture, or a `fixture:` override elsewhere in the project.
  const linesOf = (file: string) => (file === labShown || file === fixtureShown || path.resolve(file).startsWith(project.root + path.sep) ? lineCount(file) : undefined);

  // What the parser alone says (run refuses a lab with parse errors: exit 2).
  let parseErrors = 0;
  try {
    parseErrors = (await loadLab(files.lab)).diagnostics.filter((d) => d.severity === 'error').length;
  } catch (error) {
    throw new Error(`loadLab threw on ${files.lab}: ${(error as Error).stack}\n${preview(files.lab)}`);
  }

  const lint = await cli(['lint', files.lab]);
  expectWellBehaved(lint, named, [0, 1]);
  const diagnostics = parseLintOutput(lint, linesOf);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  expect(lint.code, describeOutcome(lint)).toBe(errors.length > 0 ? 1 : 0);
  expect(lint.stderr, describeOutcome(lint)).toMatch(/^1 lab checked: \d+ errors?, \d+ warnings?\n$/);

  // `lab list` and `lab list --json` on alternate cases (both read every lab and fixture the same way).
  const asJson = ++caseNumber % 2 === 0;
  const list = await cli(asJson ? ['list', '--json', files.lab] : ['list', files.lab]);
  expectWellBehaved(list, named, [0]);
  if (list.stdout.includes('fixture unreadable')) {
    expect(namesAFileAndLine(list.stdout, named), `list says the fixture is unreadable without saying where\n${describeOutcome(list)}`).toBe(true);
  }
  if (asJson) {
    const rows = JSON.parse(list.stdout) as Array<{ file: string; errors: number }>;
    expect(rows, describeOutcome(list)).toHaveLength(1);
    expect(rows[0]!.errors, describeOutcome(list)).toBe(parseErrors);
  }

  const run = await cli(['run', '--no-color', files.lab]);
  expectWellBehaved(run, named);
  if (parseErrors > 0) {
    expect(run.code, `the lab has parse errors, so run must refuse it (exit 2)\n${describeOutcome(run)}`).toBe(2);
  } else if (errors.some((d) => d.rule === 'fixture-invalid')) {
    expect(run.code, `lint found the fixture unreadable, so run must exit 2\n${describeOutcome(lint)}\n${describeOutcome(run)}`).toBe(2);
  }
  if (lint.code === 0) expect([0, 1], `lint is clean, so replay can only pass or fail a step\n${describeOutcome(run)}`).toContain(run.code);
  count(`lint exit ${lint.code}`);
  count(`run exit ${run.code}`);
  if (/^ {2}[✓✗] \S+ .*\brecorded \d/m.test(run.stdout)) count('run replayed steps');
  if (/^\s+✓ /m.test(run.stdout)) count('run passed a step');
  if (parseErrors > 0) count('lab with parse errors');
  return { diagnostics, lint, list, run };
}

function preview(file: string): string {
  const text = readFileSync(file, 'utf8');
  return JSON.stringify(text.length > 2000 ? `${text.slice(0, 2000)}…` : text);
}
