// A schema issue (zod/mini, which carries no message catalogue) in plain words, for the
// frontmatter of a lab and for fixture files alike.
import type * as z from 'zod/mini';

const TYPE_NAMES: Record<string, string> = { int: 'integer', nan: 'number' };

/** e.g. `must be a number`, `is missing`, `has an unknown key \`foo\``, `must be more than 0`. */
export function describeIssue(issue: z.core.$ZodIssue, valueAtPath: unknown): string {
  switch (issue.code) {
    case 'invalid_type': {
      if (valueAtPath === undefined) return 'is missing';
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      return `must be ${article(expected)} ${expected}`;
    }
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${JSON.stringify(issue.values[0])}` : `must be one of ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `has ${issue.keys.length === 1 ? 'an unknown key' : 'unknown keys'} ${issue.keys.map((k) => `\`${k}\``).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'string') return 'must not be empty';
      return issue.inclusive === false ? `must be more than ${String(issue.minimum)}` : `must be at least ${String(issue.minimum)}`;
    case 'invalid_key': {
      // A record key that fails its own schema: the path ends at the key, so say what a key must be.
      const inner = issue.issues[0];
      return inner ? describeIssue(inner, String(issue.path.at(-1) ?? '')) : 'is not a valid key';
    }
    case 'invalid_union':
      return 'has the wrong shape';
    case 'invalid_format':
      return issue.message && issue.message !== 'Invalid input' ? `must be ${issue.message}` : `is not a valid ${issue.format}`;
    default:
      return issue.message;
  }
}

/** The value a schema issue's path points at in `data` (undefined when the path runs out). */
export function valueAtPath(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}
