// Which values are secret: the lab's `secret: true` variables, and any variable whose name says
// it holds a credential.
import type { Lab } from '../model/lab.js';
import type { Redactor } from './redact.js';

/** The values of the lab's `secret: true` variables, by name. */
export function secretValues(lab: Lab, values: Record<string, string>): Record<string, string> {
  const secrets: Record<string, string> = {};
  for (const spec of lab.meta.vars) if (spec.secret && values[spec.name] !== undefined) secrets[spec.name] = values[spec.name]!;
  return secrets;
}

/** A variable's value alone has no context for the patterns; its name gives it (`AWS_SECRET_ACCESS_KEY=...`). */
const SECRET_NAME = /SECRET|TOKEN|PASSWORD|PASSWD|PRIVATE|CREDENTIAL|API_?KEY/i;

/** Whether a variable of the lab holds a secret: declared `secret: true`, or named like a credential. */
export function secretVariable(lab: Lab): (name: string) => boolean {
  const declared = new Set(lab.meta.vars.filter((spec) => spec.secret).map((spec) => spec.name));
  return (name) => declared.has(name) || SECRET_NAME.test(name);
}

/** A variable's value as it may be shown or written: redacted with its name as context. */
export function redactVariable(redactor: Redactor, name: string, value: string): string {
  if (SECRET_NAME.test(name) && value) return redactor.redact(value) === value ? `<SECRET:${name}>` : redactor.redact(value);
  const prefix = `export ${name}=`;
  const redacted = redactor.redact(`${prefix}${value}`);
  return redacted.startsWith(prefix) ? redacted.slice(prefix.length) : redactor.redact(value);
}
