// Setting up the executor for one lab: replay from its fixture (refusing stale or missing
// steps up front) or live (requires, variables, default-from, the AWS account check).
import { LabError, formatPosition } from '../errors/index.js';
import type { Lab, Step } from '../model/lab.js';
import type { StepExecutor } from '../session/executor.js';
import type { LiveOptions } from '../session/live-executor.js';
import { missingVariablesError, resolveVariables } from '../session/variables.js';
import { loadFixtureFor } from '../replay/load.js';
import { compareFixture, rerecordCommand } from '../replay/stale.js';
import { ReplayExecutor } from '../replay/replay-executor.js';
import { RedactingExecutor, type RedactingOptions } from './redacting-executor.js';

export interface PrepareOptions extends Omit<LiveOptions, 'variables'>, RedactingOptions {
  mode: 'live' | 'replay';
  steps: Step[];
  vars: Record<string, string>;
  /** Shell variables to start a live session with (a partial re-recording restores what earlier steps set). */
  seedVariables?: Record<string, string>;
  /** Told who will be billed before an AWS lab starts. */
  onNotice?: (text: string) => void;
}

/** The lab's executor, behind the redaction of everything it shows (runner/run/redacting-executor). */
export async function prepareExecutor(lab: Lab, options: PrepareOptions): Promise<RedactingExecutor> {
  const executor = options.mode === 'replay' ? await prepareReplay(lab, options) : await prepareLive(lab, options);
  return new RedactingExecutor(executor, lab, { resultRedactor: options.resultRedactor });
}

async function prepareReplay(lab: Lab, options: PrepareOptions): Promise<StepExecutor> {
  const loaded = await loadFixtureFor(lab);
  if (!loaded.fixture) {
    throw new LabError('FIXTURE_MISSING', `${lab.displayPath} has no fixture (${loaded.displayPath}), so it cannot be replayed`, {
      hint: `record one with \`lab record ${lab.displayPath}\` (live, outside CI), or run it live with --live`,
      position: { file: lab.displayPath, line: 1, column: 1 },
    });
  }
  const { stale, missing } = compareFixture(lab, loaded.fixture);
  const selected = new Set(options.steps.map((step) => step.id));
  const problems = [
    ...stale.filter((step) => selected.has(step.id)).map((step) => `${formatPosition(step.position)}: step \`${step.id}\` changed since it was recorded: \`${rerecordCommand(lab, step)}\``),
    ...missing.filter((step) => selected.has(step.id)).map((step) => `${formatPosition(step.position)}: step \`${step.id}\` is not in the fixture: \`${rerecordCommand(lab, step)}\``),
  ];
  if (problems.length > 0) {
    throw new LabError('FIXTURE_STALE', `the fixture does not match the lab\n  ${problems.join('\n  ')}`, {
      hint: 'CI never re-records; re-record these steps live and commit the fixture after review',
      position: (stale[0] ?? missing[0])!.position,
    });
  }
  const { values } = resolveVariables(lab, { given: options.vars, environment: {} });
  return new ReplayExecutor(lab, loaded.fixture, values);
}

async function prepareLive(lab: Lab, options: PrepareOptions): Promise<StepExecutor> {
  // Loaded here, not at the top: replay must not even load the process machinery.
  const { checkRequires } = await import('../session/preflight.js');
  const { LiveExecutor } = await import('../session/live-executor.js');
  await checkRequires(lab);
  const { values } = resolveVariables(lab, { given: options.vars, environment: process.env });
  const executor = await LiveExecutor.start(lab, { ...options, variables: { ...options.seedVariables, ...values } });
  try {
    const derived: Record<string, string> = {};
    for (const spec of lab.meta.vars) {
      // default-from only proposes a value: --var and the environment win.
      if (!spec.defaultFrom || options.vars[spec.name] !== undefined || process.env[spec.name] !== undefined) continue;
      const value = await executor.evaluate(spec.defaultFrom);
      if (value) derived[spec.name] = value;
    }
    const resolved = resolveVariables(lab, { given: options.vars, environment: process.env, derived });
    if (resolved.missing.length > 0) throw missingVariablesError(lab, resolved.missing);
    executor.setVariables(resolved.values);
    if (lab.meta.aws) {
      const identity = await executor.evaluate('aws sts get-caller-identity --query Arn --output text');
      if (!identity) {
        throw new LabError('MISSING_COMMAND', `${lab.displayPath} needs AWS credentials: \`aws sts get-caller-identity\` failed`, {
          hint: 'configure the AWS CLI (aws configure / AWS_PROFILE), or practise with replay: drop --live',
        });
      }
      options.onNotice?.(`AWS identity for this run: ${identity}${lab.meta.cost ? `\nCost: ${lab.meta.cost}` : ''}`);
    }
    return executor;
  } catch (error) {
    await executor.close();
    throw error;
  }
}
