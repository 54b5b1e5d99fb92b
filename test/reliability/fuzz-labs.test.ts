// Property-based fuzzing of bad labs: generated labs, and the real labs mutated (CRLF, NUL, binary
// junk, truncation, huge lines, Unicode, broken fences and frontmatter). `lab lint`, `lab list`
// and `lab run` (replay) must always end with 0, 1 or 2, never throw, never print a stack trace,
// and name the file and line of any problem. LAB_STRESS=1 scales the case counts up.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseLab } from '../../runner/lab/parse.js';
import { lab as labProcess } from '../helpers/cli.js';
import { checkLabCase } from './fuzz-check.js';
import { applyMutations, generatedLab, mutations, nastyOutput, oddText, realCorpus } from './fuzz-generators.js';
import { expectWellBehaved, namesAFileAndLine, printTally, Project, property, runs, STRESS } from './fuzz-harness.js';

const corpus = realCorpus();
// Real labs are named by id in a case (readable counterexamples); their text is looked up.
const byId = new Map(corpus.map((entry) => [entry.id, entry]));
const labId = fc.constantFrom(...corpus.map((entry) => entry.id));
const TIMEOUT = STRESS ? 900_000 : 60_000;
let project: Project;

beforeAll(() => {
  process.env.NO_COLOR = '1';
  project = new Project('fuzz-labs');
});
afterAll(() => {
  project.remove();
  printTally('fuzz-labs');
});

/** A fixture that matches the lab as generated (so replay goes deep), with arbitrary outputs. */
function fixtureFor(text: string, outputs: readonly string[], exits: readonly number[]): string {
  const { lab } = parseLab(text, 'fuzz.md');
  let k = 0;
  const next = <T>(items: readonly T[], fallback: T) => (items.length ? items[k++ % items.length]! : fallback);
  return stringify({
    format: 1, lab: lab.meta.id, labHash: lab.sourceHash, recordedAt: '2026-01-01T00:00:00.000Z', runner: '0.1.0', redactions: [],
    steps: lab.steps.map((step) => ({
      id: step.id, provenance: 'synthesized', sourceHash: step.sourceHash, command: step.command,
      attempts: Array.from({ length: Math.max(1, step.attributes.retry ?? 1) % 4 }, () => ({
        exit: typeof step.attributes.exit === 'number' ? step.attributes.exit : next(exits, 0), durationMs: 5, stdout: step.expectations[0]?.text && k % 3 !== 0 ? `${step.expectations[0].text}\n` : next(outputs, ''), stderr: next(outputs, ''),
      })),
      ...(step.attributes.hosts ? { hosts: [{ host: 'h1', attempts: [{ exit: 0, durationMs: 1, stdout: next(outputs, ''), stderr: '' }] }], attempts: [] } : {}),
    })),
  });
}

describe('fuzzing labs: lint, list and run never crash on bad input', () => {
  it('generated labs, with a matching fixture, sometimes mutated', async () => {
    const arbitrary = fc.record({
      lab: generatedLab,
      withFixture: fc.boolean(),
      outputs: fc.array(fc.oneof({ weight: 3, arbitrary: oddText }, nastyOutput), { maxLength: 4 }),
      exits: fc.oneof(fc.constant([]), fc.array(fc.constantFrom(0, 0, 0, 1, 2, 255), { maxLength: 3 })),
      mutations: fc.oneof(fc.constant([]), mutations(3)),
    });
    await property('generated labs', 0x1ab5, runs(120, 2500), arbitrary, async (value) => {
      const fixture = value.withFixture ? fixtureFor(value.lab, value.outputs, value.exits) : undefined;
      const files = project.write('gen/fuzz', applyMutations(value.lab, value.mutations), fixture);
      await checkLabCase(project, files);
    });
  }, TIMEOUT);

  it('the real labs, mutated, with their real fixtures', async () => {
    const arbitrary = fc.record({ id: labId, mutations: mutations(4) });
    await property('mutated real labs', 0x5eed, runs(60, 1500), arbitrary, async ({ id, mutations: list }) => {
      const entry = byId.get(id)!;
      const files = project.write(entry.id, applyMutations(entry.lab, list), entry.fixture);
      await checkLabCase(project, files);
    });
  }, TIMEOUT);

  it('through the real CLI process: exit codes and stderr', async () => {
    const arbitrary = fc.record({
      source: fc.oneof(generatedLab, labId),
      mutations: mutations(3),
      command: fc.constantFrom('lint', 'list', 'run'),
    });
    await property('labs via the CLI process', 0xc11, runs(5, 60), arbitrary, async ({ source: chosen, mutations: list, command }) => {
      const source = byId.get(chosen)?.lab ?? chosen;
      const files = project.write('proc/fuzz', applyMutations(source, list));
      const result = await labProcess([command, files.lab]);
      const outcome = { argv: [command, files.lab], code: result.code, stdout: result.stdout, stderr: result.stderr };
      expectWellBehaved(outcome, [files.lab], command === 'list' ? [0] : command === 'lint' ? [0, 1] : [0, 1, 2]);
      if (command === 'run' && result.code === 2) expect(namesAFileAndLine(result.stderr, [files.lab])).toBe(true);
    });
  }, TIMEOUT);
});
