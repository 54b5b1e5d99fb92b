// Workspace trust for live runs. A lab executes its commands in the learner's shell, so a live
// run (walk --live, run --live, record) of a lab from somewhere else must be confirmed first, like
// an editor asks before running a folder's tasks. Trusted without asking: labs inside the labs/
// folder of the project you run lab in (the project root of the working directory: the nearest
// folder at or above it with a package.json or a labs/ folder), and the labs bundled with lab.
// Replay, lint and list execute nothing and need no trust.
import path from 'node:path';
import { LabError } from '../errors/index.js';
import { findProjectRoot, isWithin, realpathOfDeepestExisting } from '../fs/project.js';
import { BUNDLED_LABS } from './discover.js';
import type { Lab } from '../model/lab.js';

export interface TrustDecision {
  trusted: boolean;
  /** The labs/ folder of the working directory's project: what is trusted without asking. */
  labsFolder: string;
}

export function trustOf(labFile: string, cwd: string): TrustDecision {
  const labsFolder = path.join(findProjectRoot(cwd), 'labs');
  const real = realpathOfDeepestExisting(path.resolve(cwd, labFile));
  const trusted = [labsFolder, BUNDLED_LABS].some((folder) => isWithin(realpathOfDeepestExisting(folder), real));
  return { trusted, labsFolder };
}

/** Headless live runs (`run --live`, `record`): refuse labs from elsewhere unless `--trust` was given. */
export function refuseUntrusted(labs: Lab[], cwd: string, command: string): void {
  const untrusted = labs.filter((lab) => !trustOf(lab.file, cwd).trusted);
  if (untrusted.length === 0) return;
  const { labsFolder } = trustOf(untrusted[0]!.file, cwd);
  const names = untrusted.map((lab) => lab.displayPath).join(', ');
  throw new LabError('REFUSED', `${command} would execute ${untrusted.length === 1 ? 'a lab' : `${untrusted.length} labs`} from outside ${displayFolder(labsFolder, cwd)}: ${names}`, {
    hint: `read ${untrusted.length === 1 ? 'it' : 'them'} first; if you trust what ${untrusted.length === 1 ? 'it runs' : 'they run'}, add --trust (replay needs no trust: drop --live)`,
    position: { file: untrusted[0]!.displayPath, line: 1, column: 1 },
  });
}

export function displayFolder(folder: string, cwd: string): string {
  const relative = path.relative(cwd, folder);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? `${relative}/` : `${folder}/`;
}
