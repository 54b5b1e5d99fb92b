// `inputs=PATH...`: files and folders a step reads (a kustomization, a manifest folder, a hook
// script). Their contents are hashed into the step's source hash when the lab is loaded, so a
// change to them makes the step's fixture entry stale like a change to the block would. A path is
// relative to the lab's folder, or else to the project root; `~/` is the home folder.
// A step with `hook=NAME` counts its hook script as an input too: a changed hook is a changed step.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findProjectRoot } from '../fs/project.js';
import type { Lab, Step } from '../model/lab.js';

/** Folds the inputs' contents into each step's sourceHash (unchanged for a step without inputs). */
export function hashStepInputs(lab: Lab): void {
  const labDir = path.dirname(lab.file);
  const root = findProjectRoot(labDir);
  for (const step of lab.steps) {
    const paths = inputPaths(step);
    if (paths.length === 0) continue;
    const hash = createHash('sha256').update(step.sourceHash);
    for (const written of paths) hash.update(`\u0000${written}\u0000${contentHash(resolveInput(written, labDir, root))}`);
    step.sourceHash = hash.digest('hex').slice(0, 16);
  }
}

export function inputPaths(step: Pick<Step, 'attributes'>): string[] {
  const written = step.attributes.inputs?.split(/\s+/).filter(Boolean) ?? [];
  if (step.attributes.hook) written.push(`tests/hook-${step.attributes.hook}.sh`);
  return written;
}

export function resolveInput(written: string, labDir: string, root: string): string {
  if (written === '~' || written.startsWith('~/')) return path.join(os.homedir(), written.slice(1));
  if (path.isAbsolute(written)) return written;
  const besideLab = path.resolve(labDir, written);
  return exists(besideLab) ? besideLab : path.resolve(root, written);
}

/** A file's bytes, a folder's files (sorted, by relative path), or `missing`. */
function contentHash(file: string): string {
  const hash = createHash('sha256');
  const visit = (current: string, relative: string) => {
    const stat = statSync(current, { throwIfNoEntry: false });
    if (!stat) return void hash.update(`missing:${relative}`);
    if (stat.isDirectory()) {
      for (const name of readdirSync(current).sort()) visit(path.join(current, name), `${relative}/${name}`);
      return;
    }
    hash.update(`file:${relative}\u0000`).update(readFileSync(current)).update('\u0000');
  };
  visit(file, '.');
  return hash.digest('hex');
}

function exists(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false }) !== undefined;
}
