// Reporters by name, `--reporter name[:FILE]`, and fanning one event stream out to several.
import { LabError } from '../errors/index.js';
import { GithubReporter } from './github.js';
import { JsonReporter } from './json.js';
import { JunitReporter } from './junit.js';
import { PrettyReporter } from './pretty.js';
import type { Reporter } from './reporter.js';
import { TapReporter } from './tap.js';
import { createTarget } from './target.js';

export type { Reporter, RunInfo, StepProgress, OutputChunk } from './reporter.js';

export interface ReporterEnvironment {
  stdout: NodeJS.WritableStream;
  isTTY: boolean;
  color: boolean;
  cwd: string;
}

const REPORTERS: Record<string, (env: ReporterEnvironment, file?: string) => Reporter> = {
  pretty: (env, file) => {
    if (!file) return new PrettyReporter(env.stdout, env);
    const target = createTarget(env.stdout, file, env.cwd);
    return new PrettyReporter(target, { isTTY: false, color: false }, () => target.flush());
  },
  json: (env, file) => new JsonReporter(createTarget(env.stdout, file, env.cwd)),
  junit: (env, file) => new JunitReporter(createTarget(env.stdout, file, env.cwd)),
  tap: (env, file) => new TapReporter(createTarget(env.stdout, file, env.cwd)),
  github: (env, file) => new GithubReporter(createTarget(env.stdout, file, env.cwd)),
};

export const REPORTER_NAMES = Object.keys(REPORTERS);

export function createReporters(specs: string[], env: ReporterEnvironment): Reporter[] {
  const list = specs.length ? specs : ['pretty'];
  const toStdout = list.filter((spec) => !spec.includes(':'));
  if (toStdout.length > 1) {
    throw new LabError('BAD_INPUT', `only one reporter can write to stdout, got ${toStdout.join(', ')}`, { hint: 'send the others to files: --reporter junit:out/junit.xml' });
  }
  return list.map((spec) => {
    const colon = spec.indexOf(':');
    const name = colon === -1 ? spec : spec.slice(0, colon);
    const file = colon === -1 ? undefined : spec.slice(colon + 1);
    const make = REPORTERS[name];
    if (!make) throw new LabError('BAD_INPUT', `unknown reporter \`${name}\``, { hint: `use one of: ${REPORTER_NAMES.join(', ')} (optionally name:FILE)` });
    if (file === '') throw new LabError('BAD_INPUT', `--reporter ${spec} names no file`, { hint: `write --reporter ${name}:path/to/file` });
    return make(env, file);
  });
}

export function fanOut(reporters: Reporter[]): Reporter {
  return {
    onRunStart: (info) => reporters.forEach((r) => r.onRunStart?.(info)),
    onLabStart: (lab, mode) => reporters.forEach((r) => r.onLabStart?.(lab, mode)),
    onStepStart: (lab, step, progress) => reporters.forEach((r) => r.onStepStart?.(lab, step, progress)),
    onStepOutput: (lab, step, chunk) => reporters.forEach((r) => r.onStepOutput?.(lab, step, chunk)),
    onStepEnd: (lab, step, result) => reporters.forEach((r) => r.onStepEnd?.(lab, step, result)),
    onLabEnd: (lab, result) => reporters.forEach((r) => r.onLabEnd?.(lab, result)),
    onRunEnd: async (result) => {
      for (const reporter of reporters) await reporter.onRunEnd?.(result);
    },
  };
}
