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

/** A variable's value as it may be shown or written: redacted with its name as context. */
export function redactVariable(redactor: Redactor, name: string, value: string): string {
  if (SECRET_NAME.test(name) && value) return redactor.redact(value) === value ? `<SECRET:${name}>` : redactor.redact(value);
  const prefix = `export ${name}=`;
  const redacted = redactor.redact(`${prefix}${value}`);
  return redacted.startsWith(prefix) ? redacted.slice(prefix.length) : redactor.redact(value);
}
