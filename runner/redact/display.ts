// Redaction of what a person sees (the terminal, report files), with the same redactor fixtures
// use: secret variables and every credential shape (AWS keys and tokens, EKS tokens, JWTs, PEM
// keys, kubeconfig data, GitHub tokens, bearer tokens). Account ids stay visible on the terminal.
// Live output, which arrives in chunks, goes through LineRedactor (line-redactor.ts) first.
import type { Lab } from '../model/lab.js';
import type { AttemptResult, Failure, RemoteResult, StepResult } from '../model/result.js';
import { createRedactor, type FixedPoints, type Redactor } from './redact.js';
import { secretValues } from './secrets.js';

export type RedactText = (text: string) => string;

let fixedPoints: FixedPoints | undefined;

/**
 * Replay (set by `lab run` with the content cache on): the display redactor remembers which texts
 * it leaves unchanged, so a recorded output, already redacted in its fixture, is looked up instead
 * of searched by every pattern again (see RedactorOptions.fixedPoints). Undefined turns it off.
 */
export function rememberDisplayFixedPoints(memo: FixedPoints | undefined): void {
  fixedPoints = memo;
}

/** The last display redactor made, and what it was made of. */
let last: { secrets: string; fixedPoints: FixedPoints | undefined; redactor: Redactor } | undefined;

/**
 * Terminal and reports: credentials and the lab's secret values; account ids and `redact:` rules
 * are for fixtures. Made of the secret values alone, it is the same for every lab with the same
 * ones (a run of labs without secrets makes one): its counts, which no display reads, are those
 * of every text it redacted.
 */
export function displayRedactor(lab: Lab, values: Record<string, string>): Redactor {
  const secrets = secretValues(lab, values);
  const key = JSON.stringify(Object.entries(secrets));
  if (last?.secrets === key && last.fixedPoints === fixedPoints) return last.redactor;
  const redactor = createRedactor({ secretValues: secrets, rules: [], accounts: false, fixedPoints });
  last = { secrets: key, fixedPoints, redactor };
  return redactor;
}

/** Credentials only (no lab known): errors printed at the command line's edge. */
let credentials: Redactor | undefined;
export function redactCredentials(text: string): string {
  credentials ??= createRedactor({ secretValues: [], rules: [], accounts: false });
  return credentials.redact(text);
}

/** Every text of a result redacted: command, outputs, failure messages and diffs, host errors, variables. */
export function redactStepResult(result: StepResult, redact: RedactText, redactVariable: (name: string, value: string) => string = (_name, value) => redact(value)): StepResult {
  const attempt = (a: AttemptResult): AttemptResult => ({ ...a, stdout: redact(a.stdout), stderr: redact(a.stderr) });
  const failure = (f: Failure): Failure => ({ ...f, message: redact(f.message), ...(f.diff === undefined ? {} : { diff: redact(f.diff) }) });
  const remote = (h: RemoteResult): RemoteResult => ({
    ...h, attempts: h.attempts.map(attempt), failures: h.failures.map(failure), ...(h.error === undefined ? {} : { error: redact(h.error) }),
  });
  return {
    ...result,
    command: redact(result.command),
    ...(result.skipReason === undefined ? {} : { skipReason: redact(result.skipReason) }),
    attempts: result.attempts.map(attempt),
    failures: result.failures.map(failure),
    ...(result.warnings ? { warnings: result.warnings.map(failure) } : {}),
    ...(result.hooks ? { hooks: result.hooks.map((hook) => ({ ...hook, attempts: hook.attempts.map(attempt) })) } : {}),
    ...(result.remotes ? { remotes: result.remotes.map(remote) } : {}),
    ...(result.variables ? { variables: Object.fromEntries(Object.entries(result.variables).map(([name, value]) => [name, redactVariable(name, value)])) } : {}),
  };
}
