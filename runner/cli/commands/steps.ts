// `lab steps LAB`: a lab's steps — id, section, line, language, kind and where its fixture entry
// came from — so `--only` / `--from` ids and the state of a fixture can be read at a glance.
import { LabError } from '../../errors/index.js';
import type { Lab, Step } from '../../model/lab.js';
import { loadFixtureFor } from '../../replay/load.js';
import { loadLabsOrReport } from '../load-labs.js';

/** The fixture entry of a step: its provenance, `missing` when none, `unreadable` when the fixture is broken. */
type StepProvenance = 'recorded' | 'transcribed' | 'synthesized' | 'missing' | 'unreadable';

interface StepRow {
  id: string;
  section: string;
  line: number;
  language: string;
  kind: string;
  provenance: StepProvenance;
}

export async function stepsCommand(labPath: string, options: { json?: boolean }): Promise<number> {
  const labs = await loadLabsOrReport([labPath]);
  if (!labs) return 2;
  if (labs.length !== 1) throw new LabError('BAD_INPUT', `lab steps takes one lab; ${labPath} holds ${labs.length}`, { hint: 'name a single lab file or id' });
  const lab = labs[0]!;
  const provenance = await provenanceOf(lab);
  const rows: StepRow[] = lab.steps.map((step) => ({
    id: step.id, section: lab.sections[step.section]?.title ?? '', line: step.position.line, language: step.language, kind: kindOf(step), provenance: provenance(step),
  }));
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ lab: lab.meta.id, file: lab.displayPath, steps: rows }, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(`${lab.meta.id}  ${lab.meta.title}  (${lab.displayPath})\n`);
  if (rows.length === 0) {
    process.stdout.write('  no steps\n');
    return 0;
  }
  const header: StepRow = { id: 'ID', section: 'SECTION', line: 0, language: 'LANG', kind: 'KIND', provenance: 'missing' };
  const cells = (row: StepRow, isHeader = false) => [row.id, isHeader ? 'LINE' : String(row.line), row.language, row.kind, isHeader ? 'FIXTURE' : row.provenance, row.section];
  const table = [cells(header, true), ...rows.map((row) => cells(row))];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((line) => line[column]!.length)));
  for (const line of table) {
    process.stdout.write(`  ${line.map((cell, column) => (column === line.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ').trimEnd()}\n`);
  }
  return 0;
}

/** What the step is to a run: its most telling role first. */
function kindOf(step: Step): string {
  const { attributes } = step;
  const kinds: string[] = [];
  if (step.task) kinds.push(step.task.solve ? 'task' : 'task (no solution)');
  if (attributes.cleanup) kinds.push('cleanup');
  if (attributes.background) kinds.push('background');
  if (attributes.tty) kinds.push('tty');
  if (attributes.confirm !== undefined) kinds.push('confirm');
  if (attributes.skip) kinds.push('skip');
  if (attributes.hosts) kinds.push('hosts');
  if (attributes.pods || attributes.selector) kinds.push('pods');
  return kinds.length ? kinds.join(', ') : 'step';
}

async function provenanceOf(lab: Lab): Promise<(step: Step) => StepProvenance> {
  try {
    const { fixture } = await loadFixtureFor(lab);
    if (!fixture) return () => 'missing';
    const byId = new Map(fixture.steps.map((entry) => [entry.id, entry.provenance] as const));
    return (step) => byId.get(step.id) ?? 'missing';
  } catch (error) {
    if (!(error instanceof LabError)) throw error;
    // The steps are still worth listing; `lab lint` says what is wrong with the fixture.
    const where = error.position ? `${error.position.file}:${error.position.line}: ` : '';
    process.stderr.write(`${where}fixture unreadable: ${error.message} (\`lab lint\` shows why)\n`);
    return () => 'unreadable';
  }
}
