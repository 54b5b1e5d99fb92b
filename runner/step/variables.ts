// Lab variables: where their values come from (frontmatter defaults, the environment, --var),
// and how commands are shown with them expanded.
import { LabError } from '../errors/index.js';
import type { Lab } from '../model/lab.js';
import { didYouMean } from '../text/suggest.js';
import { labVariableNames } from '../lab/shell-variables.js';

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

/**
 * `--var NAME=…` for a name none of the labs knows (declares in `vars:` or its project's, captures,
 * or assigns in a block: a value for a later step, with `--from`) is a typo until shown otherwise:
 * an error naming the closest known name. One check for `lab walk`, `lab run` and `lab record`;
 * several labs (a folder) accept a name any of them knows.
 */
export function checkGivenVariables(labs: Lab[], given: Record<string, string>): void {
  if (labs.length === 0 || Object.keys(given).length === 0) return;
  const known = new Set(labs.flatMap((lab) => [...labVariableNames(lab)]));
  const unknown = Object.keys(given).find((name) => !known.has(name));
  if (unknown === undefined) return;
  const declared = [...new Set(labs.flatMap((lab) => lab.meta.vars.map((spec) => spec.name)))];
  const one = labs.length === 1;
  const where = one ? `${labs[0]!.displayPath} declares no variable` : `none of the ${labs.length} labs declares a variable`;
  throw new LabError('BAD_INPUT', `--var ${unknown}: ${where} \`${unknown}\`${didYouMean(unknown, [...known])}`, {
    hint: declared.length > 0
      ? `${one ? 'its' : 'their'} variables: ${declared.join(', ')} (declare more under vars: in the frontmatter)`
      : `${one ? 'it declares' : 'they declare'} no variables (vars: in the frontmatter)`,
    position: { file: labs[0]!.displayPath, line: 1, column: 1 },
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
