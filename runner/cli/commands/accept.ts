// `lab accept PATH`: redact a hand-edited fixture and stamp the reviewed steps' hashes.
import { LabError } from '../../errors/index.js';
import { acceptFixture } from '../../replay/accept.js';
import { writeFixture } from '../../replay/io.js';
import { loadFixtureFor } from '../../replay/load.js';
import { loadLabsOrReport } from '../load-labs.js';
import { refuseUnderCI } from '../output.js';

export async function acceptCommand(labPath: string, options: { only?: string[] }): Promise<number> {
  refuseUnderCI('lab accept');
  const labs = await loadLabsOrReport([labPath]);
  if (!labs) return 2;
  for (const lab of labs) {
    const loaded = await loadFixtureFor(lab);
    if (!loaded.fixture) throw new LabError('BAD_INPUT', `${lab.displayPath} has no fixture at ${loaded.displayPath}`, { hint: `write one, or record it with \`lab record ${lab.displayPath}\`` });
    const unknown = (options.only ?? []).filter((id) => !lab.steps.some((step) => step.id === id));
    if (unknown.length) throw new LabError('BAD_INPUT', `${lab.displayPath} has no step ${unknown.map((id) => `\`${id}\``).join(', ')}`);
    const { fixture, stamped } = acceptFixture(lab, loaded.fixture, options.only ? new Set(options.only) : undefined);
    await writeFixture(loaded.path, fixture);
    process.stderr.write(`${loaded.displayPath}: redacted; ${stamped.length} step hash${stamped.length === 1 ? '' : 'es'} stamped${stamped.length ? ` (${stamped.join(', ')})` : ''}\n`);
  }
  return 0;
}
