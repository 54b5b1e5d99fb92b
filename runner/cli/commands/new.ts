// `lab new NAME`: scaffold a lab that lints clean, with one example of each common block, and
// an empty fixture beside it. Never overwrites.
import path from 'node:path';
import { LabError } from '../../errors/index.js';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import { defaultLabId } from '../../lab/index.js';
import { scaffoldLab } from '../../lab/scaffold.js';

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
  process.stdout.write(`next: edit it, check it with \`lab lint ${path.relative(cwd, file)}\`, record it with \`lab record ${path.relative(cwd, file)}\`\n`);
  return 0;
}

function titleFrom(id: string): string {
  const base = id.split('/').pop() ?? id;
  const words = base.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
