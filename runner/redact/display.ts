// Redaction of what a person sees (the terminal, report files), with the same redactor fixtures
// use: secret variables and every credential shape (AWS keys and tokens, EKS tokens, JWTs, PEM
// keys, kubeconfig data, GitHub tokens, bearer tokens). Account ids stay visible on the terminal.
// Live output arrives in chunks: LineRedactor cuts it into whole lines first, so a secret split
// across two chunks is still seen whole, and drops the body of a PEM block printed line by line.
import type { Lab } from '../model/lab.js';
import type { AttemptResult, Failure, RemoteResult, StepResult } from '../model/result.js';
import { createRedactor, type Redactor } from './redact.js';
import { secretValues } from './secrets.js';

export type RedactText = (text: string) => string;

/** Terminal and reports: credentials and the lab's secret values; account ids and `redact:` rules are for fixtures. */
export function displayRedactor(lab: Lab, values: Record<string, string>): Redactor {
  return createRedactor({ secretValues: secretValues(lab, values), rules: [], accounts: false });
}

/** Credentials only (no lab known): errors printed at the command line's edge. */
let credentials: Redactor | undefined;
export function redactCredentials(text: string): string {
  credentials ??= createRedactor({ secretValues: [], rules: [], accounts: false });
  return credentials.redact(text);
}

const PEM_BEGIN = /-----BEGIN ([A-Z0-9 ]+)-----/;
/** Inside a PEM block: base64 lines, `Proc-Type:`-style headers, blank lines. */
const PEM_BODY = /^(?:[ \t]*[A-Za-z0-9+/=]*[ \t]*|[A-Za-z-]+: .*)\r?\n?$/;
const MAX_PARTIAL = 64 * 1024;

/**
 * Whole lines in, redacted lines out. An unfinished line waits for its end (or flush); a line
 * longer than 64 KiB is redacted as it is, so memory stays bounded.
 */
export class LineRedactor {
  private partial = '';
  private pemKind: string | undefined;

  /** `redact` is asked for each block of lines: secret values can change as a step runs. */
  constructor(private readonly redact: () => RedactText) {}

  push(text: string): string {
    const last = text.lastIndexOf('\n');
    if (last === -1) {
      this.partial += text;
      if (this.partial.length <= MAX_PARTIAL) return '';
      const long = this.partial;
      this.partial = '';
      return this.lines(long);
    }
    const complete = this.partial + text.slice(0, last + 1);
    this.partial = text.slice(last + 1);
    return this.lines(complete);
  }

  /** The step ended: what is left of its last line. */
  flush(): string {
    const rest = this.partial;
    this.partial = '';
    const out = rest ? this.lines(rest) : '';
    this.pemKind = undefined;
    return out;
  }

  /** Whole lines at once; line by line only around a PEM block, whose body spans lines. */
  private lines(block: string): string {
    if (this.pemKind === undefined && !block.includes('-----BEGIN ')) return this.redact()(block);
    let out = '';
    let start = 0;
    for (let newline = block.indexOf('\n'); start < block.length; newline = block.indexOf('\n', start)) {
      const end = newline === -1 ? block.length : newline + 1;
      out += this.line(block.slice(start, end));
      start = end;
    }
    return out;
  }

  private line(line: string): string {
    const redact = this.redact();
    if (this.pemKind !== undefined) {
      const end = `-----END ${this.pemKind}-----`;
      const at = line.indexOf(end);
      if (at !== -1) {
        this.pemKind = undefined;
        const after = line.slice(at + end.length);
        return after.trim() ? redact(after) : '';
      }
      if (PEM_BODY.test(line)) return '';
      this.pemKind = undefined; // not a PEM body after all: show the line, redacted
    }
    const begin = PEM_BEGIN.exec(line);
    if (begin && !line.includes(`-----END ${begin[1]}-----`, begin.index)) {
      this.pemKind = begin[1];
      const placeholder = /PRIVATE KEY/.test(begin[1]!) ? '<PRIVATE_KEY>' : '<CERTIFICATE_DATA>';
      return `${redact(line.slice(0, begin.index))}${placeholder}${line.endsWith('\n') ? '\n' : ''}`;
    }
    return redact(line);
  }
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
