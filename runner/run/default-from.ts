// Helper commands of a live run that are not steps: a variable's `default-from` and the AWS
// identity check. One way to run them for `lab run`, `lab record` and `lab walk`: bash in the
// lab's folder with the lab's values known so far, stdin closed, bounded in time.
import path from 'node:path';
import type { Lab } from '../model/lab.js';

export const HELPER_TIMEOUT_MS = 30_000;

/** The command's trimmed stdout, '' when it fails or hangs. */
export async function helperOutput(lab: Lab, command: string, values: Record<string, string>): Promise<string> {
  const { execa } = await import('execa');
  const result = await execa('bash', ['-c', command], {
    reject: false, timeout: HELPER_TIMEOUT_MS, stdin: 'ignore', cwd: path.dirname(lab.file), env: { ...process.env, ...values }, extendEnv: false,
  });
  return result.exitCode === 0 ? String(result.stdout).trim() : '';
}

/**
 * Values proposed by `default-from` for the variables nobody gave (`given`: --var and a walk's
 * answers; the environment wins too). Each command sees `values`, the values known so far.
 */
export async function derivedDefaults(lab: Lab, given: Record<string, string>, values: Record<string, string>, environment: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  const derived: Record<string, string> = {};
  for (const spec of lab.meta.vars) {
    if (!spec.defaultFrom || given[spec.name] !== undefined || environment[spec.name] !== undefined) continue;
    const value = await helperOutput(lab, spec.defaultFrom, { ...values, ...derived });
    if (value) derived[spec.name] = value;
  }
  return derived;
}
