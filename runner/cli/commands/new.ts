// `lab new NAME`: scaffold a lab that lints clean, with one example of each common block, and
// a stamped fixture of what it prints, so it lints clean and replays green. Never overwrites.
import path from 'node:path';
import { LabError } from '../../errors/index.js';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import { defaultLabId } from '../../lab/index.js';
import { SCAFFOLD_OUTPUTS, scaffoldLab } from '../../lab/scaffold.js';
import { loadLab } from '../../lab/index.js';
import { runnerVersion } from '../../fs/package-root.js';
import { acceptFixture } from '../../replay/accept.js';
import { checkFixture } from '../../replay/check.js';
import { initFixture } from '../../replay/init.js';
import { writeFixture } from '../../replay/io.js';
import { loadFixtureFor } from '../../replay/load.js';

export async function newCommand(name: string, options: { title?: string }): Promise<number> {
  const cwd = process.cwd();
  if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(name) || name.split('/').includes('..')) {
    throw new LabError('BAD_INPUT', `bad lab name \`${name}\`: use letters, digits, -, _ and / (e.g. week3/my-lab)`);
  }
  const file = name.endsWith('.md') ? path.resolve(cwd, name) : path.resolve(cwd, 'labs', `${name}.md`);
  const id = defaultLabId(file);
  const title = options.title ?? titleFrom(id);
  try {
    await writeFileAtomic(file, scaffoldLab(id, title), { overwrite: false, what: 'lab', displayPath: path.relative(cwd, file) });
  } catch (error) {
    if (error instanceof LabError && (error.cause as NodeJS.ErrnoException | undefined)?.code === 'EEXIST') {
      throw new LabError('BAD_INPUT', `${path.relative(cwd, file)} already exists`, { hint: 'pick another name; lab new never overwrites' });
    }
    throw error;
  }
  process.stdout.write(`created ${path.relative(cwd, file)}\n`);
  const fixture = await writeScaffoldFixture(file);
  if (fixture) process.stdout.write(`created ${fixture} (outputs written by hand, stamped: the lab replays green)\n`);
  process.stdout.write(`next: edit it, check it with \`lab lint ${path.relative(cwd, file)}\`; keep the fixture in step with \`lab accept --init\` and \`lab accept\`, or record it live with \`lab record ${path.relative(cwd, file)}\`\n`);
  return 0;
}

/**
 * The new lab's fixture, from the same skeleton as `lab accept --init`, filled with what the
 * scaffold prints and stamped after the same checks as `lab accept`. An existing fixture is left alone.
 */
async function writeScaffoldFixture(file: string): Promise<string | undefined> {
  const { lab } = await loadLab(file);
  const loaded = await loadFixtureFor(lab);
  if (loaded.fixture) return undefined;
  const { fixture } = initFixture(lab, undefined, runnerVersion());
  for (const entry of fixture.steps) {
    const output = SCAFFOLD_OUTPUTS[entry.id];
    entry.note = 'written by `lab new`: what the scaffold prints; replace it by a recording or your own outputs';
    if (!output) continue;
    entry.attempts = [{ exit: output.exit ?? 0, durationMs: 0, stdout: output.stdout ?? '', stderr: output.stderr ?? '', ...(output.stoppedAfterFor ? { stoppedAfterFor: true } : {}) }];
  }
  const problems = (await checkFixture(lab, fixture)).filter((problem) => problem.severity === 'error');
  if (problems.length) throw new LabError('INTERNAL', `the scaffold's fixture fails its own lab: ${problems.map((problem) => problem.message).join('; ')}`);
  await writeFixture(loaded.path, acceptFixture(lab, fixture).fixture);
  return loaded.displayPath;
}

function titleFrom(id: string): string {
  const base = id.split('/').pop() ?? id;
  const words = base.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
