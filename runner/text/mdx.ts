// Docusaurus MDX in a lab's prose, turned into what a terminal can show: `import` lines and JSX
// tags (`<Tabs>`, `<TabItem …>`, `<ReadMore/>`) are hidden and their children kept as prose,
// `:::tip` / `:::info Title` admonitions become parts of their own (the walk draws them as boxes),
// `::yaml{file="…"}` is replaced by the file's text, and `VAR::NAME` by the variable's value.
// Pure text: reading the file is the caller's (`readFile`), so this module does no I/O.

export type MdxPart =
  | { kind: 'markdown'; text: string }
  | { kind: 'admonition'; type: string; title?: string; body: MdxPart[] };

export interface MdxOptions {
  /** The text of a `::yaml{file=…}` file, or the reason it cannot be shown. */
  readFile?(file: string): { text: string } | { problem: string };
  /** Values for `VAR::NAME`; a name without a value stays as written. */
  variables?: Record<string, string>;
}

const ADMONITION_OPEN = /^(\s*)(:{3,})([a-z]+)(?:\[(.*)\]|[ \t]+(.*))?[ \t]*$/;
const FENCE = /^\s*(`{3,}|~{3,})/;
const IMPORT = /^\s*import\s.+\sfrom\s+['"][^'"]+['"];?\s*$|^\s*import\s+['"][^'"]+['"];?\s*$/;
const DIRECTIVE = /^\s*::yaml\{(.*)\}\s*$/;
/** A JSX tag: a capitalised name, or any tag with a `{…}` expression in it (`<img src={…} />`). */
const JSX_TAG = /<\/?[A-Z][\w.]*(?:\s(?:[^<>{}]|\{[^{}]*\})*)?\/?>|<[a-z][\w-]*(?=[^>]*\{)\s(?:[^<>{}]|\{[^{}]*\})*\/>/g;
const JSX_LINE = /^\s*(?:<\/?[A-Z][\w.]*(?:\s(?:[^<>{}]|\{[^{}]*\})*)?\/?>\s*)+$/;
const JSX_OPEN_START = /^\s*<([A-Z][\w.]*)(?:\s|$)(?!.*>)/;

export function readMdx(markdown: string, options: MdxOptions = {}): MdxPart[] {
  return readLines(markdown.split('\n'), options);
}

/** `VAR::NAME` replaced by its value where the value is known. */
export function substituteVars(text: string, variables: Record<string, string> = {}): string {
  return text.replace(/VAR::([A-Za-z_][A-Za-z0-9_]*)/g, (whole, name: string) => (Object.hasOwn(variables, name) ? variables[name]! : whole));
}

function readLines(lines: string[], options: MdxOptions): MdxPart[] {
  const parts: MdxPart[] = [];
  let text: string[] = [];
  const flush = () => {
    if (text.some((line) => line.trim() !== '')) parts.push({ kind: 'markdown', text: text.join('\n') });
    text = [];
  };
  /** The JSX block elements we are inside: their children are dedented to the first child's indent. */
  const open: { name: string; childIndent?: number }[] = [];
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    const inner = open[open.length - 1];
    if (inner && line.trim() !== '') {
      const indent = line.length - line.trimStart().length;
      inner.childIndent ??= indent;
      line = line.slice(Math.min(indent, inner.childIndent));
    }
    if (fence !== undefined) {
      if (line.trim().startsWith(fence)) fence = undefined;
      text.push(substituteVars(line, options.variables));
      continue;
    }
    const fenceOpen = FENCE.exec(line);
    if (fenceOpen) {
      fence = fenceOpen[1]!;
      text.push(substituteVars(line, options.variables));
      continue;
    }
    if (IMPORT.test(line)) continue;
    const admonition = ADMONITION_OPEN.exec(line);
    if (admonition) {
      const colons = admonition[2]!;
      const body: string[] = [];
      let j = i + 1;
      for (; j < lines.length && lines[j]!.trim() !== colons; j++) body.push(lines[j]!);
      flush();
      const title = (admonition[4] ?? admonition[5])?.trim();
      parts.push({ kind: 'admonition', type: admonition[3]!, ...(title ? { title: substituteVars(title, options.variables) } : {}), body: readLines(body, options) });
      i = j;
      continue;
    }
    const directive = DIRECTIVE.exec(line);
    if (directive) {
      text.push(...yamlFile(attributesOf(directive[1]!), options));
      continue;
    }
    // An opening tag spread over several lines (`<ConsoleButton` … `/>`): up to its `>`.
    const spread = JSX_OPEN_START.exec(line);
    if (spread) {
      let tag = line;
      while (!/>\s*$/.test(tag) && i + 1 < lines.length) tag += `\n${lines[++i]!}`;
      if (!/\/>\s*$/.test(tag)) open.push({ name: spread[1]! });
      continue;
    }
    if (JSX_LINE.test(line)) {
      for (const tag of line.match(JSX_TAG) ?? []) {
        const name = /^<\/?([\w.]+)/.exec(tag)![1]!;
        if (tag.startsWith('</')) {
          const at = open.map((entry) => entry.name).lastIndexOf(name);
          if (at >= 0) open.splice(at);
        } else if (!tag.endsWith('/>')) {
          open.push({ name });
          const label = /\blabel="([^"]*)"/.exec(tag)?.[1] ?? (name === 'TabItem' ? /\bvalue="([^"]*)"/.exec(tag)?.[1] : undefined);
          if (label) text.push('', `**${label}**`, '');
        }
      }
      continue;
    }
    text.push(substituteVars(line.replace(JSX_TAG, ''), options.variables));
  }
  flush();
  return parts;
}

/** `file="a.yaml" paths="spec.x,spec.y"` as a record. */
function attributesOf(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of text.matchAll(/([A-Za-z_-]+)=(?:"([^"]*)"|(\S+))/g)) attributes[match[1]!] = match[2] ?? match[3]!;
  return attributes;
}

function yamlFile(attributes: Record<string, string>, options: MdxOptions): string[] {
  const file = attributes.file;
  if (!file) return ['*(a `::yaml` with no `file=`)*'];
  const read = options.readFile?.(file) ?? { problem: 'files are not read here' };
  if ('problem' in read) return [`*(${file}: ${read.problem})*`];
  const body = substituteVars(read.text.replace(/\n$/, ''), options.variables);
  const fence = '`'.repeat(Math.max(3, ...Array.from(body.matchAll(/`+/g), (m) => m[0].length + 1)));
  const lines = [`*${file}*`, '', `${fence}yaml`, body, fence];
  if (attributes.paths) lines.push('', `*(see ${attributes.paths.split(',').map((p) => `\`${p.trim()}\``).join(', ')})*`);
  return lines;
}
