// How a project config reaches the labs it governs: the profile a lab is read with (`--profile`
// over the config over `native`), and its project-wide variables and live settings on the Lab.
import path from 'node:path';
import { LabError } from '../errors/index.js';
import { PROFILES, type Lab, type Profile } from '../model/lab.js';
import { defaultLabId } from '../lab/load.js';
import { findProjectConfig } from './config.js';

/** The `--profile` flag checked: an unknown name is bad input (exit 2) listing the profiles. */
export function checkedProfile(name: string | undefined): Profile | undefined {
  if (name === undefined) return undefined;
  if ((PROFILES as readonly string[]).includes(name)) return name as Profile;
  throw new LabError('BAD_INPUT', `unknown profile \`${name}\``, { hint: `use one of: ${PROFILES.join(', ')}` });
}

/** The profile a lab file is read with: the flag, else its nearest config's `profile:`, else native. */
export async function profileFor(labFile: string, flag?: Profile): Promise<Profile> {
  return flag ?? (await findProjectConfig(path.dirname(path.resolve(labFile))))?.profile ?? 'native';
}

/**
 * The lab with its project's settings: the config's `vars:` added under the lab's own (a lab that
 * declares a variable keeps its declaration), and `project` set for live runs.
 */
export async function withProjectSettings(lab: Lab): Promise<Lab> {
  const config = await findProjectConfig(path.dirname(lab.file));
  if (!config) return lab;
  const own = new Set(lab.meta.vars.map((variable) => variable.name));
  lab.meta.vars = [...lab.meta.vars, ...config.vars.filter((variable) => !own.has(variable.name))];
  // Outside a labs/ folder a lab's default id is its base name: every workshop page would be
  // `index`. Below a config, the default id is the path from the config's folder instead.
  const relative = path.relative(config.dir, lab.file);
  if (lab.meta.id === defaultLabId(lab.file) && !lab.meta.id.includes('/') && !relative.startsWith('..')) {
    lab.meta.id = relative.split(path.sep).join('/').replace(/\.(md|mdx|markdown)$/i, '');
    if (lab.meta.title === path.basename(lab.file).replace(/\.(md|mdx|markdown)$/i, '')) lab.meta.title = lab.meta.id;
  }
  lab.project = { file: config.file, shellInit: config.shellInit, sessions: config.sessions, manifestsRoot: config.manifestsRoot };
  return lab;
}
