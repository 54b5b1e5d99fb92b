// Reading one project config file (lab.config.yaml, .yml or .json): YAML with positions, checked
// with zod, every problem a BAD_INPUT at its line. Loaded only when a config file is found
// (project/config.ts finds them), so a project without one never loads yaml or zod for it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Node } from 'yaml';
import * as z from 'zod/mini';
import { LabError, type SourcePosition } from '../errors/index.js';
import { PROFILES, type Profile, type ProjectSettings, type VariableSpec } from '../model/lab.js';
import { variableSpec } from '../lab/frontmatter.js';
import { describeIssue, valueAtPath } from '../lab/schema-issue.js';
import { parseYaml, yamlData, yamlLibrary, yamlSyntaxProblem } from '../lab/yaml-data.js';
import { didYouMean } from '../text/suggest.js';

export interface ProjectConfig extends ProjectSettings {
  /** The config file (absolute). */
  file: string;
  /** Its folder: the paths it gives are relative to it. */
  dir: string;
  profile?: Profile;
  vars: VariableSpec[];
  /** Absolute. */
  fixturesRoot?: string;
  /** Absolute. */
  manifestsRoot?: string;
}

// Built on first use, as lab/frontmatter.ts builds its own.
function buildSchema() {
  const stringish = z.pipe(z.union([z.string(), z.number(), z.boolean()]), z.transform(String));

  // The same shape as a lab's `vars:` entries (lab/frontmatter.ts), so a variable moves between them unchanged.
  const variableSchema = z.union([
    z.pipe(stringish, z.transform((value: string) => ({ default: value }))),
    z.strictObject({
      default: z.optional(stringish),
      prompt: z.optional(z.string()),
      secret: z.optional(z.boolean()),
      'default-from': z.optional(z.string()),
      description: z.optional(z.string()),
    }),
    z.pipe(z.null(), z.transform(() => ({}))),
  ]);

  const relativePath = z.string().check(z.minLength(1));

  const configSchema = z.strictObject({
    profile: z.optional(z.enum(PROFILES as [Profile, ...Profile[]])),
    vars: z.optional(z.record(z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a shell variable name')), variableSchema)),
    'shell-init': z.optional(z.string().check(z.minLength(1))),
    'fixtures-root': z.optional(relativePath),
    'manifests-root': z.optional(relativePath),
    sessions: z.optional(z.enum(['lab', 'folder'])),
  });
  return { config: configSchema, keys: Object.keys(configSchema.shape) };
}

let builtSchema: ReturnType<typeof buildSchema> | undefined;

function schema(): ReturnType<typeof buildSchema> {
  builtSchema ??= buildSchema();
  return builtSchema;
}

export function readProjectConfig(file: string): ProjectConfig {
  const text = readFileSync(file, 'utf8');
  const lineCounter = new (yamlLibrary().LineCounter)();
  // JSON is YAML: one reader gives positions for both.
  const document = parseYaml(text, lineCounter);
  const at = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const fail = (offset: number, message: string): never => {
    throw new LabError('BAD_INPUT', `${path.basename(file)}: ${message}`, {
      hint: 'see docs/lab-format.md, "Project config (lab.config.yaml)"', position: at(offset),
    });
  };
  const syntax = yamlSyntaxProblem(document);
  if (syntax) fail(syntax.offset, `not valid YAML: ${syntax.problem}`);
  const read = yamlData(document);
  if ('problem' in read) return fail(read.offset, `cannot be used: ${read.problem}`);
  const data: unknown = read.data ?? {};
  const checked = schema().config.safeParse(data);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    const keyPath = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0]!;
      const hint = keyPath.length === 0 ? didYouMean(key, schema().keys) : '';
      fail(offsetOf(document.contents, [...keyPath, key], true), `unknown key \`${[...keyPath, key].join('.')}\`${hint}`);
    }
    fail(offsetOf(document.contents, keyPath, false), `\`${keyPath.join('.') || '(root)'}\` ${describeIssue(issue, valueAtPath(data, issue.path))}`);
  }
  const value = checked.data!;
  const dir = path.dirname(file);
  const vars: VariableSpec[] = Object.entries(value.vars ?? {}).map(([name, spec]) => ({
    ...variableSpec(name, spec),
    fromSession: !('default' in spec) && !('prompt' in spec) && !('default-from' in spec) ? true : undefined,
  }));
  return {
    file, dir, profile: value.profile, vars,
    shellInit: value['shell-init'],
    fixturesRoot: value['fixtures-root'] === undefined ? undefined : path.resolve(dir, value['fixtures-root']),
    manifestsRoot: value['manifests-root'] === undefined ? undefined : path.resolve(dir, value['manifests-root']),
    sessions: value.sessions ?? 'lab',
  };
}

/** Offset of the node at `keys` (or of its key), falling back to the closest ancestor. */
function offsetOf(root: unknown, keys: string[], wantKey: boolean): number {
  const { isMap, isScalar } = yamlLibrary();
  let node = root as Node | null | undefined;
  let offset = node?.range?.[0] ?? 0;
  for (const [depth, key] of keys.entries()) {
    if (!node || !isMap(node)) break;
    const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
    if (!pair) break;
    const keyRange = isScalar(pair.key) ? pair.key.range : undefined;
    const valueRange = (pair.value as Node | null)?.range;
    offset = (depth === keys.length - 1 && wantKey ? keyRange?.[0] : valueRange?.[0] ?? keyRange?.[0]) ?? offset;
    node = pair.value as Node | null;
  }
  return offset;
}
