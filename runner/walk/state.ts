// The learner's progress on each lab, kept between walks: one JSON file per lab file and mode
// under $XDG_STATE_HOME/lab/ (or ~/.local/state/lab/), written atomically. Secrets never reach it.
// Practice and live never share a file: a replayed value (the recording's addresses, a fixture's
// PATH) must never be restored into a live shell, and a practice walk of another file with the
// same lab id must not touch the progress of the lab you trusted.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Lab } from '../model/lab.js';
import type { StepStatus } from '../model/result.js';
import type { DefinitionChanges } from '../step/target.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { displayRedactor, redactVariable } from '../redact/index.js';
import { labVariableNames, stepsVariableNames } from '../lab/shell-variables.js';

export type WalkMode = 'live' | 'replay';

/** What a progress file belongs to: the lab's id, its file, and the mode of the walk. */
export interface ProgressKey {
  labId: string;
  file: string;
  mode: WalkMode;
}

export interface LabProgress {
  format: 1;
  labId: string;
  /** The lab's file (absolute): progress belongs to one file, not to every file with this id. */
  file: string;
  /** The lab's hash when saved: a changed lab still resumes, by step id. */
  labHash: string;
  mode: WalkMode;
  /** Id of the next step to offer (absent when the walk reached the end). */
  nextStepId?: string;
  /** 0-based index of the next step, for display when the id no longer exists. */
  nextStepIndex: number;
  steps: Record<string, StepStatus>;
  /** Non-secret variable values: answers and what steps captured or assigned. */
  variables: Record<string, string>;
  /** Live walks: the shell's directory after the last step, so a resumed walk continues there. */
  cwd?: string;
  /** What the learner set by hand in an attached shell (the Terminal key, `lab shell`); see attachedShellSeed. */
  terminal?: TerminalProgress;
  startedAt: string;
  updatedAt: string;
  completedAt?: string;
}

/**
 * Live: the values of names beyond the lab's own (its own are in `variables`, kept current by
 * the steps). Practice: everything the learner set in the practice Terminal, and its directory;
 * it never reaches the replayed steps.
 */
export interface TerminalProgress {
  variables: Record<string, string>;
  cwd?: string;
  /** Functions and aliases defined in an attached shell, by name, for the next `lab shell` (never the walk's steps). */
  functions?: Record<string, string>;
  aliases?: Record<string, string>;
}

export function stateDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME && path.isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : path.join(os.homedir(), '.local', 'state');
  return path.join(base, 'lab');
}

/**
 * `week1/endpoint-access`, live -> `week1__endpoint-access.live.<hash of the file>.json`: one flat
 * folder, no lab id can escape it, one file per lab file and mode.
 */
export function progressFile(key: ProgressKey, env: NodeJS.ProcessEnv = process.env): string {
  const safe = key.labId.replace(/[\\/]+/g, '__').replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  const where = createHash('sha256').update(path.resolve(key.file)).digest('hex').slice(0, 12);
  return path.join(stateDirectory(env), `${safe}.${key.mode}.${where}.json`);
}

export function progressKey(lab: Lab, mode: WalkMode): ProgressKey {
  return { labId: lab.meta.id, file: lab.file, mode };
}

export async function loadProgress(key: ProgressKey, env: NodeJS.ProcessEnv = process.env): Promise<LabProgress | undefined> {
  let text: string;
  try {
    text = await readFile(progressFile(key, env), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LabProgress>;
    if (parsed.format !== 1 || typeof parsed.nextStepIndex !== 'number') return undefined;
    // Checked again inside: a file copied or renamed into place is not another mode's or lab's progress.
    if (parsed.labId !== key.labId || parsed.mode !== key.mode || parsed.file !== path.resolve(key.file)) return undefined;
    return { ...parsed, steps: parsed.steps ?? {}, variables: parsed.variables ?? {} } as LabProgress;
  } catch {
    return undefined; // a damaged file is progress lost, not a walk refused
  }
}

/**
 * Written atomically (runner/fs/atomic-write): a reader, a crash or a kill sees the old or the new
 * file, never half. A failure is a WRITE_FAILED error naming the file; the old progress stays.
 */
export async function saveProgress(progress: LabProgress, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const file = progressFile(progress, env);
  await writeFileAtomic(file, `${JSON.stringify(progress, null, 2)}\n`, { mode: 0o600, directoryMode: 0o700, what: 'walk progress' });
}

/**
 * Variables safe to write: no secret-declared name, no value that holds a secret's value, and
 * none the redactor would change (a captured AWS key, a token, a name like *_TOKEN).
 */
export function storableVariables(lab: Lab, values: Record<string, string>, names = restorableNames(lab), secretsFrom = values): Record<string, string> {
  const secretNames = new Set(lab.meta.vars.filter((spec) => spec.secret).map((spec) => spec.name));
  const holdsSecret = secretHolder(lab, secretsFrom);
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (!names.has(name) || NEVER_RESTORED.test(name) || secretNames.has(name) || holdsSecret(value, name)) continue;
    kept[name] = value;
  }
  return kept;
}

/** Names that change how every later command runs: never restored, whoever set them. */
const NEVER_RESTORED = /^(?:LD_\w+|BASH_ENV|ENV|BASHOPTS|SHELLOPTS|PROMPT_COMMAND|PS4|IFS|CDPATH|GLOBIGNORE)$/;

/**
 * The names a resume may restore: those the lab declares (`vars:`), captures (`capture=`) or
 * assigns in its own commands. Anything else a shell or a fixture held (a fixture's `PATH`) stays out.
 */
export function restorableNames(lab: Lab): Set<string> {
  const names = labVariableNames(lab);
  for (const name of names) if (NEVER_RESTORED.test(name)) names.delete(name);
  return names;
}

/** Saved values a resume restores: only restorable names (see above). */
export function restorableVariables(lab: Lab, saved: Record<string, string>): Record<string, string> {
  const names = restorableNames(lab);
  return Object.fromEntries(Object.entries(saved).filter(([name]) => names.has(name)));
}

/** A practice shell's own values: the answers to the lab's `vars:` that no step captures or assigns (a replayed step would have set those from the fixture). */
export function learnerAnswers(lab: Lab, saved: Record<string, string>): Record<string, string> {
  const setBySteps = stepsVariableNames(lab);
  return Object.fromEntries(lab.meta.vars.filter((spec) => !setBySteps.has(spec.name) && saved[spec.name] !== undefined).map((spec) => [spec.name, saved[spec.name]!]));
}

/**
 * What an attached shell starts with, from saved progress of its own mode only. Live: the lab's
 * restorable values and what the learner set by hand, in the shell's last directory. Practice:
 * the learner's own answers (`answers`, else those saved) and what they set in the practice
 * Terminal, never a value a replayed step took from the fixture.
 */
export function attachedShellSeed(lab: Lab, progress: LabProgress, answers?: Record<string, string>): { variables: Record<string, string>; cwd?: string } {
  const terminal = progress.terminal ?? { variables: {} };
  if (progress.mode === 'live') {
    const own = restorableNames(lab);
    const byHand = Object.fromEntries(Object.entries(terminal.variables).filter(([name]) => !own.has(name) && !NEVER_RESTORED.test(name)));
    return { variables: { ...restorableVariables(lab, progress.variables), ...byHand, ...answers }, ...(progress.cwd ? { cwd: progress.cwd } : {}) };
  }
  const variables = { ...(answers ?? learnerAnswers(lab, progress.variables)), ...terminal.variables };
  for (const name of Object.keys(variables)) if (NEVER_RESTORED.test(name)) delete variables[name];
  return { variables, ...(terminal.cwd ? { cwd: terminal.cwd } : {}) };
}

/**
 * Writes down what the learner changed in an attached shell (`changed`, `unset`), secrets left
 * out. `values` are all the shell's values now (to recognise a secret), `cwd` its directory.
 */
export function recordAttachedShell(lab: Lab, progress: LabProgress, change: { changed: Record<string, string>; unset: string[]; values: Record<string, string>; cwd: string; definitions?: DefinitionChanges }): void {
  const own = restorableNames(lab);
  const byHand = { ...(progress.terminal?.variables ?? {}) };
  for (const name of change.unset) delete byHand[name];
  for (const [name, value] of Object.entries(change.changed)) {
    // Live, the lab's own names live in `variables`, with what the steps set.
    if (progress.mode === 'replay' || !own.has(name)) byHand[name] = value;
  }
  const terminal: TerminalProgress = { variables: storableVariables(lab, byHand, new Set(Object.keys(byHand)), change.values) };
  const saved = (kept: Record<string, string> | undefined, changed: Record<string, string> = {}, removed: string[] = []) => {
    const all = { ...kept };
    for (const name of removed) delete all[name];
    // A definition holding a secret's value is not written down.
    for (const [name, text] of Object.entries(changed)) {
      if (storableText(lab, change.values, text)) all[name] = text;
      else delete all[name];
    }
    return Object.keys(all).length > 0 ? all : undefined;
  };
  const functions = saved(progress.terminal?.functions, change.definitions?.functions, change.definitions?.removedFunctions);
  const aliases = saved(progress.terminal?.aliases, change.definitions?.aliases, change.definitions?.removedAliases);
  if (functions) terminal.functions = functions;
  if (aliases) terminal.aliases = aliases;
  const cwd = storableText(lab, change.values, change.cwd);
  if (progress.mode === 'live') {
    progress.variables = storableVariables(lab, change.values);
    if (cwd) progress.cwd = cwd;
    else delete progress.cwd;
  } else if (cwd) terminal.cwd = cwd;
  progress.terminal = terminal;
  progress.updatedAt = new Date().toISOString();
}

/** A text to write (the shell's last directory), or undefined when it holds a secret. */
export function storableText(lab: Lab, values: Record<string, string>, text: string): string | undefined {
  return secretHolder(lab, values)(text) ? undefined : text;
}

function secretHolder(lab: Lab, values: Record<string, string>): (text: string, name?: string) => boolean {
  const secrets = lab.meta.vars.filter((spec) => spec.secret).map((spec) => values[spec.name]).filter((value): value is string => Boolean(value && value.length >= 3));
  const redactor = displayRedactor(lab, values);
  return (text, name) =>
    secrets.some((secret) => text.includes(secret))
    || text.includes('<SECRET:') // a masked value is no value to restore
    || (name === undefined ? redactor.redact(text) !== text : redactVariable(redactor, name, text) !== text);
}

export function newProgress(lab: Lab, mode: WalkMode, now = new Date()): LabProgress {
  return {
    format: 1, labId: lab.meta.id, file: path.resolve(lab.file), labHash: lab.sourceHash, mode, nextStepId: lab.steps[0]?.id, nextStepIndex: 0,
    steps: {}, variables: {}, startedAt: now.toISOString(), updatedAt: now.toISOString(),
  };
}

/** Where a saved walk continues: the saved next step by id (the lab may have changed), else by index. */
export function resumeIndex(lab: Lab, progress: LabProgress): number {
  if (progress.completedAt) return lab.steps.length;
  const byId = progress.nextStepId ? lab.steps.findIndex((step) => step.id === progress.nextStepId) : -1;
  if (byId >= 0) return byId;
  return Math.min(progress.nextStepIndex, lab.steps.length);
}
