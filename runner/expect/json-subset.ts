// The JSON subset relation: objects by key (recursively), arrays element by element (the
// actual array may be longer), primitives equal. Each difference is named by its JSON path.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const MAX_DIFFERENCES = 20;

export function jsonSubsetDifferences(expected: Json, actual: Json, path = '$'): string[] {
  const differences: string[] = [];
  collect(expected, actual, path, differences);
  return differences;
}

function collect(expected: Json, actual: Json, path: string, out: string[]): void {
  if (out.length >= MAX_DIFFERENCES) return;
  const expectedType = jsonType(expected);
  const actualType = jsonType(actual);
  if (expectedType !== actualType) {
    out.push(`${path}: expected ${describe(expected)}, got ${describe(actual)}`);
  } else if (expectedType === 'array') {
    const want = expected as Json[];
    const got = actual as Json[];
    if (got.length < want.length) out.push(`${path}: expected at least ${want.length} elements, got ${got.length}`);
    want.forEach((item, i) => i < got.length && collect(item, got[i]!, `${path}[${i}]`, out));
  } else if (expectedType === 'object') {
    const got = actual as Record<string, Json>;
    for (const [key, value] of Object.entries(expected as Record<string, Json>)) {
      const childPath = path + pathKey(key);
      if (Object.prototype.hasOwnProperty.call(got, key)) collect(value, got[key]!, childPath, out);
      else if (out.length < MAX_DIFFERENCES) out.push(`${childPath}: missing, expected ${describe(value)}`);
    }
  } else if (expected !== actual) {
    out.push(`${path}: expected ${describe(expected)}, got ${describe(actual)}`);
  }
}

/** The actual value cut down to the keys and elements the expected value names, for a readable diff. */
export function projectOnto(expected: Json, actual: Json): Json {
  const type = jsonType(expected);
  if (type !== jsonType(actual)) return actual;
  if (type === 'array') {
    const got = actual as Json[];
    return (expected as Json[]).slice(0, got.length).map((item, i) => projectOnto(item, got[i]!));
  }
  if (type === 'object') {
    const got = actual as Record<string, Json>;
    const projected: Record<string, Json> = {};
    for (const [key, value] of Object.entries(expected as Record<string, Json>)) {
      if (Object.prototype.hasOwnProperty.call(got, key)) projected[key] = projectOnto(value, got[key]!);
    }
    return projected;
  }
  return actual;
}

function jsonType(value: Json): 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as 'object' | 'string' | 'number' | 'boolean';
}

function describe(value: Json): string {
  const type = jsonType(value);
  if (type === 'array') return `an array (${abbreviate(JSON.stringify(value))})`;
  if (type === 'object') return `an object (${abbreviate(JSON.stringify(value))})`;
  return abbreviate(JSON.stringify(value));
}

function abbreviate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function pathKey(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}
