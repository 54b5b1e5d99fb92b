// The EKS Workshop's folder hooks: a `hook-suite.sh` in a folder (or in its `tests/`, where the
// workshop's own harness looks) runs as `bash hook-suite.sh before` ahead of the folder's first
// lab and `... after` behind its last (subfolders included), in live runs only. Loaded with a
// dynamic import from run-labs.ts, as preflight.ts is: replay never starts a process.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { LabError } from '../errors/index.js';
import type { Lab } from '../model/lab.js';
import { redactCredentials } from '../redact/display.js';

const HOOK_PLACES = ['hook-suite.sh', path.join('tests', 'hook-suite.sh')];
const HOOK_TIMEOUT_MS = 30 * 60_000;
const TAIL_LINES = 20;

export interface SuiteHook {
  folder: string;
  script: string;
  /** Index of the first and the last lab below the folder, in run order. */
  first: number;
  last: number;
}

/** The hooks of the folders of these labs (up to their project config's folder), outer first. */
export function suiteHooks(labs: Lab[]): SuiteHook[] {
  const hooks = new Map<string, SuiteHook>();
  labs.forEach((lab, index) => {
    if (!lab.project) return;
    const top = path.dirname(lab.project.file);
    for (let dir = path.dirname(lab.file); dir.startsWith(top); dir = path.dirname(dir)) {
      const script = HOOK_PLACES.map((place) => path.join(dir, place)).find((file) => existsSync(file));
      if (script) {
        const hook = hooks.get(dir) ?? { folder: dir, script, first: index, last: index };
        hook.last = index;
        hooks.set(dir, hook);
      }
      if (dir === top || path.dirname(dir) === dir) break;
    }
  });
  return [...hooks.values()].sort((a, b) => a.folder.length - b.folder.length);
}

/** Runs `bash SCRIPT before|after` in the hook's folder; a failure is a LabError with the output's tail. */
export function runSuiteHook(hook: SuiteHook, phase: 'before' | 'after', signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [hook.script, phase], { cwd: hook.folder, stdio: ['ignore', 'pipe', 'pipe'], signal, timeout: HOOK_TIMEOUT_MS });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-64 * 1024);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => reject(hookError(hook, phase, error.message, output)));
    child.on('close', (code, killed) => {
      if (code === 0) resolve();
      else reject(hookError(hook, phase, code === null ? `was stopped (${killed})` : `exited with ${code}`, output));
    });
  });
}

function hookError(hook: SuiteHook, phase: string, why: string, output: string): LabError {
  const tail = output.trimEnd().split('\n').slice(-TAIL_LINES).join('\n  ');
  return new LabError('MISSING_COMMAND', redactCredentials(`the folder hook \`${hook.script} ${phase}\` ${why}${tail ? `:\n  ${tail}` : ''}`), {
    hint: 'fix the hook (it prepares the folder\'s labs), or run it by hand to see what it needs',
  });
}
