// Turns the PATH arguments of `lab list|lint|run` into lab files: a file, a folder (every .md
// below it but README.md, .mdx too), or a lab id like `week1/endpoint-access` looked up under labs/.
// The few stat and readdir calls are synchronous: each async one cost an event-loop turn at start-up.
import { readdirSync, statSync } from 'node:fs';
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

function kindOf(file: string): 'file' | 'dir' | undefined {
  try {
    const info = statSync(file);
    return info.isDirectory() ? 'dir' : info.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

function markdownBelow(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...markdownBelow(full));
    else if (entry.isFile() && /\.mdx?$/i.test(entry.name) && entry.name.toLowerCase() !== 'readme.md') found.push(full);
  }
  return found;
}

/** Lab files for the given arguments, de-duplicated; with no arguments, the default labs folder. */
export async function discoverLabs(args: string[], cwd = process.cwd()): Promise<string[]> {
  const files = new Set<string>();
  if (args.length === 0) {
    for (const root of defaultLabRoots(cwd)) {
      if (kindOf(root) === 'dir') {
        for (const file of markdownBelow(root)) files.add(file);
        return [...files];
      }
    }
    throw new LabError('BAD_INPUT', 'no labs/ folder here and no bundled labs found', { hint: 'pass a lab file or folder: `lab run path/to/lab.md`' });
  }
  for (const arg of args) {
    const direct = path.resolve(cwd, arg);
    const kind = kindOf(direct);
    if (kind === 'file') files.add(direct);
    else if (kind === 'dir') for (const file of markdownBelow(direct)) files.add(file);
    else {
      const byId = findById(arg, cwd);
      if (!byId) {
        throw new LabError('BAD_INPUT', `no such lab, file or folder: ${arg}`, { hint: 'run `lab list` to see the labs and their ids' });
      }
      for (const file of byId) files.add(file);
    }
  }
  return [...files];
}

function findById(id: string, cwd: string): string[] | undefined {
  if (path.isAbsolute(id) || id.split(/[\\/]/).includes('..')) return undefined;
  for (const root of defaultLabRoots(cwd)) {
    const file = path.join(root, `${id.replace(/\.md$/i, '')}.md`);
    if (kindOf(file) === 'file') return [file];
    const dir = path.join(root, id);
    if (kindOf(dir) === 'dir') return markdownBelow(dir);
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
