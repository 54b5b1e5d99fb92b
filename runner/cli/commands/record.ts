// `lab record PATH`: a live run whose results become the lab's fixture, written atomically at
// the end and only if every step passed. CI never records.
import { LabError } from '../../errors/index.js';
import { fanOut } from '../../report/index.js';
import { runOneLab } from '../../run/run-labs.js';
import { selectSteps } from '../../run/select-steps.js';
import { resolveVariables } from '../../step/variables.js';
import { secretValues } from '../../redact/index.js';
import { buildFixture } from '../../replay/build.js';
import { createRedactor, type Redactor } from '../../redact/redact.js';
import { loadFixtureFor } from '../../replay/load.js';
import { mergeFixture } from '../../replay/replay.js';
import { writeFixture } from '../../replay/io.js';
import { refuseUntrusted } from '../../lab/trust.js';
import { loadLabsOrReport, profileFlag } from '../load-labs.js';
import type { Lab } from '../../model/lab.js';
import type { Fixture } from '../../replay/model.js';
import type { StepSelection } from '../../run/select-steps.js';
import { commonRunOptions, interruptController, reportersFor, type RunFlags } from '../run-options.js';
import { printNotice, refuseUnderCI } from '../output.js';
import { runnerVersion } from '../../fs/package-root.js';
import { lockFile } from '../../fs/lock.js';


export async function recordCommand(labPath: string, flags: RunFlags): Promise<number> {
  // A scheduled CI job that records on purpose says so; every other CI run is refused.
  if (!flags.allowCi) refuseUnderCI('lab record');
  const common = commonRunOptions(flags);
  const labs = await loadLabsOrReport([labPath], profileFlag(flags));
  if (!labs) return 2;
  if (labs.length !== 1) throw new LabError('BAD_INPUT', `lab record takes one lab; ${labPath} holds ${labs.length}`, { hint: 'name a single lab file or id' });
  const lab = labs[0]!;
  if (!flags.trust) refuseUntrusted([lab], process.cwd(), 'lab record');
  // One recording of a lab at a time, the lock taken before the previous fixture is read: a
  // second `--only` recording would merge onto a fixture the first is about to replace.
  const lock = lockFile((await loadFixtureFor(lab)).path, `another \`lab record\` of ${lab.displayPath}`);
  let interrupt: ReturnType<typeof interruptController> | undefined;
  try {
    const target = await loadFixtureFor(lab); // reads (and validates) the previous fixture before spending money
    const reporters = reportersFor(flags.reporter, flags.color);
    const reporter = fanOut(reporters);
    interrupt = interruptController();
    // One redactor for the whole recording, made once every variable is known (default-from too):
    // it redacts the results as they come, so reports show what the fixture will hold, and it counts.
    let redactor: Redactor | undefined;
    const recordingRedactor = (values: Record<string, string>) => (redactor ??= createRedactor({ secretValues: secretValues(lab, values), rules: lab.meta.redact }));
    reporter.onRunStart?.({ mode: 'live', labs: [lab], startedAt: new Date() });
    // The folder hooks around the lab, as `lab run --live` runs them around its folder.
    const { runSuiteHook, suiteHooks } = await import('../../run/suite-hooks.js');
    const hooks = suiteHooks([lab]);
    for (const hook of hooks) await runSuiteHook(hook, 'before', interrupt.signal);
    const result = await runOneLab(lab, {
      ...common, resultRedactor: recordingRedactor, seedVariables: variablesBefore(lab, target.fixture, common.selection), mode: 'live', interactive: false, reporter, signal: interrupt.signal, onNotice: printNotice,
    });
    for (const hook of [...hooks].reverse()) await runSuiteHook(hook, 'after', interrupt.signal).catch((error: unknown) => printNotice((error as Error).message));
    await reporter.onRunEnd?.({ labs: [result], durationMs: result.durationMs, interrupted: interrupt.signal.aborted });
    if (interrupt.signal.aborted || result.status !== 'passed') {
      const why = interrupt.signal.aborted ? 'the recording was interrupted' : result.error ? result.error.message : 'a step failed';
      printNotice(`not recorded: ${why}; ${target.displayPath} is left untouched`);
      return interrupt.signal.aborted ? interrupt.exitCode : result.status === 'error' ? 2 : 1;
    }
    const { values } = resolveVariables(lab, { given: common.vars, environment: process.env });
    const fixtureRedactor = redactor ?? recordingRedactor(values);
    const recorded = buildFixture(lab, result.steps, { runnerVersion: runnerVersion(), redactor: fixtureRedactor });
    const partial = common.selection.only?.length || common.selection.from;
    const fixture = partial ? mergeFixture(target.fixture, recorded, new Set(selectSteps(lab, common.selection).map((s) => s.id)), lab) : recorded;
    await writeFixture(target.path, fixture, { redactor: fixtureRedactor });
    const replaced = recorded.redactions.reduce((sum, entry) => sum + entry.count, 0);
    printNotice(`recorded ${recorded.steps.length} step${recorded.steps.length === 1 ? '' : 's'} to ${target.displayPath} (${replaced} redaction${replaced === 1 ? '' : 's'})`);
    return 0;
  } finally {
    interrupt?.dispose();
    lock.release();
  }
}

/** Variables the steps before the first re-recorded one set when they were recorded (placeholders left out). */
function variablesBefore(lab: Lab, fixture: Fixture | undefined, selection: StepSelection): Record<string, string> | undefined {
  if (!fixture || !(selection.only?.length || selection.from)) return undefined;
  const first = selectSteps(lab, selection)[0];
  const earlier = new Set(lab.steps.slice(0, first ? first.index : 0).map((step) => step.id));
  const values: Record<string, string> = {};
  for (const step of fixture.steps) {
    if (!earlier.has(step.id)) continue;
    for (const [name, value] of Object.entries(step.variables ?? {})) if (!/<[A-Z0-9_:]+>/.test(value)) values[name] = value;
  }
  return values;
}
