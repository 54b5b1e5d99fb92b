// Loading the labs a command was given: parse errors stop the command with exit 2, shown
// as `file:line:col: error: ...` like lint does.
import { discoverLabs, formatDiagnostic, loadLab, sortLabs, type Lab } from '../lab/index.js';

export async function loadLabsOrReport(paths: string[]): Promise<Lab[] | undefined> {
  const loaded = [];
  let broken = false;
  for (const file of await discoverLabs(paths)) {
    const { lab, diagnostics } = await loadLab(file);
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
