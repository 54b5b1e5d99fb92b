// YAML frontmatter: found at the top of the file, parsed with positions, validated with a schema.
import type { Node } from 'yaml';
import * as z from 'zod/mini';
import { describeIssue, valueAtPath } from './schema-issue.js';
import type { Diagnostic, LabMeta, Profile, RedactRule, SourcePosition, VariableSpec } from '../model/lab.js';
import { didYouMean } from '../text/suggest.js';
import { parseYaml, yamlData, yamlLibrary, yamlSyntaxProblem } from './yaml-data.js';
import { parseYamlSubset } from './yaml-subset.js';

export interface FrontmatterBlock {
  yaml: string;
  /** Line (1-based) where the YAML text starts. */
  firstLine: number;
  /** Offset in the source where the Markdown body begins. */
  bodyOffset: number;
}

/** Finds `---\n...\n---` at the very top; returns undefined when the file has none. */
export function findFrontmatter(source: string): FrontmatterBlock | { unterminated: true } | undefined {
  if (!/^---[ \t]*\n/.test(source)) return undefined;
  const start = source.indexOf('\n') + 1;
  const close = /^(---|\.\.\.)[ \t]*$/m;
  const rest = source.slice(start);
  const match = close.exec(rest);
  if (!match) return { unterminated: true };
  const end = start + match.index;
  const after = end + match[0].length;
  return { yaml: source.slice(start, end), firstLine: 2, bodyOffset: source[after] === '\n' ? after + 1 : after };
}

// zod/mini: the same checks as zod's classic API at a fraction of the load time. The schemas are
// built on first use (building them is most of zod's start-up cost), which a lab served by the
// content cache never reaches.
function buildSchemas() {
  const stringish = z.pipe(z.union([z.string(), z.number(), z.boolean()]), z.transform(String));

  const variableSpecSchema = z.strictObject({
    default: z.optional(stringish),
    prompt: z.optional(z.string()),
    secret: z.optional(z.boolean()),
    'default-from': z.optional(z.string()),
    description: z.optional(z.string()),
  });

  const variableSchema = z.union([
    z.pipe(stringish, z.transform((value: string) => ({ default: value }))),
    variableSpecSchema,
    z.pipe(z.null(), z.transform(() => ({}))),
  ]);

  const redactSchema = z.union([
    z.string(),
    z.strictObject({
      name: z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a name of letters, digits and _')),
      pattern: z.string(),
      replacement: z.optional(z.string()),
    }),
  ]);

  const frontmatterSchema = z.strictObject({
    id: z.optional(z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'letters, digits, `.`, `_`, `-` and `/`'))),
    title: z.optional(z.string().check(z.minLength(1))),
    description: z.optional(z.string()),
    order: z.optional(z.number()),
    requires: z.optional(z.array(z.string())),
    aws: z.optional(z.boolean()),
    vars: z.optional(z.record(z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a shell variable name')), variableSchema)),
    'ssh-config': z.optional(z.string()),
    'ssh-options': z.optional(z.record(z.string(), stringish)),
    'kube-context': z.optional(z.string()),
    redact: z.optional(z.array(redactSchema)),
    fixture: z.optional(z.string()),
    estimate: z.optional(z.number().check(z.positive())),
    cost: z.optional(z.string()),
  });
  return {
    frontmatter: frontmatterSchema,
    frontmatterKeys: Object.keys(frontmatterSchema.shape),
    variableKeys: Object.keys(variableSpecSchema.shape),
  };
}

let builtSchemas: ReturnType<typeof buildSchemas> | undefined;

function schemas(): ReturnType<typeof buildSchemas> {
  builtSchemas ??= buildSchemas();
  return builtSchemas;
}

type FrontmatterData = z.infer<ReturnType<typeof buildSchemas>['frontmatter']>;

export interface FrontmatterResult {
  meta: Omit<LabMeta, 'id' | 'title'> & { id?: string; title?: string };
  diagnostics: Diagnostic[];
  /** Line of each variable's key, for lint messages. */
  variableLines: Record<string, number>;
}

/** The meta of a lab without frontmatter, or with frontmatter that cannot be used. */
export function defaultMeta(): FrontmatterResult['meta'] {
  return { requires: [], vars: [], sshOptions: {}, redact: [], aws: false };
}

/**
 * Docusaurus keys the EKS Workshop's pages carry (see docs/eks-workshop.md): accepted without a
 * word under that profile. `sidebar_position` (or the older `weight`) is the page's `order`.
 */
export const DOCUSAURUS_KEYS = [
  'sidebar_position', 'weight', 'sidebar_label', 'sidebar_custom_props', 'sidebar_class_name', 'tmdTranslationSourceHash',
  'chapter', 'date', 'hide_table_of_contents', 'hide_title', 'pagination_next', 'pagination_prev', 'pagination_label',
  'slug', 'keywords', 'tags', 'image', 'draft', 'unlisted', 'toc_min_heading_level', 'toc_max_heading_level', 'custom_edit_url',
] as const;

/** Under the eks-workshop profile: the Docusaurus keys taken out, their order kept as `order`. */
function withoutDocusaurusKeys(data: unknown): unknown {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return data;
  const rest: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  const position = rest.sidebar_position ?? rest.weight;
  for (const key of DOCUSAURUS_KEYS) delete rest[key];
  const order = typeof position === 'number' ? position : typeof position === 'string' && /^-?\d+(\.\d+)?$/.test(position.trim()) ? Number(position) : undefined;
  if (rest.order === undefined && order !== undefined) rest.order = order;
  return rest;
}

/**
 * The frontmatter's meta and problems. A frontmatter in the plain YAML subset that passes the
 * schema takes the fast path (no yaml document, its few key lines found by a scan); anything else
 * (outside the subset, a schema problem, a bad redact regex) is read again as a yaml document,
 * which gives every problem its line and column. Both give the same result (yaml-subset.test.ts).
 */
export function readFrontmatter(block: FrontmatterBlock, file: string, profile: Profile = 'native'): FrontmatterResult {
  return readPlainFrontmatter(block, file, profile) ?? readFrontmatterDocument(block, file, profile);
}

/** The fast path: undefined unless the subset reader takes the text and nothing is wrong with it. */
function readPlainFrontmatter(block: FrontmatterBlock, file: string, profile: Profile): FrontmatterResult | undefined {
  const quick = parseYamlSubset(block.yaml);
  if (!quick) return undefined;
  const checked = schemas().frontmatter.safeParse(profile === 'eks-workshop' ? withoutDocusaurusKeys(quick.data ?? {}) : quick.data ?? {});
  if (!checked.success || checked.data.redact?.some((rule) => !isRegex(typeof rule === 'string' ? rule : rule.pattern))) return undefined;
  const lines = block.yaml.split('\n');
  return frontmatterResult(checked.data, (keys) => {
    const at = subsetKeyLine(lines, keys);
    return { file, line: at.line + block.firstLine, column: at.indent + 1 };
  }, []);
}

function isRegex(pattern: string): boolean {
  try {
    new RegExp(pattern, 'g');
    return true;
  } catch {
    return false;
  }
}

/**
 * Where the key at `keys` (map keys from the root) stands in text the subset reader took: a key
 * of a block map is the only thing at its map's indentation (values, block scalars and nested
 * nodes are deeper), so the line is the first one at that indentation naming the key.
 */
function subsetKeyLine(lines: string[], keys: string[]): { line: number; indent: number } {
  let from = 0;
  let end = lines.length;
  let found = { line: 0, indent: 0 };
  for (const key of keys) {
    let indent = -1;
    let line = -1;
    for (let at = from; at < end && line === -1; at++) {
      const trimmed = lines[at]!.trimStart();
      if (trimmed === '' || trimmed.startsWith('#')) continue;
      const depth = lines[at]!.length - trimmed.length;
      if (indent === -1) indent = depth;
      if (depth === indent && trimmed.startsWith(`${key}:`) && (trimmed.length === key.length + 1 || trimmed[key.length + 1] === ' ')) line = at;
    }
    if (line === -1) return found;
    found = { line, indent };
    // The key's own node: the lines after it, up to the next line at its indentation or less.
    from = line + 1;
    for (end = from; end < lines.length; end++) {
      const trimmed = lines[end]!.trimStart();
      if (trimmed !== '' && !trimmed.startsWith('#') && lines[end]!.length - trimmed.length <= indent) break;
    }
  }
  return found;
}

/** The full path: a yaml document with positions, every problem a diagnostic at its place (exported for the equivalence test). */
export function readFrontmatterDocument(block: FrontmatterBlock, file: string, profile: Profile): FrontmatterResult {
  const empty: FrontmatterResult = {
    meta: defaultMeta(),
    diagnostics: [],
    variableLines: {},
  };
  const lineCounter = new (yamlLibrary().LineCounter)();
  const document = parseYaml(block.yaml, lineCounter);
  const positionOf = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line: line + block.firstLine - 1, column: col };
  };
  const syntax = yamlSyntaxProblem(document);
  if (syntax) {
    empty.diagnostics.push({ severity: 'error', rule: 'frontmatter-yaml', position: positionOf(syntax.offset), message: `frontmatter is not valid YAML: ${syntax.problem}` });
    return empty;
  }
  const read = yamlData(document);
  if ('problem' in read) {
    empty.diagnostics.push({ severity: 'error', rule: 'frontmatter-yaml', position: positionOf(read.offset), message: `frontmatter cannot be used: ${read.problem}` });
    return empty;
  }
  const data: unknown = profile === 'eks-workshop' ? withoutDocusaurusKeys(read.data ?? {}) : read.data ?? {};
  const checked = schemas().frontmatter.safeParse(data);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const path = issue.path.map(String);
      let message = `frontmatter \`${path.join('.') || '(root)'}\` ${describeIssue(issue, valueAtPath(data, issue.path))}`;
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          const keyPath = [...path, key];
          const hint = path.length === 0 ? didYouMean(key, schemas().frontmatterKeys) : path.length === 2 && path[0] === 'vars' ? didYouMean(key, schemas().variableKeys) : '';
          empty.diagnostics.push({
            severity: 'error', rule: 'frontmatter-schema', position: positionOf(offsetOfPath(document.contents, keyPath, true)),
            message: `unknown frontmatter key \`${keyPath.join('.')}\`${hint}`,
          });
        }
        continue;
      }
      empty.diagnostics.push({
        severity: 'error', rule: 'frontmatter-schema', message,
        position: positionOf(offsetOfPath(document.contents, path, false)),
      });
    }
    return empty;
  }
  const diagnostics: Diagnostic[] = [];
  const result = frontmatterResult(checked.data, (keys) => positionOf(offsetOfPath(document.contents, keys, true)), diagnostics);
  for (const [index, rule] of result.meta.redact.entries()) {
    try {
      new RegExp(rule.pattern, 'g');
    } catch (error) {
      diagnostics.push({
        severity: 'error', rule: 'invalid-regex', position: positionOf(offsetOfPath(document.contents, ['redact', String(index)], false)),
        message: `redact rule \`${rule.name}\` is not a valid regex: ${(error as Error).message}`,
      });
    }
  }
  return result;
}

/** A `vars:` entry as the schema gave it (frontmatter or project config), as a VariableSpec. */
export function variableSpec(
  name: string, spec: { default?: string; prompt?: string; secret?: boolean; 'default-from'?: string; description?: string },
): VariableSpec {
  return {
    name,
    default: 'default' in spec ? spec.default : undefined,
    prompt: 'prompt' in spec ? spec.prompt : undefined,
    secret: 'secret' in spec ? spec.secret === true : false,
    defaultFrom: 'default-from' in spec ? spec['default-from'] : undefined,
    description: 'description' in spec ? spec.description : undefined,
  };
}

/** The meta of frontmatter that passed the schema; `keyPosition` places a key (variables, `fixture`). */
function frontmatterResult(
  value: FrontmatterData, keyPosition: (keys: string[]) => SourcePosition, diagnostics: Diagnostic[],
): FrontmatterResult {
  const vars = Object.entries(value.vars ?? {}).map(([name, spec]) => variableSpec(name, spec));
  const variableLines: Record<string, number> = {};
  for (const variable of vars) variableLines[variable.name] = keyPosition(['vars', variable.name]).line;
  const redact: RedactRule[] = (value.redact ?? []).map((rule, index) =>
    typeof rule === 'string'
      ? { name: `RULE_${index + 1}`, pattern: rule, replacement: `REDACTED_${index + 1}` }
      : { name: rule.name, pattern: rule.pattern, replacement: rule.replacement ?? rule.name },
  );
  return {
    meta: {
      id: value.id, title: value.title, description: value.description, order: value.order,
      requires: value.requires ?? [], aws: value.aws ?? false, vars,
      sshConfig: value['ssh-config'], sshOptions: value['ssh-options'] ?? {}, kubeContext: value['kube-context'], redact,
      fixture: value.fixture, estimate: value.estimate, cost: value.cost,
      fixturePosition: value.fixture === undefined ? undefined : keyPosition(['fixture']),
    },
    diagnostics,
    variableLines,
  };
}

/** Offset of the node at `path` (or of its key), falling back to the closest ancestor. */
function offsetOfPath(root: unknown, path: string[], wantKey: boolean): number {
  const { isMap, isScalar } = yamlLibrary();
  let node = root as Node | null | undefined;
  let offset = (node as Node | null)?.range?.[0] ?? 0;
  for (const [depth, segment] of path.entries()) {
    if (!node || typeof node !== 'object') break;
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === segment);
      if (!pair) break;
      const last = depth === path.length - 1;
      const keyRange = isScalar(pair.key) ? pair.key.range : undefined;
      const valueRange = (pair.value as Node | null)?.range;
      offset = (last && wantKey ? keyRange?.[0] : valueRange?.[0] ?? keyRange?.[0]) ?? offset;
      node = pair.value as Node | null;
    } else if ('items' in node && Array.isArray((node as { items: unknown[] }).items)) {
      const item = (node as { items: Node[] }).items[Number(segment)];
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  return offset;
}
