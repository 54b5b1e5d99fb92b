// Terminal conventions for every command: colour decisions and printing errors once, at the edge.
import { formatError, LabError } from '../errors/index.js';

export function colorEnabled(stream: NodeJS.WriteStream, flag?: boolean): boolean {
  if (flag === false) return false; // --no-color
  if ('NO_COLOR' in process.env && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY);
}

export function printError(error: LabError): void {
  process.stderr.write(`${formatError(error)}\n`);
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
