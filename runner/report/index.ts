// Reporters by name, `--reporter name[:FILE]`, and fanning one event stream out to several.
// Adding a reporter means one file and one line in REPORTERS below.
import { LabError } from '../errors/index.js';
import { GithubReporter } from './github.js';
import { JsonReporter } from './json.js';
import { JunitReporter } from './junit.js';
import { PrettyReporter } from './pretty.js';
import type { Reporter } from './reporter.js';
import { TapReporter } from './tap.js';
import { createTarget } from './target.js';

export type { Reporter, RunInfo, StepProgress, OutputChunk } from './reporter.js';
export { summarize, stripAnsi, type RunSummary } from './summary.js';

export interface ReporterEnvironment {
  stdout: NodeJS.WritableStream;
  isTTY: boolean;
  color: boolean;
  cwd: string;
  /** The pretty reporter's `--output-lines`: undefined, every line. */
  outputLines?: number;
}

interface ReporterKind {
  create(env: ReporterEnvironment, file?: string): Reporter;
  /** Writes one document at the end: on stdout it cannot share the stream with anything else. */
  document: boolean;
}

const REPORTERS: Record<string, ReporterKind> = {
  pretty: {
    document: false,
    create: (env, file) => {
      if (!file) return new PrettyReporter(env.stdout, env);
      const target = createTarget(env.stdout, file, env.cwd);
      return new PrettyReporter(target, { isTTY: false, color: false, outputLines: env.outputLines }, () => target.flush());
    },
  },
  json: { document: true, create: (env, file) => new JsonReporter(createTarget(env.stdout, file, env.cwd)) },
  junit: { document: true, create: (env, file) => new JunitReporter(createTarget(env.stdout, file, env.cwd)) },
  tap: { document: true, create: (env, file) => new TapReporter(createTarget(env.stdout, file, env.cwd)) },
  github: { document: false, create: (env, file) => new GithubReporter(createTarget(env.stdout, file, env.cwd), process.env.GITHUB_STEP_SUMMARY || undefined) },
};

export const REPORTER_NAMES = Object.keys(REPORTERS);

interface ReporterSpec {
  spec: string;
  name: string;
  kind: ReporterKind;
  file?: string;
}

function parseSpec(spec: string): ReporterSpec {
  const colon = spec.indexOf(':');
  const name = colon === -1 ? spec : spec.slice(0, colon);
  const file = colon === -1 ? undefined : spec.slice(colon + 1);
  const kind = Object.hasOwn(REPORTERS, name) ? REPORTERS[name] : undefined;
  if (!kind) throw new LabError('BAD_INPUT', `unknown reporter \`${name}\`; valid reporters: ${REPORTER_NAMES.join(', ')}`, { hint: 'write --reporter NAME or --reporter NAME:FILE' });
  if (file === '') throw new LabError('BAD_INPUT', `--reporter ${spec} names no file`, { hint: `write --reporter ${name}:path/to/file` });
  return { spec, name, kind, file };
}

/** `pretty` when no spec is given. At most one document reporter may write to stdout, and then alone. */
export function createReporters(specs: string[], env: ReporterEnvironment): Reporter[] {
  const parsed = (specs.length ? specs : ['pretty']).map(parseSpec);
  const onStdout = parsed.filter((spec) => !spec.file);
  if (onStdout.length > 1 && onStdout.some((spec) => spec.kind.document)) {
    throw new LabError('BAD_INPUT', `${onStdout.map((s) => s.name).join(' and ')} cannot all write to stdout: a json, junit or tap document must be alone there`, {
      hint: 'send the others to files: --reporter junit:out/junit.xml',
    });
  }
  // A line redrawn in place is pretty's alone: another reporter's lines on the same terminal would land inside it.
  const shared = onStdout.length > 1 ? { ...env, isTTY: false } : env;
  return parsed.map((spec) => spec.kind.create(spec.file ? env : shared, spec.file));
}

/** One reporter that calls every hook of each, in order; onRunEnd awaits each before the next. */
/**
 * One reporter that forwards every event to several. A reporter that throws is dropped so the
 * others still see the whole run; its error is raised once the run has ended (a report file that
 * cannot be written is a failed run, not a silent one).
 */
export function fanOut(reporters: Reporter[]): Reporter {
  const failures = new Map<Reporter, unknown>();
  const each = (call: (reporter: Reporter) => void) => {
    for (const reporter of reporters) {
      if (failures.has(reporter)) continue;
      try {
        call(reporter);
      } catch (error) {
        failures.set(reporter, error);
      }
    }
  };
  // Live output is cut short only when every reporter showing it cuts it: then at the most lines any shows.
  const showing = reporters.filter((r) => r.onStepOutput);
  const caps = showing.map((r) => r.liveOutputLines);
  const liveOutputLines = showing.length > 0 && caps.every((cap) => cap !== undefined) ? Math.max(...(caps as number[])) : undefined;
  return {
    ...(liveOutputLines === undefined ? {} : { liveOutputLines }),
    onRunStart: (info) => each((r) => r.onRunStart?.(info)),
    onLabStart: (lab, mode) => each((r) => r.onLabStart?.(lab, mode)),
    onStepStart: (lab, step, progress) => each((r) => r.onStepStart?.(lab, step, progress)),
    // None shows live output (json, junit alone): none is asked, and the step runner neither decodes nor redacts it.
    ...(showing.length === 0 ? {} : {
      onStepOutput: (lab, step, chunk) => {
        // Every reporter that is full holds the step's output back until it has drained.
        const waits: Promise<void>[] = [];
        each((r) => {
          const wait = r.onStepOutput?.(lab, step, chunk);
          if (wait) waits.push(wait);
        });
        return waits.length === 0 ? undefined : waits.length === 1 ? waits[0] : Promise.all(waits).then(() => {});
      },
    } satisfies Pick<Reporter, 'onStepOutput'>),
    onStepEnd: (lab, step, result) => each((r) => r.onStepEnd?.(lab, step, result)),
    onLabEnd: (lab, result) => each((r) => r.onLabEnd?.(lab, result)),
    onRunEnd: async (result) => {
      for (const reporter of reporters) {
        if (failures.has(reporter)) continue;
        try {
          await reporter.onRunEnd?.(result);
        } catch (error) {
          failures.set(reporter, error);
        }
      }
      const [first] = failures.values();
      if (first === undefined) return;
      if (first instanceof LabError) throw first;
      const cause = first as NodeJS.ErrnoException;
      throw new LabError('BAD_INPUT', `a reporter failed: ${cause?.message ?? String(first)}`, { hint: 'check the --reporter NAME:FILE paths', cause: first });
    },
  };
}
