// `{{NAME}}` interpolation in expectation bodies. Unknown names stay as written so the author
// sees them in the diff, and are listed so the failure message can name them.

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export interface Interpolated {
  text: string;
  unknown: string[];
  /** The names whose values were put in. */
  used: string[];
}

/** Replaces `{{NAME}}` by `encode(vars.NAME)`; `encode` lets regex and JSON bodies escape values. */
export function interpolate(
  text: string,
  vars: Record<string, string>,
  encode: (value: string) => string = (value) => value,
): Interpolated {
  const unknown = new Set<string>();
  const used = new Set<string>();
  const replaced = text.replace(PLACEHOLDER, (whole, name: string) => {
    if (Object.prototype.hasOwnProperty.call(vars, name)) {
      used.add(name);
      return encode(vars[name]!);
    }
    unknown.add(name);
    return whole;
  });
  return { text: replaced, unknown: [...unknown], used: [...used] };
}

/** Every placeholder replaced by one stand-in, whatever its name (for lint, where values are unknown). */
export function replacePlaceholders(text: string, standIn: string): string {
  return text.replace(PLACEHOLDER, standIn);
}

/** Escapes a value so it matches itself literally inside a JavaScript regex. */
export function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Escapes a value for use inside a JSON string literal (a no-op for numbers and booleans). */
export function escapeJsonString(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/** The names of the `{{NAME}}` placeholders in `text`, in order of first use. */
export function placeholderNames(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1]!))];
}
