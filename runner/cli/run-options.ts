// The flags `lab run` and `lab record` share, turned into RunLabsOptions.
import { LabError } from '../errors/index.js';
import { MAX_DURATION_MS, MAX_DURATION_TEXT, parseDuration } from '../text/duration.js';
import { parseAssignments, underCI } from './output.js';
import { colorWanted } from '../report/color.js';
import { createReporters, type Reporter } from '../report/index.js';
import { DEFAULT_OUTPUT_LINES } from '../model/events.js';

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
  kubeContext?: string;
  kubeconfig?: string;
  color?: boolean;
  /** `--profile`: how the labs are read, over the project config. */
  profile?: string;
  /** `lab record --allow-ci`: record under CI=true (a scheduled job). */
  allowCi?: boolean;
  /** `lab run --keep-going`: one pass shows every failure. */
  keepGoing?: boolean;
  /** `--output-lines N|all`: the pretty reporter's display cap per live step. */
  outputLines?: string;
}

/** `--output-lines`: a count of lines, `all` or `0` for no cap (undefined); default DEFAULT_OUTPUT_LINES. */
export function outputLinesOption(value: string | undefined): number | undefined {
  if (value === undefined) return DEFAULT_OUTPUT_LINES;
  if (value === 'all' || /^0+$/.test(value)) return undefined;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new LabError('BAD_INPUT', `bad --output-lines ${value}: write a number of lines, or all`, { hint: `e.g. --output-lines 20000; the default is ${DEFAULT_OUTPUT_LINES}` });
  }
  return Number(value);
}

export function commonRunOptions(flags: RunFlags) {
  let defaultTimeoutMs: number | undefined;
  if (flags.timeout !== undefined) {
    defaultTimeoutMs = parseDuration(flags.timeout);
    if (!defaultTimeoutMs) throw new LabError('BAD_INPUT', `bad --timeout ${flags.timeout}: write a number and a unit, e.g. 90s, 10m, 1h`);
    if (defaultTimeoutMs > MAX_DURATION_MS) throw new LabError('BAD_INPUT', `bad --timeout ${flags.timeout}: at most ${MAX_DURATION_TEXT}`);
  }
  return {
    vars: parseAssignments(flags.var, '--var'),
    sshOptions: parseAssignments(flags.sshOption, '--ssh-option'),
    sshConfig: flags.sshConfig,
    kubeContext: flags.kubeContext,
    kubeconfig: flags.kubeconfig,
    yes: Boolean(flags.yes),
    defaultTimeoutMs,
    selection: { only: flags.only, from: flags.from },
    keepGoing: Boolean(flags.keepGoing),
  };
}

/** The exit code of a run stopped by a signal: 128 + its number, as a shell reports it. */
const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type StopSignal = keyof typeof SIGNAL_EXIT_CODES;

/**
 * Ctrl-C (SIGINT) or SIGTERM aborts the running step (cleanup still runs); a second one leaves at
 * once. The signal's name is the abort reason, and `exitCode` is 130 for SIGINT, 143 for SIGTERM.
 */
export function interruptController(): { signal: AbortSignal; readonly exitCode: number; dispose(): void } {
  const controller = new AbortController();
  const handlers = new Map<StopSignal, () => void>();
  for (const name of Object.keys(SIGNAL_EXIT_CODES) as StopSignal[]) {
    const handler = () => {
      if (controller.signal.aborted) process.exit(SIGNAL_EXIT_CODES[name]);
      const what = name === 'SIGINT' ? 'interrupted' : 'terminated (SIGTERM)';
      const again = name === 'SIGINT' ? 'Ctrl-C again' : 'SIGTERM again';
      process.stderr.write(`\n${what}: stopping the step and running cleanup (${again} to leave now)\n`);
      controller.abort(name);
    };
    handlers.set(name, handler);
    process.on(name, handler);
  }
  return {
    signal: controller.signal,
    get exitCode() {
      return SIGNAL_EXIT_CODES[controller.signal.reason as StopSignal] ?? SIGNAL_EXIT_CODES.SIGINT;
    },
    dispose: () => {
      for (const [name, handler] of handlers) process.off(name, handler);
    },
  };
}

/**
 * The reporters `--reporter` asks for, writing to this process's stdout (`--no-color` sets flag
 * false). A CI runner that gives its job a terminal still gets a log's plain lines: nobody watches it redraw.
 */
export function reportersFor(specs: string[] | undefined, colorFlag: boolean | undefined, outputLines: string | undefined): Reporter[] {
  const cap = outputLinesOption(outputLines);
  return createReporters(specs ?? [], {
    stdout: process.stdout, isTTY: Boolean(process.stdout.isTTY) && !underCI(), color: colorWanted(process.stdout, { noColor: colorFlag === false }), cwd: process.cwd(),
    ...(cap === undefined ? {} : { outputLines: cap }),
  });
}
