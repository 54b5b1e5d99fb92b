// Terminal conventions for every command: errors printed once, at the edge, and `NAME=VALUE` flags.
import { formatError, LabError } from '../errors/index.js';
import { redactCredentials } from '../redact/display.js';
import { terminalText } from '../text/terminal-text.js';

/** CI is set (to anything but false/0): no fixture is written, no line is redrawn. */
export function underCI(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI;
  return Boolean(ci) && ci !== 'false' && ci !== '0';
}

/** CI never writes fixtures: `lab record` and `lab accept` refuse under CI. */
export function refuseUnderCI(command: string): void {
  if (underCI()) {
    throw new LabError('REFUSED', `${command} is refused under CI=true: CI replays fixtures, it never writes them`, {
      hint: 'record on your own machine against your own account, review the diff, and commit the fixture',
    });
  }
}

/** An error, once, on stderr; a credential it quotes (a mistyped `--var`) is masked, control characters escaped. */
export function printError(error: LabError): void {
  printNotice(formatError(error));
}

/** A line of lab's own on stderr (a notice, "not recorded: …"): credentials masked, control characters escaped. */
export function printNotice(text: string): void {
  process.stderr.write(`${terminalText(redactCredentials(text))}\n`);
}

/** `--var NAME=VALUE` (repeatable) -> a record; a malformed one is bad input. */
export function parseAssignments(values: string[] | undefined, flag: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const value of values ?? []) {
    const match = /^([A-Za-z_][A-Za-z0-9_-]*)=(.*)$/s.exec(value);
    if (!match) throw new LabError('BAD_INPUT', `bad ${flag} \`${value}\`: write ${flag} NAME=VALUE`);
    result[match[1]!] = match[2]!;
  }
  return result;
}
