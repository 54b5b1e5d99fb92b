// Loading the labs a command was given, each with its project's profile and settings
// (runner/project). Parse errors are shown as `file:line:col: error: ...` like lint does; a
// command of one lab (record, accept, walk) stops with exit 2, `lab run` over a set runs the others.
import { formatDiagnostic, type Lab, type Profile } from '../lab/index.js';
import { LabError } from '../errors/index.js';
import { checkedProfile } from '../project/apply.js';
import { loadProjectLabs } from '../project/load.js';

/** `--profile` as given on the command line, checked (exit 2 with the list for an unknown one). */
export function profileFlag(flags: { profile?: string }): Profile | undefined {
  return checkedProfile(flags.profile);
}

export async function loadLabsOrReport(paths: string[], profile?: Profile): Promise<Lab[] | undefined> {
  const { labs, broken } = await loadWithErrors(paths, profile);
  if (broken.size > 0) {
    process.stderr.write('fix these errors first (`lab lint` shows them all)\n');
    return undefined;
  }
  return labs;
}

/**
 * Every lab, in catalogue order, with the ones that have lint errors named in `broken` (their
 * first error as a LabError at its file:line, after every error was printed on stderr).
 */
export async function loadLabsKeepingBroken(paths: string[], profile?: Profile): Promise<{ labs: Lab[]; broken: Map<string, LabError> }> {
  const loaded = await loadWithErrors(paths, profile);
  if (loaded.broken.size > 0) process.stderr.write('fix these errors first (`lab lint` shows them all); the labs without errors still run\n');
  return loaded;
}

async function loadWithErrors(paths: string[], profile?: Profile): Promise<{ labs: Lab[]; broken: Map<string, LabError> }> {
  const loaded = await loadProjectLabs(paths, { profile });
  const broken = new Map<string, LabError>();
  for (const { lab, diagnostics } of loaded.labs) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    for (const diagnostic of errors) process.stderr.write(`${formatDiagnostic(diagnostic)}\n`);
    if (errors.length > 0) {
      const first = errors[0]!;
      const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
      broken.set(lab.file, new LabError('BAD_INPUT', `${lab.displayPath} has lint errors, so it was not run: ${first.message}${more}`, {
        hint: `fix it first (\`lab lint ${lab.displayPath}\` shows every error)`, position: first.position,
      }));
    }
  }
  for (const { file, marker } of loaded.skipped) process.stderr.write(`skipped ${file}: ${marker} marks its folder as not tested\n`);
  return { labs: loaded.labs.map((entry) => entry.lab), broken };
}
