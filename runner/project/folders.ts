// Folders as the EKS Workshop's harness walks them (its testing/util gatherer): a `.notest` file
// skips its folder and everything below it; in a folder, `index.md` comes first, then the pages by
// `sidebar_position` (meta.order) and name, then the subfolders ordered by their own index.md.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Lab, Profile } from '../model/lab.js';
import { findProjectConfig } from './config.js';
import { compareNames } from '../text/compare.js';

const INDEX_PAGES = ['index.md', '_index.md', 'index.en.md', 'index.mdx'];

export function isIndexPage(file: string): boolean {
  return INDEX_PAGES.includes(path.basename(file).toLowerCase());
}

/**
 * The `.notest` file that skips this lab under the eks-workshop profile, or undefined. Looked for
 * in the lab's folder and its parents up to the project config's folder (the lab's folder alone
 * without a config).
 */
export async function notestFor(labFile: string, profile: Profile): Promise<string | undefined> {
  if (profile !== 'eks-workshop') return undefined;
  let dir = path.dirname(path.resolve(labFile));
  const top = (await findProjectConfig(dir))?.dir ?? dir;
  for (;;) {
    const marker = path.join(dir, '.notest');
    if (existsSync(marker)) return marker;
    if (dir === top || path.dirname(dir) === dir || !dir.startsWith(top)) return undefined;
    dir = path.dirname(dir);
  }
}

type Key = [number, number, string][];

/** Labs in the workshop's order: pages of a folder (index first) before its subfolders, each level by order then name. */
export function sortWorkshopLabs<T extends { lab: Lab }>(entries: T[]): T[] {
  const folderOrder = new Map<string, number>();
  for (const { lab } of entries) if (isIndexPage(lab.file) && lab.meta.order !== undefined) folderOrder.set(path.dirname(lab.file), lab.meta.order);
  const keyOf = (lab: Lab): Key => {
    const parts = path.resolve(lab.file).split(path.sep);
    const key: Key = [];
    for (let index = 1; index < parts.length - 1; index++) {
      const dir = parts.slice(0, index + 1).join(path.sep);
      key.push([1, folderOrder.get(dir) ?? Number.MAX_SAFE_INTEGER, parts[index]!]);
    }
    const order = isIndexPage(lab.file) ? Number.MIN_SAFE_INTEGER : lab.meta.order ?? Number.MAX_SAFE_INTEGER;
    key.push([0, order, parts[parts.length - 1]!]);
    return key;
  };
  const keys = new Map(entries.map((entry) => [entry, keyOf(entry.lab)]));
  return [...entries].sort((a, b) => compareKeys(keys.get(a)!, keys.get(b)!));
}

function compareKeys(a: Key, b: Key): number {
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    const [kindA, orderA, nameA] = a[index]!;
    const [kindB, orderB, nameB] = b[index]!;
    if (nameA === nameB && kindA === kindB) continue;
    // A page of this folder (kind 0) before a subfolder (kind 1).
    if (kindA !== kindB) return kindA - kindB;
    if (orderA !== orderB) return orderA - orderB;
    return compareNames(nameA, nameB);
  }
  return a.length - b.length;
}
