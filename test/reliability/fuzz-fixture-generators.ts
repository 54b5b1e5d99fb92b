// Generators for bad fixtures: the real fixtures edited the way people and tools break YAML by
// hand (a field deleted, a wrong type, the wrong format version, a step duplicated, text
// re-indented, block scalars changed, anchors and aliases, tags), then any text mutation on top.
import fc from 'fast-check';
import { parseDocument, stringify } from 'yaml';
import { nastyOutput, oddText } from './fuzz-generators.js';

type Path = (string | number)[];

export type Edit =
  | { kind: 'delete'; at: number }
  | { kind: 'retype'; at: number; value: unknown }
  | { kind: 'unknown-key'; at: number; key: string; value: unknown }
  | { kind: 'duplicate-item'; at: number }
  | { kind: 'format'; value: unknown }
  | { kind: 'swap-values'; at: number; with: number };

/** Values of the wrong type (or the right type, out of range) for any field. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 53 + 1, 1e308, '', ' ', '0', 'pending', 'recorded', 'synthesized', 'SIGKILL', [], {}, [null], { exit: 0 }, [{ id: 'x' }]),
  oddText,
  nastyOutput,
  fc.integer(),
  fc.double(),
  fc.array(fc.oneof(fc.integer(), oddText), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('id', 'exit', 'stdout', 'x', 'attempts', 'hosts'), fc.oneof(fc.integer(), oddText), { maxKeys: 3 }),
);

export const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.nat().map((at) => ({ kind: 'delete', at }) as const),
  { weight: 3, arbitrary: fc.tuple(fc.nat(), wrongValue).map(([at, value]) => ({ kind: 'retype', at, value }) as const) },
  fc.tuple(fc.nat(), fc.oneof(fc.constantFrom('extra', 'exitCode', 'stdOut', 'Steps', 'id ', 'provenence', '__proto__', 'constructor', 'toString'), oddText), wrongValue).map(([at, key, value]) => ({ kind: 'unknown-key', at, key, value }) as const),
  fc.nat().map((at) => ({ kind: 'duplicate-item', at }) as const),
  fc.constantFrom(0, 2, '1', 1.0, 1.5, null, -1, 'one', [1]).map((value) => ({ kind: 'format', value }) as const),
  fc.tuple(fc.nat(), fc.nat()).map(([at, other]) => ({ kind: 'swap-values', at, with: other }) as const),
);

/** Every path in a JSON-like value, parents before children. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const paths: Path[] = [prefix];
  if (Array.isArray(value)) value.forEach((item, index) => paths.push(...pathsOf(item, [...prefix, index])));
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...prefix, key]));
  return paths;
}

function getAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((value, key) => (value as Record<string | number, unknown>)?.[key], root);
}

function setAt(root: unknown, path: Path, value: unknown): void {
  const parent = getAt(root, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1]!] = value;
}

/** Applies structural edits to the fixture's data (JSON-safe values) and writes it back as YAML. */
export function applyEdits(yamlText: string, edits: Edit[]): string {
  let data: unknown;
  try {
    // Only valid YAML is edited as data (toJS on a broken document can take minutes).
    const document = parseDocument(yamlText, { logLevel: 'silent' });
    if (document.errors.length > 0) return yamlText;
    data = document.toJS();
  } catch {
    return yamlText;
  }
  if (data === null || typeof data !== 'object') return yamlText;
  for (const e of edits) {
    const paths = pathsOf(data).filter((path) => path.length > 0);
    if (paths.length === 0) break;
    const path = 'at' in e ? paths[e.at % paths.length]! : [];
    switch (e.kind) {
      case 'delete': {
        const parent = getAt(data, path.slice(0, -1));
        const key = path[path.length - 1]!;
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete (parent as Record<string, unknown>)[key];
        break;
      }
      case 'retype':
        setAt(data, path, e.value);
        break;
      case 'unknown-key': {
        const target = getAt(data, path);
        const holder = target !== null && typeof target === 'object' && !Array.isArray(target) ? target : getAt(data, path.slice(0, -1));
        if (holder !== null && typeof holder === 'object' && !Array.isArray(holder)) Object.defineProperty(holder, e.key, { value: e.value, enumerable: true, configurable: true, writable: true });
        break;
      }
      case 'duplicate-item': {
        const parent = getAt(data, path.slice(0, -1));
        if (Array.isArray(parent)) parent.splice(Number(path[path.length - 1]), 0, structuredClone(getAt(data, path)));
        break;
      }
      case 'format':
        (data as Record<string, unknown>).format = e.value;
        break;
      case 'swap-values': {
        const other = paths[e.with % paths.length]!;
        if (isPrefix(path, other) || isPrefix(other, path)) break;
        const a = getAt(data, path);
        setAt(data, path, getAt(data, other));
        setAt(data, other, a);
        break;
      }
    }
  }
  return stringify(data, { lineWidth: 0 });
}

function isPrefix(a: Path, b: Path): boolean {
  return a.length <= b.length && a.every((key, index) => b[index] === key);
}

export type HandEdit =
  | { kind: 'block-style'; at: number; style: string }
  | { kind: 'unquote'; at: number }
  | { kind: 'anchor-alias'; at: number }
  | { kind: 'alias-bomb'; depth: number }
  | { kind: 'tag'; at: number; tag: string }
  | { kind: 'document-marker'; at: number; marker: string }
  | { kind: 'duplicate-key'; at: number }
  | { kind: 'comment'; at: number; text: string };

/** What people do to YAML in an editor, on the text itself. */
export const handEdit: fc.Arbitrary<HandEdit> = fc.oneof(
  fc.tuple(fc.nat(), fc.constantFrom('|', '|-', '|+', '>', '>-', '|2', '|9', '|-1', '| x', '')).map(([at, style]) => ({ kind: 'block-style', at, style }) as const),
  fc.nat().map((at) => ({ kind: 'unquote', at }) as const),
  fc.nat().map((at) => ({ kind: 'anchor-alias', at }) as const),
  fc.integer({ min: 2, max: 9 }).map((depth) => ({ kind: 'alias-bomb', depth }) as const),
  fc.tuple(fc.nat(), fc.constantFrom('!!binary', '!!str', '!!int', '!!float', '!!null', '!!map', '!!seq', '!!timestamp', '!!set', '!!omap', '!!js/function', '!custom', '!<tag:x>')).map(([at, tag]) => ({ kind: 'tag', at, tag }) as const),
  fc.tuple(fc.nat(), fc.constantFrom('---', '...', '--- !!map', '%YAML 1.1\n---', '%YAML 9.9\n---')).map(([at, marker]) => ({ kind: 'document-marker', at, marker }) as const),
  fc.nat().map((at) => ({ kind: 'duplicate-key', at }) as const),
  fc.tuple(fc.nat(), oddText).map(([at, text]) => ({ kind: 'comment', at, text: text.replace(/\n/g, ' ') }) as const),
);

export function applyHandEdits(text: string, edits: HandEdit[]): string {
  for (const e of edits) {
    const lines = text.split('\n');
    const keyLines = lines.map((line, index) => (/^\s*(- )?[A-Za-z]+:( |$)/.test(line) ? index : -1)).filter((index) => index >= 0);
    const pick = (at: number) => (keyLines.length ? keyLines[at % keyLines.length]! : 0);
    switch (e.kind) {
      case 'block-style': {
        const blocks = lines.map((line, index) => (/: [|>][-+0-9]*$/.test(line) ? index : -1)).filter((index) => index >= 0);
        if (blocks.length === 0) break;
        const index = blocks[e.at % blocks.length]!;
        lines[index] = lines[index]!.replace(/: [|>][-+0-9]*$/, e.style ? `: ${e.style}` : ':');
        break;
      }
      case 'unquote': {
        const quoted = lines.map((line, index) => (/: ["']/.test(line) ? index : -1)).filter((index) => index >= 0);
        if (quoted.length === 0) break;
        const index = quoted[e.at % quoted.length]!;
        lines[index] = lines[index]!.replace(/: (["'])(.*)\1\s*$/, ': $2');
        break;
      }
      case 'anchor-alias': {
        const index = pick(e.at);
        const other = pick(e.at * 7 + 3);
        lines[index] = lines[index]!.replace(/:( |$)/, ': &anchor$1');
        lines[other] = lines[other]!.replace(/:( .*)?$/, ': *anchor');
        break;
      }
      case 'alias-bomb': {
        const bomb = ['bomb0: &b0 [x, x, x, x, x, x, x, x, x, x]'];
        for (let level = 1; level < e.depth; level++) bomb.push(`bomb${level}: &b${level} [${Array(10).fill(`*b${level - 1}`).join(', ')}]`);
        const at = lines.findIndex((line) => /^steps:/.test(line));
        lines.splice(at < 0 ? lines.length : at, 0, ...bomb);
        break;
      }
      case 'tag': {
        const index = pick(e.at);
        lines[index] = lines[index]!.replace(/:( |$)/, `: ${e.tag} `);
        break;
      }
      case 'document-marker':
        lines.splice(e.at % (lines.length + 1), 0, e.marker);
        break;
      case 'duplicate-key': {
        const index = pick(e.at);
        lines.splice(index, 0, lines[index]!);
        break;
      }
      case 'comment': {
        const index = e.at % lines.length;
        lines[index] = `${lines[index]} # ${e.text}`;
        break;
      }
    }
    text = lines.join('\n');
  }
  return text;
}
