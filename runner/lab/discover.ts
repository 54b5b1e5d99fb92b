// Turns the PATH arguments of `lab list|lint|run` into lab files: a file, a folder (every .md
// below it but README.md, .mdx too), or a lab id like `week1/endpoint-access` looked up under labs/.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { packageRoot } from '../fs/package-root.js';
import { LabError } from '../errors/index.js';
import type { Lab } from '../model/lab.js';
import { compareNames } from '../text/compare.js';

/** The labs shipped with the runner: the embedded default when the working directory has none. */
export const BUNDLED_LABS = path.join(packageRoot(), 'labs');

export function defaultLabRoots(cwd: string): string[] {
  return [path.join(cwd, 'labs'), BUNDLED_LABS];
}

async function kindOf(file: string): Promise<'file' | 'dir' | undefined> {
  try {
    const info = await stat(file);
    return info.isDirectory() ? 'dir' : info.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

async function markdownBelow(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await markdownBelow(full)));
    else if (entry.isFile() && /\.mdx?$/i.test(entry.name) && entry.name.toLowerCase() !== 'readme.md') found.push(full);
  }
  return found;
}

/** Lab files for the given arguments, de-duplicated; with no arguments, the default labs folder. */
export async function discoverLabs(args: string[], cwd = process.cwd()): Promise<string[]> {
  const files = new Set<string>();
  if (args.length === 0) {
    for (const root of defaultLabRoots(cwd)) {
      if ((await kindOf(root)) === 'dir') {
        for (const file of await markdownBelow(root)) files.add(file);
        return [...files];
      }
    }
    throw new LabError('BAD_INPUT', 'no labs/ folder here and no bundled labs found', { hint: 'pass a lab file or folder: `lab run path/to/lab.md`' });
  }
  for (const arg of args) {
    const direct = path.resolve(cwd, arg);
    const kind = await kindOf(direct);
    if (kind === 'file') files.add(direct);
    else if (kind === 'dir') for (const file of await markdownBelow(direct)) files.add(file);
    else {
      const byId = await findById(arg, cwd);
      if (!byId) {
        throw new LabError('BAD_INPUT', `no such lab, file or folder: ${arg}`, { hint: 'run `lab list` to see the labs and their ids' });
      }
      for (const file of byId) files.add(file);
    }
  }
  return [...files];
}

async function findById(id: string, cwd: string): Promise<string[] | undefined> {
  if (path.isAbsolute(id) || id.split(/[\\/]/).includes('..')) return undefined;
  for (const root of defaultLabRoots(cwd)) {
    const file = path.join(root, `${id.replace(/\.md$/i, '')}.md`);
    if ((await kindOf(file)) === 'file') return [file];
    const dir = path.join(root, id);
    if ((await kindOf(dir)) === 'dir') return markdownBelow(dir);
  }
  return undefined;
}

/** Catalogue order: by folder, then `order:` in the frontmatter, then file name. */
export function sortLabs<T extends { lab: Lab }>(entries: T[]): T[] {
  const key = (lab: Lab) => path.dirname(lab.file);
  return [...entries].sort((a, b) => {
    const folder = compareNames(key(a.lab), key(b.lab));
    if (folder !== 0) return folder;
    const order = (a.lab.meta.order ?? Number.MAX_SAFE_INTEGER) - (b.lab.meta.order ?? Number.MAX_SAFE_INTEGER);
    return order !== 0 ? order : compareNames(a.lab.file, b.lab.file);
  });
}
