// A fast reader for the plain YAML that lab writes itself (fixtures) and that labs' frontmatter
// is written in: block maps and sequences, literal block scalars (`|`, `|-`, `|+`, `|2-`), folded
// ones of plain paragraphs (`>`, `>-`, `>+`), one-line quoted scalars, plain strings, integers,
// decimals, booleans, null, `[]`, `{}`, and one-line flow collections of scalars (`[a, b]`,
// `{ name: X, pattern: 'y' }`). It knows no positions: it is the fast path
// of a reader that falls back to the yaml library (which gives every problem its line and
// column) whenever this returns undefined. It returns undefined for anything outside that
// subset or in doubt (anchors, tags, nested or multi-line flow collections, folded scalars with
// more-indented lines, multi-line plain scalars, comments after a value, duplicate keys, other
// number forms, control characters), so it never
// returns data the yaml library would read differently. The yaml library is 10-100 times slower
// on the same text, most of the cost of a replay (see docs/performance.md).

export type SubsetData = { data: unknown };

/** Characters the subset leaves to the yaml library wherever they appear (CR, NEL, BOM, controls). */
const UNSAFE_CHARACTERS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;
const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_./-]*):(?:( +)(.*))?$/;
const RESERVED_KEYS = new Set(['true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'null', 'Null', 'NULL', '__proto__']);
const BLOCK_HEADER = /^[|>](?:([1-9])?([-+])?|([-+])([1-9]))$/;
const DOUBLE_QUOTED = /^"(?:[^"\\]|\\.)*"$/;
const SINGLE_QUOTED = /^'(?:[^']|'')*'$/;
/** Plain scalars of the YAML 1.2 core schema that are not strings (yaml's own tests). */
const NULL_WORD = /^(?:~|[Nn]ull|NULL)$/;
const BOOLEAN_WORD = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const PLAIN_INTEGER = /^-?(?:0|[1-9][0-9]{0,14})$/;
const PLAIN_DECIMAL = /^-?(?:0|[1-9][0-9]{0,14})\.[0-9]{1,15}$/;
const OTHER_CORE_SCALAR = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

/** YAML's double-quoted escapes (fixtures write `\\ ` for a space a line ends with). */
const ESCAPE = /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g;
const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/', '\\': '\\',
  N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};

function unescape(_match: string, escape: string): string {
  if (escape.length === 1) {
    const char = SIMPLE_ESCAPES[escape];
    if (char === undefined) throw new OutsideSubset();
    return char;
  }
  const code = Number.parseInt(escape.slice(1), 16);
  if (code > 0x10ffff) throw new OutsideSubset();
  return String.fromCodePoint(code);
}

/** Thrown inside the reader when the text leaves the subset; never escapes it. */
class OutsideSubset extends Error {}

/** The data of `text`, or undefined when it is not in the subset (read it with the yaml library). */
export function parseYamlSubset(text: string): SubsetData | undefined {
  if (UNSAFE_CHARACTERS.test(text)) return undefined;
  try {
    return { data: new SubsetReader(text).document() };
  } catch (error) {
    if (error instanceof OutsideSubset || error instanceof RangeError) return undefined;
    throw error;
  }
}

class SubsetReader {
  private readonly lines: string[];
  private readonly endsWithNewline: boolean;
  private index = 0;

  constructor(text: string) {
    this.endsWithNewline = text.endsWith('\n');
    this.lines = text.split('\n');
    if (this.endsWithNewline) this.lines.pop();
  }

  document(): unknown {
    this.skipInsignificant();
    if (this.index >= this.lines.length) throw new OutsideSubset();
    const value = this.node(this.indentOf(this.lines[this.index]!));
    this.skipInsignificant();
    if (this.index < this.lines.length) throw new OutsideSubset();
    return value;
  }

  /** The block node (map or sequence) whose first line is the current one, at `indent`. */
  private node(indent: number): unknown {
    const content = this.lines[this.index]!.slice(indent);
    if (content === '-' || content.startsWith('- ')) return this.sequence(indent);
    if (KEY_LINE.test(content)) return this.map(indent);
    throw new OutsideSubset();
  }

  private map(indent: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    while (this.nextAt(indent)) {
      const match = KEY_LINE.exec(this.lines[this.index]!.slice(indent));
      if (!match) throw new OutsideSubset();
      const key = match[1]!;
      if (RESERVED_KEYS.has(key) || Object.hasOwn(map, key)) throw new OutsideSubset();
      const rest = match[3] ?? '';
      this.index++;
      map[key] = this.value(rest, indent, true);
    }
    return map;
  }

  private sequence(indent: number): unknown[] {
    const items: unknown[] = [];
    while (this.nextAt(indent)) {
      const line = this.lines[this.index]!;
      const content = line.slice(indent);
      // A key at the dash's indentation ends a sequence that was a map's value (`key:` then `- a`).
      if (content !== '-' && !content.startsWith('- ')) break;
      const spaces = /^ */.exec(content.slice(1))![0].length;
      const rest = content.slice(1 + spaces);
      if (rest !== '' && (rest.startsWith('- ') || rest === '-' || KEY_LINE.test(rest))) {
        // `- key: value` or `- - x`: a node that starts on the dash's line, at the column of its first character.
        const column = indent + 1 + spaces;
        this.lines[this.index] = ' '.repeat(column) + rest;
        items.push(this.node(column));
        continue;
      }
      this.index++;
      items.push(this.value(rest, indent, false));
    }
    return items;
  }

  /** What follows `key:` or `- ` on the line (`rest`), with the node's own lines below it. */
  private value(rest: string, indent: number, inMap: boolean): unknown {
    if (rest === '') {
      this.skipInsignificant();
      if (this.index >= this.lines.length) return null;
      const next = this.indentOf(this.lines[this.index]!);
      const content = this.lines[this.index]!.slice(next);
      // A sequence may sit at its key's own indentation; anything else nested is deeper.
      if (next > indent || (inMap && next === indent && (content === '-' || content.startsWith('- ')))) return this.node(next);
      return null;
    }
    if (rest.startsWith('|') || rest.startsWith('>')) return this.blockScalar(rest, indent);
    const value = this.scalar(rest);
    this.noContinuation(indent);
    return value;
  }

  private scalar(text: string): unknown {
    const quoted = quotedScalar(text);
    if (quoted !== undefined) return quoted;
    if (text === '[]') return [];
    if (text === '{}') return {};
    if (text.startsWith('[') && text.endsWith(']')) return flowItems(text.slice(1, -1)).map(flowScalar);
    if (text.startsWith('{') && text.endsWith('}')) return flowMap(text.slice(1, -1));
    return plainScalar(text);
  }

  /** A literal block scalar; `indent` is that of the key or dash it belongs to. */
  private blockScalar(header: string, indent: number): string {
    const match = BLOCK_HEADER.exec(header);
    if (!match) throw new OutsideSubset();
    const digit = match[1] ?? match[4];
    const chomping = match[2] ?? match[3] ?? '';
    const start = this.index;
    let contentIndent: number;
    if (digit) {
      contentIndent = indent + Number(digit);
    } else {
      let first = start;
      while (first < this.lines.length && this.lines[first]!.trim() === '') first++;
      if (first >= this.lines.length || this.indentOf(this.lines[first]!) <= indent) {
        if (header.startsWith('>')) throw new OutsideSubset();
        return this.emptyLinesOnly(chomping, first, indent);
      }
      contentIndent = this.indentOf(this.lines[first]!);
      // Leading blank lines longer than the content's indentation are an error in YAML.
      for (let at = start; at < first; at++) if (this.lines[at]!.length > contentIndent) throw new OutsideSubset();
    }
    if (contentIndent <= indent) throw new OutsideSubset();
    const body: string[] = [];
    const prefix = ' '.repeat(contentIndent);
    while (this.index < this.lines.length) {
      const line = this.lines[this.index]!;
      if (line.startsWith(prefix)) body.push(line.slice(contentIndent));
      else if (line.trim() === '' && !line.includes('\t')) body.push('');
      else break;
      this.index++;
    }
    if (this.index < this.lines.length) {
      if (this.indentOf(this.lines[this.index]!) > indent) throw new OutsideSubset();
    } else if (!this.endsWithNewline) {
      throw new OutsideSubset();
    }
    // Trailing empty lines belong to the scalar only with `|+`.
    let last = body.length;
    while (last > 0 && body[last - 1] === '') last--;
    if (header.startsWith('>')) return folded(body, last, chomping);
    if (chomping === '+') return body.map((line) => `${line}\n`).join('');
    const kept = body.slice(0, last).join('\n');
    if (chomping === '-' || last === 0) return kept;
    return `${kept}\n`;
  }

  /** A block scalar of nothing but empty lines (`|+` keeps them as newlines); up to `end`. */
  private emptyLinesOnly(chomping: string, end: number, indent: number): string {
    const lines = this.lines.slice(this.index, end);
    // Only spaces on every line: each is an empty line of the scalar, however many spaces it has.
    if (lines.some((line) => line.includes('\t')) || (end >= this.lines.length && !this.endsWithNewline)) throw new OutsideSubset();
    if (end < this.lines.length && this.indentOf(this.lines[end]!) > indent) throw new OutsideSubset();
    this.index = end;
    return chomping === '+' ? '\n'.repeat(lines.length) : '';
  }

  /** After a one-line scalar nothing may be indented deeper (a multi-line plain scalar, or an error). */
  private noContinuation(indent: number): void {
    for (let at = this.index; at < this.lines.length; at++) {
      const line = this.lines[at]!;
      if (line.trim() === '') continue;
      if (this.indentOf(line) > indent) throw new OutsideSubset();
      return;
    }
  }

  /** Whether the next significant line is at `indent` (deeper is an error, shallower ends the node). */
  private nextAt(indent: number): boolean {
    this.skipInsignificant();
    if (this.index >= this.lines.length) return false;
    const next = this.indentOf(this.lines[this.index]!);
    if (next > indent) throw new OutsideSubset();
    return next === indent;
  }

  /** Blank lines and whole-line comments, outside block scalars. */
  private skipInsignificant(): void {
    while (this.index < this.lines.length) {
      const trimmed = this.lines[this.index]!.trim();
      if (trimmed !== '' && !trimmed.startsWith('#')) return;
      if (this.lines[this.index]!.includes('\t')) throw new OutsideSubset();
      this.index++;
    }
  }

  private indentOf(line: string): number {
    let at = 0;
    while (line.charCodeAt(at) === 32) at++;
    const next = line[at];
    if (next === '\t') throw new OutsideSubset();
    // Document markers and directives start at column 0.
    if (at === 0 && (line.startsWith('---') || line.startsWith('...') || line.startsWith('%'))) throw new OutsideSubset();
    return at;
  }
}

/** A one-line quoted scalar's value; undefined when `text` does not start with a quote. */
function quotedScalar(text: string): string | undefined {
  if (text.startsWith('"')) {
    if (!DOUBLE_QUOTED.test(text)) throw new OutsideSubset();
    return text.slice(1, -1).replace(ESCAPE, unescape);
  }
  if (text.startsWith("'")) {
    if (!SINGLE_QUOTED.test(text)) throw new OutsideSubset();
    return text.slice(1, -1).replaceAll("''", "'");
  }
  return undefined;
}

function plainScalar(text: string): unknown {
  if (/^[?:,[\]{}#&*!|>'"%@`]/.test(text) || text.startsWith('- ') || text === '-') throw new OutsideSubset();
  if (text.includes(': ') || text.includes(' #') || text.endsWith(':') || text.includes('\t') || text !== text.trimEnd()) throw new OutsideSubset();
  if (NULL_WORD.test(text)) return null;
  if (BOOLEAN_WORD.test(text)) return text.toLowerCase() === 'true';
  if (PLAIN_INTEGER.test(text) || PLAIN_DECIMAL.test(text)) return Number(text);
  if (/^[-+.0-9]/.test(text) && OTHER_CORE_SCALAR.test(text)) throw new OutsideSubset();
  return text;
}

/**
 * A folded scalar's text: its lines joined by spaces, an empty line a line break. Only plain
 * paragraphs: a line more indented than the first (kept as is in YAML), leading empty lines or
 * trailing spaces are left to the yaml library.
 */
function folded(body: string[], last: number, chomping: string): string {
  if (last === 0 || body[0] === '') throw new OutsideSubset();
  let text = '';
  let empty = 0;
  for (const line of body.slice(0, last)) {
    if (line === '') {
      empty++;
      continue;
    }
    if (/^\s/.test(line) || line !== line.trimEnd()) throw new OutsideSubset();
    text += text === '' ? line : empty > 0 ? `${'\n'.repeat(empty)}${line}` : ` ${line}`;
    empty = 0;
  }
  if (chomping === '-') return text;
  return chomping === '+' ? `${text}\n${'\n'.repeat(body.length - last)}` : `${text}\n`;
}

/** The items of a one-line flow collection, split at the commas outside quotes; nothing nested. */
function flowItems(inner: string): string[] {
  const items: string[] = [];
  let start = 0;
  let quote = '';
  for (let at = 0; at < inner.length; at++) {
    const char = inner[at]!;
    if (quote) {
      if (quote === '"' && char === '\\') at++;
      else if (char === quote) {
        if (quote === "'" && inner[at + 1] === "'") at++;
        else quote = '';
      }
    } else if (char === '"' || char === "'") {
      // A quote opens a scalar only at an item's start (`it's` is left to the yaml library).
      if (inner.slice(start, at).trim() !== '' && !inner.slice(start, at).trimEnd().endsWith(':')) throw new OutsideSubset();
      quote = char;
    } else if (char === ',') {
      items.push(inner.slice(start, at).trim());
      start = at + 1;
    } else if ('[]{}#&*!|>%@`?'.includes(char)) throw new OutsideSubset();
  }
  if (quote) throw new OutsideSubset();
  items.push(inner.slice(start).trim());
  if (items.some((item) => item === '')) throw new OutsideSubset();
  return items;
}

/** A scalar in a flow collection: quoted, or plain without a `:` (which could make it a pair). */
function flowScalar(item: string): unknown {
  const quoted = quotedScalar(item);
  if (quoted !== undefined) return quoted;
  if (item.includes(':') || item.includes('"') || item.includes("'")) throw new OutsideSubset();
  return plainScalar(item);
}

/** `{ key: value, ... }` on one line: plain keys, scalar values, no duplicates. */
function flowMap(inner: string): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  for (const item of flowItems(inner)) {
    const match = /^([A-Za-z_][A-Za-z0-9_./-]*): +(\S.*)$/.exec(item);
    if (!match || RESERVED_KEYS.has(match[1]!) || Object.hasOwn(map, match[1]!)) throw new OutsideSubset();
    map[match[1]!] = flowScalar(match[2]!);
  }
  return map;
}
