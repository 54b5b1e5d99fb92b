// Headless `lab run` / `lab record`: every lab in order through its step runner, reporter events
// for the run, and lab-level problems (stale fixture, missing variables) reported per lab.
import path from 'node:path';
import { exitCodeFor, LabError } from '../errors/index.js';
import type { Lab } from '../model/lab.js';
import type { Reporter } from '../report/reporter.js';
import type { LabResult, RunResult } from '../model/result.js';
import { redactCredentials } from '../redact/index.js';
import { prepareRunner, type PrepareOptions } from './prepare.js';
import { runSteps } from './run-lab.js';
import { selectSteps, type StepSelection } from './select-steps.js';

export interface RunLabsOptions extends Omit<PrepareOptions, 'steps'> {
  selection: StepSelection;
  reporter: Reporter;
  signal: AbortSignal;
  /** Labs that cannot run (lint errors), by file: reported as errors while the others run. */
  refused?: Map<string, LabError>;
  /** The lab's variables when its steps are done (live), for the next lab of a shared folder session. */
  onVariables?: (values: Record<string, string>) => void;
  /** `--keep-going`: run the steps after a failure (those needing its capture are skipped). */
  keepGoing?: boolean;
}

export async function runLabs(labs: Lab[], options: RunLabsOptions): Promise<RunResult> {
  const startedAt = Date.now();
  options.reporter.onRunStart?.({ mode: options.mode, labs, startedAt: new Date(startedAt) });
  const results: LabResult[] = [];
  const hooks = options.mode === 'live' ? await import('./suite-hooks.js') : undefined;
  const folderHooks = hooks?.suiteHooks(labs) ?? [];
  const failedHooks = new Map<string, LabError>();
  // `sessions: folder`: the variables a folder's labs set carry to its next lab, as in one terminal.
  const folderVariables = new Map<string, Record<string, string>>();
  const hookFailures: string[] = [];
  for (const [index, lab] of labs.entries()) {
    if (options.signal.aborted) break;
    for (const hook of folderHooks.filter((h) => h.first === index)) {
      await hooks!.runSuiteHook(hook, 'before', options.signal).catch((error: unknown) => {
        if (!(error instanceof LabError)) throw error;
        failedHooks.set(hook.folder, error);
      });
    }
    const hookFailure = folderHooks.find((hook) => failedHooks.has(hook.folder) && hook.first <= index && index <= hook.last);
    const folder = options.mode === 'live' && lab.project?.sessions === 'folder' ? path.dirname(lab.file) : undefined;
    const seed = folder ? { ...options.seedVariables, ...folderVariables.get(folder) } : options.seedVariables;
    results.push(await runOneLab(lab, {
      ...options, seedVariables: seed,
      refused: hookFailure ? new Map([[lab.file, failedHooks.get(hookFailure.folder)!]]) : options.refused,
      onVariables: folder ? (values) => folderVariables.set(folder, values) : undefined,
    }));
    for (const hook of folderHooks.filter((h) => h.last === index).reverse()) {
      if (failedHooks.has(hook.folder)) continue;
      await hooks!.runSuiteHook(hook, 'after', options.signal).catch((error: unknown) => {
        if (!(error instanceof LabError)) throw error;
        options.onNotice?.(`${error.message}\n  (after ${lab.displayPath}; the labs' results stand, the run fails)`);
        hookFailures.push(error.message);
      });
    }
  }
  const result: RunResult = { labs: results, durationMs: Date.now() - startedAt, interrupted: options.signal.aborted, ...(hookFailures.length > 0 ? { hookFailures } : {}) };
  await options.reporter.onRunEnd?.(result);
  return result;
}

export async function runOneLab(lab: Lab, options: RunLabsOptions): Promise<LabResult> {
  const startedAt = Date.now();
  options.reporter.onLabStart?.(lab, options.mode);
  let result: LabResult;
  try {
    const refusal = options.refused?.get(lab.file);
    if (refusal) throw refusal;
    const steps = selectSteps(lab, options.selection);
    const runner = await prepareRunner(lab, { ...options, steps });
    result = await runSteps(lab, runner, { steps, reporter: options.reporter, signal: options.signal, yes: options.yes, keepGoing: options.keepGoing });
    options.onVariables?.(runner.variables());
  } catch (error) {
    if (!(error instanceof LabError)) throw error;
    result = {
      labId: lab.meta.id, file: lab.displayPath, status: 'error', mode: options.mode, steps: [], durationMs: Date.now() - startedAt,
      error: { code: error.code, message: redactCredentials(error.message), hint: error.hint && redactCredentials(error.hint), position: error.position },
    };
  }
  options.reporter.onLabEnd?.(lab, result);
  return result;
}

/** 0 all passed, 1 a step failed (or a lab could not replay), 2 bad input, 130 interrupted. */
export function exitCodeOf(result: RunResult): number {
  if (result.interrupted) return 130;
  // A lab that could not run counts as its error does (bad input 2, stale fixture 1); a failed step is 1.
  const codes = result.labs.map((lab) => (lab.error ? exitCodeFor(lab.error) : lab.status === 'passed' ? 0 : 1));
  return Math.max(result.hookFailures?.length ? 1 : 0, ...codes);
}
