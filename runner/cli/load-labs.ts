// Loading the labs a command was given: parse errors stop the command with exit 2, shown
// as `file:line:col: error: ...` like lint does.
import { LabError } from '../errors/index.js';
import { discoverLabs, formatDiagnostic, loadLab, sortLabs, type Lab } from '../lab/index.js';
import { PROFILES, type Profile } from '../model/lab.js';

export async function loadLabsOrReport(paths: string[], profileName?: string): Promise<Lab[] | undefined> {
  if (profileName !== undefined && !(PROFILES as readonly string[]).includes(profileName)) {
    throw new LabError('BAD_INPUT', `unknown --profile ${profileName}: write ${PROFILES.join(' or ')}`);
  }
  const profile = profileName as Profile | undefined;
  const loaded = [];
  let broken = false;
  for (const file of await discoverLabs(paths)) {
    const { lab, diagnostics } = await loadLab(file, undefined, { profile });
    for (const diagnostic of diagnostics.filter((d) => d.severity === 'error')) {
      process.stderr.write(`${formatDiagnostic(diagnostic)}\n`);
      broken = true;
    }
    loaded.push({ lab });
  }
  if (broken) {
    process.stderr.write('fix these errors first (`lab lint` shows them all)\n');
    return undefined;
  }
  return sortLabs(loaded).map((entry) => entry.lab);
}
