// Setting up the step runner of one lab: replay from its fixture (refusing stale or missing
// steps up front) or live (requires, variables, default-from, the AWS account check).
import { LabError, formatPosition } from '../errors/index.js';
import type { Lab, Step } from '../model/lab.js';
import { loadFixtureFor } from '../replay/load.js';
import { compareFixture, fixCommand, missingFixCommand, staleWords } from '../replay/stale.js';
import { recordedDurations } from '../replay/summary.js';
import { StepRunner, type StepRunnerOptions } from '../step/runner.js';
import { missingVariablesError, resolveVariables } from '../step/variables.js';
import { derivedDefaults, helperOutput } from './default-from.js';
import { liveTargets, replayTargets, type LiveTargetOptions } from './targets.js';

export interface PrepareOptions extends LiveTargetOptions, Omit<StepRunnerOptions, 'variables'> {
  mode: 'live' | 'replay';
  steps: Step[];
  vars: Record<string, string>;
  /** Shell variables to start a live session with (a partial re-recording restores what earlier steps set). */
  seedVariables?: Record<string, string>;
  /**
   * The walk's practice mode: a stale step is replayed from its old recording (the walk says so)
   * and a missing one fails at its turn, instead of refusing the whole lab as CI does.
   */
  practice?: boolean;
  /** Told who will be billed before an AWS lab starts. */
  onNotice?: (text: string) => void;
}

export async function prepareRunner(lab: Lab, options: PrepareOptions): Promise<StepRunner> {
  return options.mode === 'replay' ? prepareReplay(lab, options) : prepareLive(lab, options);
}

async function prepareReplay(lab: Lab, options: PrepareOptions): Promise<StepRunner> {
  const loaded = await loadFixtureFor(lab);
  // A lab with nothing to run (a page of prose, every block `test=false`) needs no fixture, as
  // lint says: replay passes it as it is.
  const runnable = lab.steps.some((step) => step.attributes.skip === false);
  if (!loaded.fixture && !runnable) {
    const empty = { format: 1 as const, lab: lab.meta.id, labHash: '', recordedAt: '', runner: '', redactions: [], steps: [] };
    return new StepRunner(lab, replayTargets(lab, empty), { ...options, variables: resolveVariables(lab, { given: options.vars, environment: {} }).values });
  }
  if (!loaded.fixture) {
    throw new LabError('FIXTURE_MISSING', `${lab.displayPath} has no fixture (${loaded.displayPath}), so it cannot be replayed`, {
      hint: `record one with \`lab record ${lab.displayPath}${lab.profileFlag ?? ''}\` (live, outside CI), or run it live with --live`,
      position: { file: lab.displayPath, line: 1, column: 1 },
    });
  }
  const { stale, missing } = compareFixture(lab, loaded.fixture);
  const selected = new Set(options.steps.map((step) => step.id));
  const fixes: string[] = [];
  const problems = [
    ...stale.filter((step) => selected.has(step.id)).map((step) => {
      const entry = loaded.fixture!.steps.find((candidate) => candidate.id === step.id);
      const fix = fixCommand(lab, step, entry);
      fixes.push(fix);
      return `${formatPosition(step.position)}: step \`${step.id}\` ${staleWords(entry)}: \`${fix}\``;
    }),
    ...missing.filter((step) => selected.has(step.id)).map((step) => {
      const fix = missingFixCommand(lab, step, loaded.fixture!);
      fixes.push(fix);
      return `${formatPosition(step.position)}: step \`${step.id}\` is not in the fixture: \`${fix}\``;
    }),
  ];
  if (problems.length > 0 && !options.practice) {
    // A hand-written entry needs no live run: say "re-record" only when a command above does.
    const live = fixes.some((fix) => fix.startsWith('lab record'));
    throw new LabError('FIXTURE_STALE', `the fixture does not match the lab\n  ${problems.join('\n  ')}`, {
      hint: live ? 'CI never re-records; run the commands above outside CI (re-recording live where they say `lab record`) and commit the fixture after review' : 'run the commands above (`lab accept` needs no AWS account): it checks each output against its step and stamps it; commit the fixture after review',
      position: (stale[0] ?? missing[0])!.position,
    });
  }
  const { values } = resolveVariables(lab, { given: options.vars, environment: {} });
  return new StepRunner(lab, replayTargets(lab, loaded.fixture, options.practice), { ...options, variables: values, recordedDurations: recordedDurations(lab, loaded.fixture) });
}

async function prepareLive(lab: Lab, options: PrepareOptions): Promise<StepRunner> {
  // Loaded here, not at the top: replay must not even load the process machinery.
  const { checkRequires } = await import('./preflight.js');
  await checkRequires(lab);
  const given = resolveVariables(lab, { given: options.vars, environment: process.env });
  const derived = await derivedDefaults(lab, options.vars, { ...options.seedVariables, ...given.values }, process.env);
  const resolved = resolveVariables(lab, { given: options.vars, environment: process.env, derived });
  if (resolved.missing.length > 0) throw missingVariablesError(lab, resolved.missing);
  if (lab.meta.aws) {
    const identity = await helperOutput(lab, 'aws sts get-caller-identity --query Arn --output text', resolved.values);
    if (!identity) {
      throw new LabError('MISSING_COMMAND', `${lab.displayPath} needs AWS credentials: \`aws sts get-caller-identity\` failed`, {
        hint: 'configure the AWS CLI (aws configure / AWS_PROFILE), or practise with replay: drop --live',
      });
    }
    options.onNotice?.(`AWS identity for this run: ${identity}${lab.meta.cost ? `\nCost: ${lab.meta.cost}` : ''}`);
  }
  const variables = { ...options.seedVariables, ...resolved.values };
  // The fixture, if the lab has a readable one, only says how long each step took when recorded
  // ("12s (recorded 11m 58s)"); a live run never depends on it.
  const fixture = await loadFixtureFor(lab).then((loaded) => loaded.fixture, () => undefined);
  return new StepRunner(lab, await liveTargets(lab, variables, options), { ...options, variables, recordedDurations: recordedDurations(lab, fixture) });
}
