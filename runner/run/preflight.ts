// Before a live run: every command in `requires` must exist (all missing ones named at once),
// and for AWS labs, whose account will be billed.
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { LabError } from '../errors/index.js';
import type { Lab } from '../model/lab.js';

export async function findCommand(name: string, searchPath = process.env.PATH ?? ''): Promise<string | undefined> {
  if (name.includes('/')) return (await isExecutable(name)) ? name : undefined;
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export async function checkRequires(lab: Lab, searchPath?: string): Promise<void> {
  const missing: string[] = [];
  for (const command of lab.meta.requires) if (!(await findCommand(command, searchPath))) missing.push(command);
  if (missing.length > 0) {
    throw new LabError('MISSING_COMMAND', `${lab.displayPath} needs ${missing.map((c) => `\`${c}\``).join(', ')}, not found on PATH`, {
      hint: `install ${missing.length === 1 ? 'it' : 'them'} first (or practise with replay: drop --live)`,
      position: { file: lab.displayPath, line: 1, column: 1 },
    });
  }
}
