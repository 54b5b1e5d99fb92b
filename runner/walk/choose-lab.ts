// Which lab to walk: the one named, or the learner's pick from the catalogue (grouped by week).
import path from 'node:path';
import { LabError } from '../errors/index.js';
import { catalogueChoices, loadCatalogue, type CatalogueEntry } from './catalogue.js';
import type { Prompter } from './prompter.js';
import type { Profile } from '../model/lab.js';
import type { WalkMode } from './state.js';

export interface ChosenLab {
  entry: CatalogueEntry;
  /** The labs of its week (folder), for "next lab". */
  week: CatalogueEntry[];
}

export async function chooseLab(paths: string[], cwd: string, env: NodeJS.ProcessEnv, prompter: Prompter, width = 80, profile?: Profile, mode: WalkMode = 'replay'): Promise<ChosenLab> {
  const entries = await loadCatalogue(paths, cwd, env, profile, mode);
  if (entries.length === 0) throw new LabError('BAD_INPUT', 'no labs found', { hint: 'pass a lab file, folder or id: `lab walk labs/week1/my-lab.md`' });
  let entry = entries[0]!;
  if (entries.length > 1) {
    const usable = entries.find((candidate) => candidate.errors.length === 0 && !candidate.progress?.completedAt) ?? entries[0]!;
    const file = await prompter.pick('Which lab?', catalogueChoices(entries, width), { default: usable.lab.file });
    entry = entries.find((candidate) => candidate.lab.file === file)!;
  }
  // With one lab named, its week is the labs beside it.
  const week = entries.length > 1 ? entries : await loadCatalogue([path.dirname(entry.lab.file)], cwd, env, profile, mode).catch(() => [entry]);
  return { entry, week };
}
