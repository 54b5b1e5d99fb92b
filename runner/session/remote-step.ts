// A remote (`hosts=`) step live: each round runs the block on the hosts that have not passed
// yet (bounded parallel ssh), checks each host's output, and retries only the failing ones.
import { evaluateAttempt } from '../expect/index.js';
import type { Step } from '../model/lab.js';
import type { HostResult } from '../model/result.js';
import { runOnHosts, type RunOnHostsOptions } from './ssh-fanout.js';

export interface RemoteRunOptions extends Omit<RunOnHostsOptions, 'onOutput'> {
  maxAttempts: number;
  intervalMs: number;
  vars: () => Record<string, string>;
  onOutput?: (host: string, chunk: { stream: 'stdout' | 'stderr'; text: string }) => void;
  onAttempt?: (attempt: number) => void;
}

export async function runRemoteStep(step: Step, script: string, hosts: string[], options: RemoteRunOptions): Promise<HostResult[]> {
  const results = new Map<string, HostResult>(hosts.map((host) => [host, { host, status: 'failed', attempts: [], failures: [] }]));
  let pending = hosts;
  for (let k = 1; k <= options.maxAttempts && pending.length > 0; k++) {
    options.onAttempt?.(k);
    const runs = await runOnHosts(script, pending, options);
    for (const run of runs) {
      const result = results.get(run.host)!;
      result.attempts.push(run.attempt);
      result.error = run.error;
      result.failures = run.error ? [] : evaluateAttempt(step.expectations, run.attempt, { exit: step.attributes.exit, vars: options.vars() }).map((f) => ({ ...f, host: run.host }));
      result.status = run.error || result.failures.length > 0 ? 'failed' : 'passed';
    }
    pending = pending.filter((host) => results.get(host)!.status === 'failed');
    if (options.signal?.aborted) break;
    if (pending.length > 0 && k < options.maxAttempts) await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
  }
  return hosts.map((host) => results.get(host)!);
}
