// `lab import FILE NAME`: a write-up (Markdown, Jekyll or scraped text) -> labs/NAME.md and its
// transcribed fixture. Redacted before anything is written; asks per block unless --yes.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LabError } from '../../errors/index.js';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import { findProjectRoot } from '../../fs/project.js';
import { runnerVersion } from '../../fs/package-root.js';
import { buildDraft, draftSteps } from '../../import/draft.js';
import { readPost } from '../../import/read-post.js';
import { reviewSteps } from '../../import/review.js';
import { defaultLabId } from '../../lab/index.js';
import { fixturePathFor } from '../../replay/location.js';
import { writeFixture } from '../../replay/write.js';
import { createRedactor } from '../../redact/index.js';

export interface ImportOptions {
  yes?: boolean;
  force?: boolean;
  date?: string;
  source?: string;
  title?: string;
}

export async function importCommand(input: string, name: string, options: ImportOptions): Promise<number> {
  const cwd = process.cwd();
  if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(name) || name.split('/').includes('..')) {
    throw new LabError('BAD_INPUT', `bad lab name \`${name}\`: use letters, digits, -, _ and / (e.g. week3/my-lab)`);
  }
  if (options.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.date)) {
    throw new LabError('BAD_INPUT', `bad --date \`${options.date}\`: write it YYYY-MM-DD (the day the post's output was produced)`);
  }
  const interactive = !options.yes;
  if (interactive && (!process.stdin.isTTY || !process.stdout.isTTY || input === '-')) {
    throw new LabError('BAD_INPUT', 'lab import asks about each block on a terminal, and there is none here', { hint: 'pass --yes to take the draft as found' });
  }
  const labFile = name.endsWith('.md') ? path.resolve(cwd, name) : path.resolve(cwd, 'labs', `${name}.md`);
  const root = findProjectRoot(path.dirname(labFile));
  const fixtureFile = await fixturePathFor(labFile, {}, root);
  const show = (file: string) => path.relative(cwd, file);
  if (!options.force) {
    const existing = [labFile, fixtureFile].filter((file) => existsSync(file));
    if (existing.length) throw new LabError('BAD_INPUT', `${existing.map(show).join(' and ')} already exist${existing.length === 1 ? 's' : ''}`, { hint: 'pick another name, or pass --force to replace them' });
  }

  const raw = await readInput(input);
  // Redacted first: account ids and credentials never reach the draft, the fixture or the screen.
  const redactor = createRedactor({ secretValues: [], rules: [] });
  const post = readPost(redactor.redact(raw));
  if (post.blocks.length === 0) {
    throw new LabError('BAD_INPUT', `${input === '-' ? 'stdin' : input}: no command found`, { hint: 'commands need a prompt: `$ `, `# `, `➜ ` or `(user@host) $`' });
  }
  let steps = draftSteps(post);
  if (interactive) {
    const { createImportPrompter } = await import('../../import/inquirer-prompter.js');
    steps = await reviewSteps(steps, await createImportPrompter({ input: process.stdin, output: process.stdout }));
    if (steps.length === 0) throw new LabError('BAD_INPUT', 'every block was skipped: nothing to write');
  }
  const id = defaultLabId(labFile);
  const from = options.source ?? (input === '-' ? 'stdin' : sourcePath(path.resolve(cwd, input), root));
  const draft = await buildDraft(steps, post.trailer, {
    id, title: options.title ?? post.title ?? titleFrom(id), from, date: options.date ?? post.date,
    runnerVersion: runnerVersion(), redactions: redactor.counts(), labFile: show(labFile),
  });
  const leftovers = redactor.findLeftovers(draft.lab);
  if (leftovers.length) throw new LabError('REFUSED', `refusing to write ${show(labFile)}: a secret pattern still matches after redaction (${leftovers.slice(0, 5).join('; ')})`);
  await writeFixture(fixtureFile, draft.fixture, { redactor, header: fixtureHeader(draft.fixture.lab, from) });
  await writeFileAtomic(labFile, draft.lab, { overwrite: options.force === true, what: 'lab', displayPath: show(labFile) });
  process.stdout.write(`created ${show(labFile)} (${steps.length} step${steps.length === 1 ? '' : 's'} from ${post.promptCount} command${post.promptCount === 1 ? '' : 's'} in the post) and ${show(fixtureFile)}\n`);
  process.stdout.write(`next: review it, then \`lab lint ${show(labFile)}\` and \`lab run ${show(labFile)}\` (replays the post's output); see docs/authoring.md\n`);
  return 0;
}

async function readInput(input: string): Promise<string> {
  if (input !== '-') {
    try {
      return await readFile(input, 'utf8');
    } catch (error) {
      throw new LabError('BAD_INPUT', `cannot read ${input}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { hint: 'give the path of the write-up, or - for stdin' });
    }
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A post inside the project is named by its path from the root; one outside by its file name only. */
function sourcePath(file: string, root: string): string {
  const relative = path.relative(root, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? path.basename(file) : relative.split(path.sep).join('/');
}

function fixtureHeader(lab: string, from: string): string {
  return [
    ` Fixture of lab ${lab}: the output a post showed, transcribed by \`lab import\` from ${from}.`,
    ' Redacted before it touched disk; see docs/fixtures.md. Record it live (`lab record`) to replace it with a real run.',
  ].join('\n');
}

function titleFrom(id: string): string {
  const base = id.split('/').pop() ?? id;
  const words = base.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
