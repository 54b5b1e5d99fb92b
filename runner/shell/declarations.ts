// Parses `declare -p` output, the one builtin call that lists every variable with its attributes
// (far cheaper in bash than asking for each name), and splits `declare -f` and `alias -p` output
// by name. Each declaration is kept verbatim, to be evaluated again as is; the value is decoded so
// the runner can show and compare it.
// Bash 5.2 quotes control characters with $'...'; older bash writes raw newlines inside "...":
// both are read here.

export interface Declaration {
  name: string;
  /** The attribute letters, e.g. `x`, `a`, `ir`; `-` when there are none. */
  flags: string;
  /** The scalar value; for arrays the element bash would give for `${name}` (index or key 0). */
  value: string;
  /** The full `declare ...` text. */
  text: string;
}

/**
 * Declarations already parsed, by their line: from one step to the next almost every variable is
 * unchanged, so each dump parses only the lines that changed. Bounded: cleared when it fills up.
 */
const parsedLines = new Map<string, Declaration | null>();
const MAX_CACHED_LINES = 20_000;

/** Every variable that has a value (declared-only ones, like `declare x`, are skipped). */
export function parseDeclarations(text: string): Declaration[] {
  const declarations: Declaration[] = [];
  const reader = new Reader(text);
  while (!reader.done()) {
    const start = reader.pos;
    const lineEnd = text.indexOf('\n', start);
    const line = text.slice(start, lineEnd < 0 ? text.length : lineEnd);
    const cached = parsedLines.get(line);
    if (cached !== undefined) {
      if (cached) declarations.push(cached);
      reader.pos = lineEnd < 0 ? text.length : lineEnd + 1;
      continue;
    }
    const declaration = parseOne(reader, text);
    // Only a declaration that is its whole line can be reused by line (older bash writes raw newlines).
    if (reader.pos === line.length + start + 1 || reader.pos === text.length) {
      if (parsedLines.size >= MAX_CACHED_LINES) parsedLines.clear();
      parsedLines.set(line, declaration ?? null);
    }
    if (declaration) declarations.push(declaration);
  }
  return declarations;
}

/**
 * `declare -f` output by function name: each definition starts with `name () ` on a line of its
 * own; a `declare -fx name` line after it (an exported function) stays with it.
 */
export function splitFunctions(text: string): Map<string, string> {
  return splitAt(text, /^(\S+) \(\) $/gm);
}

/** `alias -p` output by alias name (a value may hold newlines: it runs to the next `alias `). */
export function splitAliases(text: string): Map<string, string> {
  return splitAt(text, /^alias (?:-- )?([^=\s]+)=/gm);
}

function splitAt(text: string, start: RegExp): Map<string, string> {
  const chunks = new Map<string, string>();
  const starts = [...text.matchAll(start)];
  for (const [index, match] of starts.entries()) {
    const end = starts[index + 1]?.index ?? text.length;
    chunks.set(match[1]!, text.slice(match.index, end).replace(/\n*$/, '\n'));
  }
  return chunks;
}

/** One `declare` line (or more, for raw newlines in a value); the reader ends after it. */
function parseOne(reader: Reader, text: string): Declaration | undefined {
  const start = reader.pos;
  if (!reader.take('declare -')) {
    reader.skipLine();
    return undefined;
  }
  const flags = reader.until(' ');
  reader.pos++;
  const name = reader.nameEnd();
  if (!reader.take('=')) {
    reader.skipLine();
    return undefined;
  }
  const value = reader.peek() === '(' ? reader.array() : reader.word();
  const declaration = { name, flags, value, text: text.slice(start, reader.pos) };
  reader.skipLine();
  return declaration;
}

class Reader {
  pos = 0;

  constructor(private readonly text: string) {}

  done(): boolean {
    return this.pos >= this.text.length;
  }

  peek(): string {
    return this.text[this.pos] ?? '';
  }

  take(literal: string): boolean {
    if (!this.text.startsWith(literal, this.pos)) return false;
    this.pos += literal.length;
    return true;
  }

  until(char: string): string {
    const end = this.text.indexOf(char, this.pos);
    const stop = end < 0 ? this.text.length : end;
    const taken = this.text.slice(this.pos, stop);
    this.pos = stop;
    return taken;
  }

  nameEnd(): string {
    const start = this.pos;
    while (!this.done() && /[A-Za-z0-9_]/.test(this.peek())) this.pos++;
    return this.text.slice(start, this.pos);
  }

  skipLine(): void {
    const end = this.text.indexOf('\n', this.pos);
    this.pos = end < 0 ? this.text.length : end + 1;
  }

  /** `([0]="a" [1]=$'b\n')` or `([key]="v" )`: the value of element 0. */
  array(): string {
    this.pos++; // (
    let first = '';
    for (;;) {
      while (this.peek() === ' ') this.pos++;
      if (this.done() || this.take(')')) return first;
      if (!this.take('[')) return first;
      const key = this.peek() === '"' || this.peek() === '$' ? this.word() : this.until(']');
      this.take(']=');
      const value = this.word();
      if (key === '0') first = value;
    }
  }

  /** One shell word as `declare -p` writes it: "double quoted", $'ANSI-C quoted' or bare. */
  word(): string {
    if (this.take('"')) return this.doubleQuoted();
    if (this.take("$'")) return this.ansiC();
    const start = this.pos;
    while (!this.done() && !/[\s)\]]/.test(this.peek())) this.pos++;
    return this.text.slice(start, this.pos);
  }

  private doubleQuoted(): string {
    let value = '';
    while (!this.done()) {
      const char = this.text[this.pos++]!;
      if (char === '"') break;
      if (char === '\\' && '"\\$`'.includes(this.peek())) value += this.text[this.pos++];
      else value += char;
    }
    return value;
  }

  /** Octal and hex escapes are bytes (a UTF-8 character may be written as several): decoded at the end. */
  private ansiC(): string {
    const parts: Buffer[] = [];
    let text = '';
    let bytes: number[] = [];
    const flushBytes = () => {
      if (bytes.length === 0) return;
      parts.push(Buffer.from(text, 'utf8'), Buffer.from(bytes));
      text = '';
      bytes = [];
    };
    while (!this.done()) {
      const quote = this.text.indexOf("'", this.pos);
      const backslash = this.text.indexOf('\\', this.pos);
      const end = quote < 0 ? this.text.length : quote;
      if (backslash < 0 || backslash > end) {
        flushBytes();
        text += this.text.slice(this.pos, end);
        this.pos = end + 1;
        break;
      }
      flushBytes();
      text += this.text.slice(this.pos, backslash);
      this.pos = backslash + 1;
      const escaped = this.ansiEscape();
      if (typeof escaped === 'number') bytes.push(escaped);
      else {
        flushBytes();
        text += escaped;
      }
    }
    flushBytes();
    if (parts.length === 0) return text;
    parts.push(Buffer.from(text, 'utf8'));
    return Buffer.concat(parts).toString('utf8');
  }

  private ansiEscape(): string | number {
    const char = this.text[this.pos++] ?? '';
    const simple: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };
    if (char in simple) return simple[char]!;
    const digits = (pattern: RegExp, max: number) => {
      let taken = '';
      while (taken.length < max && pattern.test(this.peek())) taken += this.text[this.pos++];
      return taken;
    };
    if (/[0-7]/.test(char)) return parseInt(char + digits(/[0-7]/, 2), 8) & 0xff;
    if (char === 'x') return parseInt(digits(/[0-9a-fA-F]/, 2) || '0', 16);
    if (char === 'u' || char === 'U') return String.fromCodePoint(parseInt(digits(/[0-9a-fA-F]/, char === 'u' ? 4 : 8) || '0', 16));
    if (char === 'c') return String.fromCharCode(this.text.charCodeAt(this.pos++) & 0x1f);
    return `\\${char}`;
  }
}
