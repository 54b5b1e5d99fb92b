// `lab accept PATH`: check a hand-written or edited fixture against the lab's expectations, then
// redact it and stamp the reviewed steps' hashes. Any failing check stamps nothing (exit 1): a
// fixture is all-or-nothing, like a test run. `--init` writes or extends the skeleton to fill.
import { LabError, formatPosition } from '../../errors/index.js';
import { runnerVersion } from '../../fs/package-root.js';
import { acceptFixture } from '../../replay/accept.js';
import { checkFixture } from '../../replay/check.js';
import { initFixture } from '../../replay/init.js';
import { writeFixture } from '../../replay/io.js';
import { loadFixtureFor } from '../../replay/load.js';
import { loadLabsOrReport } from '../load-labs.js';
import { refuseUnderCI } from '../output.js';

export async function acceptCommand(labPath: string, options: { only?: string[]; init?: boolean }): Promise<number> {
  refuseUnderCI('lab accept');
  const labs = await loadLabsOrReport([labPath]);
  if (!labs) return 2;
  let code = 0;
  for (const lab of labs) {
    const loaded = await loadFixtureFor(lab);
    if (options.init) {
      const { fixture, added } = initFixture(lab, loaded.fixture, runnerVersion());
      await writeFixture(loaded.path, fixture);
      process.stderr.write(`${loaded.displayPath}: ${added.length} entr${added.length === 1 ? 'y' : 'ies'} added${added.length ? ` (${added.join(', ')})` : ''}; write each step's output under \`stdout: |\`, then run \`lab accept ${lab.displayPath}\`\n`);
      continue;
    }
    if (!loaded.fixture) throw new LabError('BAD_INPUT', `${lab.displayPath} has no fixture at ${loaded.displayPath}`, { hint: `write a skeleton to fill with \`lab accept --init ${lab.displayPath}\`, or record it live with \`lab record ${lab.displayPath}\`` });
    const unknown = (options.only ?? []).filter((id) => !lab.steps.some((step) => step.id === id));
    if (unknown.length) throw new LabError('BAD_INPUT', `${lab.displayPath} has no step ${unknown.map((id) => `\`${id}\``).join(', ')}`);
    const only = options.only ? new Set(options.only) : undefined;
    const problems = await checkFixture(lab, loaded.fixture);
    const failing = problems.filter((problem) => problem.severity === 'error' && (!only || only.has(problem.stepId)));
    for (const problem of problems.filter((p) => p.severity === 'warning' && (!only || only.has(p.stepId)))) {
      process.stderr.write(`${formatPosition(problem.position)}: warning: ${problem.message} [${problem.rule}]\n`);
    }
    if (failing.length) {
      for (const problem of failing) {
        process.stderr.write(`${formatPosition(problem.position)}: error: ${problem.message} [${problem.rule}]\n`);
        if (problem.diff) process.stderr.write(`${problem.diff.replace(/^/gm, '    ')}\n`);
      }
      const steps = [...new Set(failing.map((problem) => problem.stepId))];
      process.stderr.write(`${loaded.displayPath}: nothing stamped: ${failing.length} problem${failing.length === 1 ? '' : 's'} in ${steps.length} step${steps.length === 1 ? '' : 's'} (${steps.join(', ')}); fix the outputs (or the expectations) and run \`lab accept\` again\n`);
      code = 1;
      continue;
    }
    const { fixture, stamped } = acceptFixture(lab, loaded.fixture, only);
    await writeFixture(loaded.path, fixture);
    process.stderr.write(`${loaded.displayPath}: every output passes its expectations; redacted; ${stamped.length} step hash${stamped.length === 1 ? '' : 'es'} stamped${stamped.length ? ` (${stamped.join(', ')})` : ''}\n`);
  }
  return code;
}
