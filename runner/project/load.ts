// Loading the labs a command was given with their project's settings: each file read with its
// profile (`--profile`, else its nearest lab.config.yaml, else native), the config's variables
// and live settings applied, `.notest` folders left out under the eks-workshop profile, and the
// set in catalogue order (the workshop's order when every lab is read as the workshop's).
// Not from lab/index.js: that also brings lint and the expectation matchers, which a list needs not load.
import { discoverLabs, sortLabs } from '../lab/discover.js';
import { loadLab } from '../lab/load.js';
import type { Diagnostic, Lab, Profile } from '../model/lab.js';
import { notestFor, sortWorkshopLabs } from './folders.js';
import { profileFor, withProjectSettings } from './apply.js';

export interface LoadedLab {
  lab: Lab;
  diagnostics: Diagnostic[];
  profile: Profile;
}

export interface ProjectLoadOptions {
  /** `--profile`, over every config. */
  profile?: Profile;
  cwd?: string;
}

export interface ProjectLabs {
  labs: LoadedLab[];
  /** Lab files a `.notest` skipped, with the marker that did. */
  skipped: { file: string; marker: string }[];
}

export async function loadProjectLabs(paths: string[], options: ProjectLoadOptions = {}): Promise<ProjectLabs> {
  const cwd = options.cwd ?? process.cwd();
  const labs: LoadedLab[] = [];
  const skipped: ProjectLabs['skipped'] = [];
  for (const file of await discoverLabs(paths, cwd)) {
    const own = await profileFor(file);
    const profile = options.profile ?? own;
    const marker = await notestFor(file, profile);
    if (marker) {
      skipped.push({ file, marker });
      continue;
    }
    const { lab, diagnostics } = await loadLab(file, cwd, { profile });
    if (options.profile && options.profile !== own) lab.profileFlag = ` --profile ${options.profile}`;
    labs.push({ lab: await withProjectSettings(lab), diagnostics, profile });
  }
  const workshop = labs.length > 0 && labs.every((entry) => entry.profile === 'eks-workshop');
  return { labs: workshop ? sortWorkshopLabs(labs) : sortLabs(labs), skipped };
}
