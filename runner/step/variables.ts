// Lab variables: where their values come from (frontmatter defaults, the environment, --var),
// and how commands are shown with them expanded.
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
    if (value === undefined) {
      if (!spec.fromSession) missing.push(spec.name);
    }
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

/** The first `$NAME` left in expanded text: a variable with no value yet. */
export function unresolvedVariable(expanded: string): string | undefined {
  return /\$\{?([A-Za-z_][A-Za-z0-9_]*)/.exec(expanded)?.[1];
}
