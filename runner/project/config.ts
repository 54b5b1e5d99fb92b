// The project config, `lab.config.yaml` (or `.yml`, `.json`): settings shared by every lab of a
// folder and the folders below it, found by walking up from a lab's folder (the nearest wins).
// It lets a whole corpus written for another harness (the EKS Workshop) run unchanged: its
// profile, the ~80 variables its IDE provides, the script that sets them up, where its fixtures live.
// Finding is a few stat calls; the reader (project/config-file.ts: yaml, zod) is loaded only
// when there is a file to read.
import { statSync } from 'node:fs';
import path from 'node:path';
import type { ProjectConfig } from './config-file.js';

export type { ProjectConfig };

export const CONFIG_NAMES = ['lab.config.yaml', 'lab.config.yml', 'lab.config.json'] as const;

const cache = new Map<string, Promise<ProjectConfig | undefined>>();

/** The nearest config at or above `dir`, read once per process; rejects with BAD_INPUT (exit 2) for a bad one. */
export function findProjectConfig(dir: string): Promise<ProjectConfig | undefined> {
  const start = path.resolve(dir);
  let found = cache.get(start);
  if (found) return found;
  const file = CONFIG_NAMES.map((name) => path.join(start, name)).find(isFile);
  const parent = path.dirname(start);
  if (file) found = import('./config-file.js').then(({ readProjectConfig }) => readProjectConfig(file));
  else found = parent === start ? Promise.resolve(undefined) : findProjectConfig(parent);
  cache.set(start, found);
  return found;
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Forget what was read (tests that write configs between calls in one process). */
export function clearProjectConfigCache(): void {
  cache.clear();
}
