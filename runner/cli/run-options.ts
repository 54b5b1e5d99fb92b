// The flags `lab run` and `lab record` share, turned into RunLabsOptions.
import { LabError } from '../errors/index.js';
import { parseDuration } from '../lab/duration.js';
import { parseAssignments } from './output.js';
import { colorWanted } from '../report/color.js';
import { createReporters, type Reporter } from '../report/index.js';

export interface RunFlags {
  live?: boolean;
  reporter?: string[];
  shard?: string;
  only?: string[];
  from?: string;
  var?: string[];
  timeout?: string;
  yes?: boolean;
  /** Run live a lab from outside this project's labs/ folder. */
  trust?: boolean;
  sshConfig?: string;
  sshOption?: string[];
  color?: boolean;
}

export function commonRunOptions(flags: RunFlags) {
  let defaultTimeoutMs: number | undefined;
  if (flags.timeout !== undefined) {
    defaultTimeoutMs = parseDuration(flags.timeout);
    if (!defaultTimeoutMs) throw new LabError('BAD_INPUT', `bad --timeout ${flags.timeout}: write a number and a unit, e.g. 90s, 10m, 1h`);
  }
  return {
    vars: parseAssignments(flags.var, '--var'),
    sshOptions: parseAssignments(flags.sshOption, '--ssh-option'),
    sshConfig: flags.sshConfig,
    yes: Boolean(flags.yes),
    defaultTimeoutMs,
    selection: { only: flags.only, from: flags.from },
  };
}

/** Ctrl-C aborts the running step (cleanup still runs); a second Ctrl-C leaves at once. */
export function interruptController(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\ninterrupted: stopping the step and running cleanup (Ctrl-C again to leave now)\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  return { signal: controller.signal, dispose: () => { process.off('SIGINT', onSigint); process.off('SIGTERM', onSigint); } };
}

/** The reporters `--reporter` asks for, writing to this process's stdout (`--no-color` sets flag false). */
export function reportersFor(specs: string[] | undefined, colorFlag: boolean | undefined): Reporter[] {
  return createReporters(specs ?? [], {
    stdout: process.stdout, isTTY: Boolean(process.stdout.isTTY), color: colorWanted(process.stdout, { noColor: colorFlag === false }), cwd: process.cwd(),
  });
}
