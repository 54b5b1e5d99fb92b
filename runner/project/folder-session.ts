// What lint knows of a `sessions: folder` project's shared sessions: a page may use what an earlier
// page of its folder exported, as `lab run --live` and `lab record` carry it (in the workshop's order).
import path from 'node:path';
import { definedVariables, type Lab } from '../lab/index.js';

/** For each lab file, the variables the earlier labs of its folder set, when its project shares folder sessions. */
export function inheritedVariables(labs: readonly Lab[]): Map<string, Set<string>> {
  const byFolder = new Map<string, Set<string>>();
  const inherited = new Map<string, Set<string>>();
  for (const lab of labs) {
    if (lab.project?.sessions !== 'folder') continue;
    const folder = path.dirname(lab.file);
    const set = byFolder.get(folder) ?? new Set<string>();
    inherited.set(lab.file, new Set(set));
    for (const name of definedVariables(lab)) set.add(name);
    byFolder.set(folder, set);
  }
  return inherited;
}
