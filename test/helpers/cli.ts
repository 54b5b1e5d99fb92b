// Runs the compiled `lab` CLI as a user would: a real process, its exit code and output.
import { execa, type Options } from 'execa';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(ROOT, 'dist/bin/main.js');

export async function lab(args: string[], options: Options = {}) {
  const result = await execa(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    reject: false,
    env: { NO_COLOR: '1', CI: 'true', ...(options.env ?? {}) },
    timeout: 60_000,
    ...options,
  });
  return { code: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
}
