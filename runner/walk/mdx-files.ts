// What the walk gives the MDX reader (text/mdx.ts): `::yaml{file=…}` read under one root folder
// (the lab's, or `--files-root`), never outside it, and the lab's variables for `VAR::NAME`, less
// the secret ones, which are never shown.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Lab } from '../model/lab.js';
import type { MdxOptions } from '../text/mdx.js';

/** Larger files are not shown: a page's manifest is a screenful, not a dump. */
const MAX_BYTES = 64 * 1024;

export function mdxOptions(lab: Lab, root: string, variables: () => Record<string, string>): () => MdxOptions {
  const secret = new Set(lab.meta.vars.filter((spec) => spec.secret).map((spec) => spec.name));
  return () => ({
    readFile: (file) => readUnder(root, file),
    variables: Object.fromEntries(Object.entries(variables()).filter(([name]) => !secret.has(name))),
  });
}

function readUnder(root: string, file: string): { text: string } | { problem: string } {
  const resolved = path.resolve(root, file);
  const relative = path.relative(root, resolved);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return { problem: `outside ${root}, not shown` };
  try {
    if (statSync(resolved).size > MAX_BYTES) return { problem: `larger than ${MAX_BYTES / 1024} KiB, not shown` };
    return { text: readFileSync(resolved, 'utf8') };
  } catch {
    return { problem: `not found under ${root} (set the folder with --files-root)` };
  }
}
