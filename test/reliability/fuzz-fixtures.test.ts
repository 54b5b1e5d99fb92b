// Property-based fuzzing of bad fixtures: the real fixtures truncated, retyped, missing fields, at
// the wrong format version, hand-edited (block scalars, quotes, anchors, tags, duplicate keys),
// and arbitrary YAML. `lab lint`, `lab list` and `lab run` (replay) must end with 0, 1 or 2, never
// throw or print a stack trace, and name the fixture file and line when they cannot read it.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { displayPathFor } from '../../runner/lab/index.js';
import { lab as labProcess } from '../helpers/cli.js';
import { checkLabCase, type CaseOutcomes } from './fuzz-check.js';
import { applyEdits, applyHandEdits, edit, handEdit } from './fuzz-fixture-generators.js';
import { applyMutations, mutations, oddText, realCorpus } from './fuzz-generators.js';
import { count, describeOutcome, expectWellBehaved, printTally, Project, property, runs, STRESS } from './fuzz-harness.js';

const corpus = realCorpus().filter((entry) => entry.fixture !== undefined);
const TIMEOUT = STRESS ? 900_000 : 60_000;
let project: Project;

beforeAll(() => {
  process.env.NO_COLOR = '1';
  project = new Project('fuzz-fixtures');
});
afterAll(() => {
  project.remove();
  printTally('fuzz-fixtures');
});

/** A fixture lint could not read must be named, with a line, by run as well. */
function expectFixtureNamed(outcomes: CaseOutcomes, fixture: string): void {
  const unreadable = outcomes.diagnostics.some((d) => d.rule === 'fixture-invalid');
  if (!unreadable) return;
  count('fixture unreadable');
  const shown = displayPathFor(fixture);
  for (const outcome of [outcomes.lint, outcomes.run]) {
    const text = `${outcome.stdout}\n${outcome.stderr}`;
    expect(text.includes(shown), `the unreadable fixture is not named\n${describeOutcome(outcome)}`).toBe(true);
  }
}

// Cases name a lab by id (readable counterexamples); its text is looked up.
const byId = new Map(corpus.map((item) => [item.id, item]));
const entry = fc.constantFrom(...corpus.map((item) => item.id));

describe('fuzzing fixtures: lint, list and run never crash on a bad fixture', () => {
  it('real fixtures with fields deleted, retyped, duplicated, unknown, at the wrong version', async () => {
    const arbitrary = fc.record({ entry, edits: fc.array(edit, { minLength: 1, maxLength: 3 }) });
    await property('structurally edited fixtures', 0xf1c5, runs(80, 1500), arbitrary, async ({ entry: id, edits }) => {
      const chosen = byId.get(id)!;
      const files = project.write(chosen.id, chosen.lab, applyEdits(chosen.fixture!, edits));
      expectFixtureNamed(await checkLabCase(project, files), files.fixture);
    });
  }, TIMEOUT);

  it('real fixtures hand-edited and damaged as text (truncation, CRLF, NUL, binary, huge lines)', async () => {
    const arbitrary = fc.record({ entry, hand: fc.array(handEdit, { maxLength: 3 }), mutations: fc.oneof(fc.constant([]), mutations(3)) });
    await property('hand-edited and damaged fixtures', 0xf1c6, runs(60, 1500), arbitrary, async ({ entry: id, hand, mutations: list }) => {
      const chosen = byId.get(id)!;
      const files = project.write(chosen.id, chosen.lab, applyMutations(applyHandEdits(chosen.fixture!, hand), list));
      expectFixtureNamed(await checkLabCase(project, files), files.fixture);
    });
  }, TIMEOUT);

  it('arbitrary YAML in place of a fixture', async () => {
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc.record({ format: fc.constantFrom(1, 2, '1'), lab: oddText, steps: fc.array(fc.dictionary(fc.constantFrom('id', 'provenance', 'sourceHash', 'command', 'attempts', 'hosts'), fc.jsonValue({ maxDepth: 2 })), { maxLength: 3 }) }, { requiredKeys: [] }),
    );
    const arbitrary = fc.record({ entry, value, flow: fc.boolean() });
    await property('arbitrary YAML fixtures', 0xf1c7, runs(40, 1000), arbitrary, async ({ entry: id, value: data, flow }) => {
      const chosen = byId.get(id)!;
      const text = flow ? JSON.stringify(data) : stringify(data, { lineWidth: 0 });
      const files = project.write(chosen.id, chosen.lab, text);
      expectFixtureNamed(await checkLabCase(project, files), files.fixture);
    });
  }, TIMEOUT);

  it('through the real CLI process: exit codes and stderr', async () => {
    const arbitrary = fc.record({ entry, edits: fc.array(edit, { maxLength: 2 }), hand: fc.array(handEdit, { maxLength: 2 }), mutations: fc.oneof(fc.constant([]), mutations(2)), command: fc.constantFrom('lint', 'list', 'run') });
    await property('fixtures via the CLI process', 0xf1c8, runs(5, 60), arbitrary, async ({ entry: id, edits, hand, mutations: list, command }) => {
      const chosen = byId.get(id)!;
      const files = project.write(`proc/${chosen.id}`, chosen.lab, applyMutations(applyHandEdits(applyEdits(chosen.fixture!, edits), hand), list));
      const result = await labProcess([command, files.lab]);
      const outcome = { argv: [command, files.lab], code: result.code, stdout: result.stdout, stderr: result.stderr };
      expectWellBehaved(outcome, [files.lab, files.fixture], command === 'list' ? [0] : command === 'lint' ? [0, 1] : [0, 1, 2]);
    });
  }, TIMEOUT);
});
