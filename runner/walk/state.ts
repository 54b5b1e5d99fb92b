// The learner's progress on each lab, kept between walks: one JSON file per lab id under
// $XDG_STATE_HOME/lab/ (or ~/.local/state/lab/), written atomically. Secrets never reach it.
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Lab } from '../model/lab.js';
import type { StepStatus } from '../model/result.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { displayRedactor, redactVariable } from '../redact/index.js';

export interface LabProgress {
  format: 1;
  labId: string;
  /** The lab's hash when saved: a changed lab still resumes, by step id. */
  labHash: string;
  mode: 'live' | 'replay';
  /** Id of the next step to offer (absent when the walk reached the end). */
  nextStepId?: string;
  /** 0-based index of the next step, for display when the id no longer exists. */
  nextStepIndex: number;
  steps: Record<string, StepStatus>;
  /** Non-secret variable values: answers and what steps captured or assigned. */
  variables: Record<string, string>;
  /** Live walks: the shell's directory after the last step, so a resumed walk continues there. */
  cwd?: string;
  startedAt: string;
  updatedAt: string;
  completedAt?: string;
}

export function stateDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME && path.isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : path.join(os.homedir(), '.local', 'state');
  return path.join(base, 'lab');
}

/** `week1/endpoint-access` -> `week1__endpoint-access.json`: one flat folder, no lab id can escape it. */
export function progressFile(labId: string, env: NodeJS.ProcessEnv = process.env): string {
  const safe = labId.replace(/[\\/]+/g, '__').replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return path.join(stateDirectory(env), `${safe}.json`);
}

export async function loadProgress(labId: string, env: NodeJS.ProcessEnv = process.env): Promise<LabProgress | undefined> {
  let text: string;
  try {
    text = await readFile(progressFile(labId, env), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LabProgress>;
    if (parsed.format !== 1 || parsed.labId !== labId || typeof parsed.nextStepIndex !== 'number') return undefined;
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
  const file = progressFile(progress.labId, env);
  await writeFileAtomic(file, `${JSON.stringify(progress, null, 2)}\n`, { mode: 0o600, directoryMode: 0o700, what: 'walk progress' });
}

/**
 * Variables safe to write: no secret-declared name, no value that holds a secret's value, and
 * none the redactor would change (a captured AWS key, a token, a name like *_TOKEN).
 */
export function storableVariables(lab: Lab, values: Record<string, string>): Record<string, string> {
  const secretNames = new Set(lab.meta.vars.filter((spec) => spec.secret).map((spec) => spec.name));
  const holdsSecret = secretHolder(lab, values);
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (secretNames.has(name) || holdsSecret(value, name)) continue;
    kept[name] = value;
  }
  return kept;
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

export function newProgress(lab: Lab, mode: 'live' | 'replay', now = new Date()): LabProgress {
  return {
    format: 1, labId: lab.meta.id, labHash: lab.sourceHash, mode, nextStepId: lab.steps[0]?.id, nextStepIndex: 0,
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
