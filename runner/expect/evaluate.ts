// Judging one attempt of a step: the exit rule first, then every expectation against the
// stream it names. Each failing check becomes one Failure, positioned at what it checked.
import { textHash, type RememberedFacts } from '../text/hash.js';
import { formatPosition } from '../errors/index.js';
import type { SourcePosition } from '../errors/index.js';
import type { ExitSpec, Expectation, Mismatch, Observed } from './expectation.js';
import { checkExit, type ExitRule } from './exit-code.js';
import { interpolate } from './interpolate.js';
import { EXPECT_MODES } from './modes.js';
import { normalizeOutput } from './normalize.js';

export interface EvaluateOptions {
  /** The step's `exit=` attribute. */
  exit?: ExitSpec;
  /** Where the step's `exit=` was written, for its failure. */
  exitPosition?: SourcePosition;
  vars: Record<string, string>;
  /**
   * Whether a variable's value is secret (redact/secrets.ts: `secret: true`, or named like a
   * credential): a body with such a value put in is never remembered, not even as a hash. Without
   * it, no body with values put in is.
   */
  secret?: (name: string) => boolean;
}

/** Async: a matcher may import its engine on first use (expect/modes.ts). */
export async function evaluateAttempt(expectations: Expectation[], attempt: Observed, options: EvaluateOptions): Promise<Mismatch[]> {
  const problems = checkExit(attempt, exitRules(expectations, options));
  const failures: Mismatch[] = problems.map((problem) => ({ message: problem.position ? `${formatPosition(problem.position)}: ${problem.message}` : problem.message, position: problem.position }));
  if (problems.some((problem) => problem.abandoned)) return failures;
  for (const expectation of expectations) {
    const failure = await evaluateExpectation(expectation, attempt, options.vars, options.secret ?? (() => true));
    if (failure) failures.push(failure);
  }
  return failures;
}

/** Expectations that state an exit code override the step's; with none, the step's or 0. */
function exitRules(expectations: Expectation[], options: EvaluateOptions): ExitRule[] {
  const stated = expectations.filter((expectation) => expectation.exit !== undefined);
  if (stated.length > 0) return stated.map((expectation) => ({ spec: expectation.exit!, position: expectation.position }));
  if (options.exit !== undefined) return [{ spec: options.exit, position: options.exitPosition }];
  return [{ spec: 0 }];
}

/** Remembers that an expectation passed against an output, by a hash of both (set by a replay: see fs/content-cache.ts). */
let passed: RememberedFacts | undefined;

/**
 * Matching is a pure function of the mode, the body and the output: a replay that has seen a
 * recorded output pass an expectation before takes that verdict without matching again.
 * Failures are judged every time (their reasons and diffs are shown), and so is a body with a
 * secret `{{VAR}}` value put in (for `regex` too). `regex` keeps its own verdicts (match-regex.ts), shared with lint.
 * Undefined turns it off.
 */
export function rememberPassedExpectations(memo: RememberedFacts | undefined): void {
  passed = memo;
}

async function evaluateExpectation(expectation: Expectation, attempt: Observed, vars: Record<string, string>, secret: (name: string) => boolean): Promise<Mismatch | undefined> {
  const body = normalizeOutput(expectation.text);
  // ```expect exit=1``` with an empty body checks the exit code only.
  if (body.trim() === '' && expectation.exit !== undefined) return undefined;
  const mode = EXPECT_MODES[expectation.mode];
  const interpolated = interpolate(body, vars, mode.encode);
  const output = normalizeOutput(selectStream(expectation, attempt));
  // Not for a body with a secret value put in: not even its hash goes to disk.
  const remember = !interpolated.used.some(secret);
  const key = passed && expectation.mode !== 'regex' && remember ? textHash(`${expectation.mode}\u0000${interpolated.text}\u0000${output}`) : undefined;
  if (key !== undefined && passed!.get(key)) return undefined;
  const outcome = await mode.match(interpolated.text, output, { remember });
  if (outcome.pass) {
    if (key !== undefined) passed!.set(key, true);
    return undefined;
  }
  const unknown = interpolated.unknown.length > 0 ? ` (no value for ${interpolated.unknown.map((name) => `{{${name}}}`).join(', ')})` : '';
  return {
    message: `${formatPosition(expectation.position)}: ${streamName(expectation)} ${outcome.reason}${unknown}`,
    position: expectation.position,
    // Made when read (see failedOutcome): a spread of the failure (its redaction) reads it.
    get diff() {
      return outcome.diff;
    },
    ...(mode.severity === 'warn' ? { severity: 'warn' as const } : {}),
  };
}

function selectStream(expectation: Expectation, attempt: Observed): string {
  if (expectation.stream === 'stderr') return attempt.stderr;
  if (expectation.stream === 'stdout') return attempt.stdout;
  if (attempt.stdout === '' || attempt.stderr === '' || attempt.stdout.endsWith('\n')) return attempt.stdout + attempt.stderr;
  return `${attempt.stdout}\n${attempt.stderr}`; // keep stderr's first line from gluing onto stdout's last
}

function streamName(expectation: Expectation): string {
  const stream = expectation.stream === 'both' ? 'stdout+stderr' : expectation.stream;
  return `${stream} (${expectation.mode})`;
}
