// `lab record PATH`: a live run whose results become the lab's fixture, written atomically at
// the end and only if every step passed. CI never records.
import { LabError } from '../../errors/index.js';
import { fanOut } from '../../report/index.js';
import { runOneLab } from '../../run/run-labs.js';
import { selectSteps } from '../../run/select-steps.js';
import { checkGivenVariables, resolveVariables } from '../../step/variables.js';
import { secretValues } from '../../redact/index.js';
import { buildFixture } from '../../replay/build.js';
import { createRedactor, type Redactor } from '../../redact/redact.js';
import { loadFixtureFor } from '../../replay/load.js';
import { mergeFixture } from '../../replay/replay.js';
import { writeFixture } from '../../replay/io.js';
import { keepSideFiles } from '../../replay/side-files.js';
import { refuseUntrusted } from '../../lab/trust.js';
import { loadLabsOrReport, profileFlag } from '../load-labs.js';
import path from 'node:path';
import type { Lab } from '../../model/lab.js';
import type { LabResult } from '../../model/result.js';
import type { Reporter } from '../../report/reporter.js';
import type { Fixture } from '../../replay/model.js';
import type { StepSelection } from '../../run/select-steps.js';
import { commonRunOptions, interruptController, reportersFor, type RunFlags } from '../run-options.js';
import { printNotice, refuseUnderCI } from '../output.js';
import { lockFile, type FileLock } from '../../fs/lock.js';
import { runnerVersion } from '../../fs/package-root.js';


export async function recordCommand(labPath: string, flags: RunFlags): Promise<number> {
  // A scheduled CI job that records on purpose says so; every other CI run is refused.
  if (!flags.allowCi) refuseUnderCI('lab record');
  const common = commonRunOptions(flags);
  const labs = await loadLabsOrReport([labPath], profileFlag(flags));
  if (!labs) return 2;
  checkGivenVariables(labs, common.vars);
  // A folder whose project shares one session per folder (the EKS Workshop's modules) is recorded
  // as it runs: its pages in order, each building on what the earlier ones exported.
  const module = labs.length > 1 && labs.every((lab) => lab.project?.sessions === 'folder');
  if (labs.length !== 1 && !module) {
    throw new LabError('BAD_INPUT', `lab record takes one lab; ${labPath} holds ${labs.length}`, { hint: 'name a single lab file or id (or a folder of a project with `sessions: folder`)' });
  }
  if (module && (common.selection.only?.length || common.selection.from)) {
    throw new LabError('BAD_INPUT', `--only and --from name steps of one lab; ${labPath} holds ${labs.length}`, { hint: 'name the lab file whose steps to re-record' });
  }
  if (!flags.trust) refuseUntrusted(labs, process.cwd(), 'lab record');
  // One recording of a lab at a time, each lock taken before the previous fixture is read: a
  // second `--only` recording would merge onto a fixture the first is about to replace.
  const locks: FileLock[] = [];
  const releaseLocks = () => { for (const lock of locks.splice(0)) lock.release(); };
  const targets = new Map<Lab, Awaited<ReturnType<typeof loadFixtureFor>>>();
  try {
    for (const lab of labs) locks.push(lockFile((await loadFixtureFor(lab)).path, `another \`lab record\` of ${lab.displayPath}`));
    for (const lab of labs) targets.set(lab, await loadFixtureFor(lab)); // reads (and validates) the previous fixtures before spending money
  } catch (error) {
    releaseLocks();
    throw error;
  }
  const reporters = reportersFor(flags.reporter, flags.color, flags.outputLines);
  const reporter = fanOut(reporters);
  const interrupt = interruptController();
  try {
    reporter.onRunStart?.({ mode: 'live', labs, startedAt: new Date() });
    // The folder hooks around the labs, as `lab run --live` runs them around its folder.
    const { runSuiteHook, suiteHooks } = await import('../../run/suite-hooks.js');
    // Each folder hook wraps its own folder's labs (a tree of modules: one module after another).
    const hooks = suiteHooks(labs);
    const results: LabResult[] = [];
    const folderVariables = new Map<string, Record<string, string>>();
    // A folder whose page failed: its later pages build on it, so recording them now would record
    // a different story. A folder whose before-hook failed: nothing below it is ready. Others go on.
    const failedFolders = new Map<string, { why: string; below: boolean }>();
    const hooksFailedBefore = new Set<string>();
    let code = 0;
    for (const [index, lab] of labs.entries()) {
      if (interrupt.signal.aborted) break;
      for (const hook of hooks.filter((h) => h.first === index)) {
        await runSuiteHook(hook, 'before', interrupt.signal).catch((error: unknown) => {
          if (!(error instanceof LabError)) throw error;
          printNotice(`${error.message}`);
          failedFolders.set(hook.folder, { why: `its folder hook \`${path.basename(hook.script)} before\` failed`, below: true });
          hooksFailedBefore.add(hook.folder);
          code = Math.max(code, 2);
        });
      }
      const folder = path.dirname(lab.file);
      const failed = [...failedFolders].find(([dir, { below }]) => folder === dir || (below && folder.startsWith(dir + path.sep)));
      if (failed) printNotice(`not recorded: ${lab.displayPath} (${failed[1].why})`);
      else {
        const recorded = await recordLab(lab, targets.get(lab)!, { common, reporter, interrupt, seed: module ? folderVariables.get(folder) : undefined });
        results.push(recorded.result);
        if (recorded.code !== 0) {
          code = Math.max(code, recorded.code);
          if (!failedFolders.has(folder)) failedFolders.set(folder, { why: `${lab.displayPath}, before it in its folder, was not recorded`, below: false });
        } else if (recorded.variables) folderVariables.set(folder, recorded.variables);
      }
      for (const hook of hooks.filter((h) => h.last === index).reverse()) {
        if (hooksFailedBefore.has(hook.folder)) continue;
        await runSuiteHook(hook, 'after', interrupt.signal).catch((error: unknown) => {
          if (!(error instanceof LabError)) throw error;
          printNotice(`${error.message}`);
          // The fixtures are written; the job still says the folder did not end cleanly.
          code = Math.max(code, 1);
        });
      }
    }
    await reporter.onRunEnd?.({ labs: results, durationMs: results.reduce((sum, result) => sum + result.durationMs, 0), interrupted: interrupt.signal.aborted });
    return code;
  } finally {
    interrupt.dispose();
    releaseLocks();
  }
}

interface RecordContext {
  common: ReturnType<typeof commonRunOptions>;
  reporter: Reporter;
  interrupt: ReturnType<typeof interruptController>;
  /** What the earlier labs of a shared folder session left (live values). */
  seed?: Record<string, string>;
}

/** Records one lab: its live run, then its fixture written atomically only if every step passed. */
async function recordLab(lab: Lab, target: Awaited<ReturnType<typeof loadFixtureFor>>, { common, reporter, interrupt, seed }: RecordContext): Promise<{ code: number; result: LabResult; variables?: Record<string, string> }> {
  // One redactor for the whole recording, made once every variable is known (default-from too):
  // it redacts the results as they come, so reports show what the fixture will hold, and it counts.
  let redactor: Redactor | undefined;
  const recordingRedactor = (values: Record<string, string>) => (redactor ??= createRedactor({ secretValues: secretValues(lab, values), rules: lab.meta.redact }));
  let variables: Record<string, string> | undefined;
  const result = await runOneLab(lab, {
    ...common, resultRedactor: recordingRedactor, seedVariables: { ...seed, ...variablesBefore(lab, target.fixture, common.selection) }, mode: 'live', interactive: false, reporter, signal: interrupt.signal,
    onNotice: printNotice, onVariables: (values) => { variables = values; },
  });
  if (interrupt.signal.aborted || result.status !== 'passed') {
    const why = interrupt.signal.aborted ? 'the recording was interrupted' : result.error ? result.error.message : 'a step failed';
    printNotice(`not recorded: ${why}; ${target.displayPath} is left untouched`);
    return { code: interrupt.signal.aborted ? interrupt.exitCode : result.status === 'error' ? 2 : 1, result };
  }
  if (!lab.steps.some((step) => step.attributes.skip === false)) {
    // A page of prose (most of the workshop's index pages) replays without a fixture.
    printNotice(`nothing to record for ${lab.displayPath}: none of its steps runs, and replay needs no fixture for it`);
    return { code: 0, result, variables };
  }
  const { values } = resolveVariables(lab, { given: common.vars, environment: process.env });
  const fixtureRedactor = redactor ?? recordingRedactor(values);
  const recorded = buildFixture(lab, result.steps, { runnerVersion: runnerVersion(), redactor: fixtureRedactor });
  const partial = common.selection.only?.length || common.selection.from;
  const merged = partial ? mergeFixture(target.fixture, recorded, new Set(selectSteps(lab, common.selection).map((s) => s.id)), lab) : recorded;
  const fixture = keepSideFiles(target.fixture, merged); // a long output kept in a side file stays there
  await writeFixture(target.path, fixture, { redactor: fixtureRedactor });
  const replaced = recorded.redactions.reduce((sum, entry) => sum + entry.count, 0);
  printNotice(`recorded ${recorded.steps.length} step${recorded.steps.length === 1 ? '' : 's'} to ${target.displayPath} (${replaced} redaction${replaced === 1 ? '' : 's'})`);
  return { code: 0, result, variables };
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
