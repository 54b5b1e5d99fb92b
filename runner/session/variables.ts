// Lab variables: where their values come from (frontmatter defaults, the environment, --var),
// how commands are shown with them expanded, and how secret values are kept out of output.
import { LabError } from '../errors/index.js';
import type { Lab } from '../model/lab.js';

export interface VariableSources {
  /** `--var NAME=VALUE` and answers typed in a walk. */
  given: Record<string, string>;
  environment: NodeJS.ProcessEnv;
  /** Values proposed by `default-from` commands (live runs only). */
  derived?: Record<string, string>;
}

/** Resolves every declared variable: --var, then the environment, then default-from, then default. */
export function resolveVariables(lab: Lab, sources: VariableSources): { values: Record<string, string>; missing: string[] } {
  const values: Record<string, string> = {};
  const missing: string[] = [];
  for (const spec of lab.meta.vars) {
    const value = sources.given[spec.name] ?? sources.environment[spec.name] ?? sources.derived?.[spec.name] ?? spec.default;
    if (value === undefined) missing.push(spec.name);
    else values[spec.name] = value;
  }
  for (const [name, value] of Object.entries(sources.given)) values[name] ??= value;
  return { values, missing };
}

export function missingVariablesError(lab: Lab, missing: string[]): LabError {
  const how = missing.map((name) => `--var ${name}=...`).join(' ');
  return new LabError('MISSING_VARIABLE', `${lab.displayPath}: no value for ${missing.map((n) => `\`${n}\``).join(', ')}`, {
    hint: `a headless run never prompts: pass ${how} or set ${missing.length === 1 ? 'it' : 'them'} in the environment`,
    position: { file: lab.displayPath, line: 1, column: 1 },
  });
}

/** `$NAME` and `${NAME}` replaced by known values; unknown names stay as written. */
export function expandVariables(text: string, values: Record<string, string>): string {
  return text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (whole, braced?: string, bare?: string) => {
    const value = values[(braced ?? bare)!];
    return value === undefined ? whole : value;
  });
}

/** Replaces every secret value in text with `<SECRET:NAME>`. Longest first, so overlaps stay hidden. */
export function maskSecrets(text: string, secrets: Record<string, string>): string {
  let masked = text;
  const entries = Object.entries(secrets).filter(([, value]) => value.length >= 3).sort((a, b) => b[1].length - a[1].length);
  for (const [name, value] of entries) masked = masked.split(value).join(`<SECRET:${name}>`);
  return masked;
}

export function secretValues(lab: Lab, values: Record<string, string>): Record<string, string> {
  const secrets: Record<string, string> = {};
  for (const spec of lab.meta.vars) if (spec.secret && values[spec.name] !== undefined) secrets[spec.name] = values[spec.name]!;
  return secrets;
}
