// The step attributes, one record each: the kind of value it takes, where that value lands in the
// typed StepAttributes, the example a "needs a value" message shows, and what it means. The names
// are the keys of this table, a contract with lab authors (add, never remove); adding an attribute
// is one record here. readStepAttributes turns a fence's words into StepAttributes by this table,
// reporting problems at the word's own column.
import type { ExitSpec } from '../expect/index.js';
import type { Attribute, Diagnostic, SourcePosition, Step, StepAttributes } from '../model/lab.js';
import { MAX_DURATION_MS, MAX_DURATION_TEXT, parseDuration } from '../text/duration.js';
import { didYouMean } from '../text/suggest.js';

export interface ParsedStepAttributes {
  attributes: StepAttributes;
  id?: string;
  verify: boolean;
  solve: boolean;
  diagnostics: Diagnostic[];
}

/** What each kind of attribute reads its word into. */
interface KindValues {
  flag: boolean;
  duration: number;
  count: number;
  'variable-name': string;
  exit: ExitSpec;
  text: string;
  id: string;
  skip: boolean | string;
  confirm: string;
  seconds: number;
}

export type AttributeKind = keyof KindValues;

/** Kinds for which a bare word or an empty value is a `missing-value` error. */
type ValueKind = Exclude<AttributeKind, 'flag' | 'skip' | 'confirm'>;

type StepAttributeRecordOf<K extends AttributeKind> = {
  kind: K;
  /** Stores the value read into the typed result. */
  set(into: ParsedStepAttributes, value: KindValues[K]): void;
  /** One line on what the value is; for a `count`, the words of its `bad-number` message. */
  description: string;
} & (K extends ValueKind
  ? { /** The value a `missing-value` message suggests: `timeout=10m`. */ example: string }
  : { example?: never });

export type StepAttributeRecord = { [K in AttributeKind]: StepAttributeRecordOf<K> }[AttributeKind];

type Reading<V> = { value: V } | { rule: string; message: string };

const tooLong = (value: string | true, name: string): Reading<number> => ({
  rule: 'bad-duration', message: `duration \`${value}\` for \`${name}\` is too long: at most ${MAX_DURATION_TEXT}`,
});

/** How each kind reads a word's value (a bare word is `true`), or why it cannot. */
const KINDS: { [K in AttributeKind]: (value: string | true, name: string, description: string) => Reading<KindValues[K]> } = {
  flag: (value, name) =>
    value === true || value === 'true' || value === 'false'
      ? { value: value !== 'false' }
      : { rule: 'bad-flag', message: `attribute \`${name}\` is a flag: write \`${name}\` alone` },
  duration(value, name) {
    if (/^\d+$/.test(String(value))) {
      return { rule: 'bad-duration', message: `bad duration \`${value}\` for \`${name}\`: a number alone has no unit: write \`${name}=${value}s\` (seconds), or 500ms, 6m, 1h` };
    }
    const ms = parseDuration(String(value));
    if (ms !== undefined && ms > MAX_DURATION_MS) return tooLong(value, name);
    return ms === undefined || ms <= 0
      ? { rule: 'bad-duration', message: `bad duration \`${value}\` for \`${name}\`: write a number and a unit, e.g. 500ms, 10s, 6m, 1h` }
      : { value: ms };
  },
  count: (value, name, description) =>
    /^\d+$/.test(String(value)) && Number(value) >= 1
      ? { value: Number(value) }
      : { rule: 'bad-number', message: `bad number \`${value}\` for \`${name}\`: ${description}, a whole number >= 1` },
  'variable-name': (value, name) =>
    /^[A-Za-z_][A-Za-z0-9_]*$/.test(String(value))
      ? { value: String(value) }
      : { rule: 'bad-name', message: `\`${name}=${value}\` is not a shell variable name (letters, digits, _)` },
  exit(value) {
    const exit = parseExitSpec(String(value));
    return exit === undefined ? { rule: 'bad-number', message: `bad exit code \`${value}\`: a number 0-255 or \`any\`` } : { value: exit };
  },
  seconds(value, name) {
    const ms = /^\d+$/.test(String(value)) ? Number(value) * 1000 : parseDuration(String(value));
    if (ms !== undefined && ms > MAX_DURATION_MS) return tooLong(value, name);
    return ms === undefined || ms <= 0
      ? { rule: 'bad-duration', message: `bad duration \`${value}\` for \`${name}\`: write seconds (30) or a number and a unit, e.g. 500ms, 10s, 6m` }
      : { value: ms };
  },
  text: (value) => ({ value: String(value) }),
  id: (value) =>
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(String(value))
      ? { value: String(value) }
      : { rule: 'bad-id', message: `bad step id \`${value}\`: use letters, digits, \`.\`, \`_\` and \`-\`` },
  skip: (value) => ({ value: value === true || value === 'true' ? true : value === 'false' ? false : value }),
  confirm: (value) => ({ value: value === true ? '' : value }),
};

const ATTRIBUTES = {
  id: { kind: 'id', example: 'value', description: "the step's stable name", set: (into, id) => { into.id = id; } },
  timeout: { kind: 'duration', example: '10m', description: 'the longest the step may run', set: (into, ms) => { into.attributes.timeoutMs = ms; } },
  retry: { kind: 'count', example: '5', description: 'the most attempts', set: (into, count) => { into.attributes.retry = count; } },
  interval: { kind: 'duration', example: '15s', description: 'the pause between attempts', set: (into, ms) => { into.attributes.intervalMs = ms; } },
  capture: { kind: 'variable-name', example: 'value', description: "the variable that gets the step's trimmed stdout", set: (into, name) => { into.attributes.capture = name; } },
  for: { kind: 'duration', example: '10s', description: 'how long a never-ending command runs', set: (into, ms) => { into.attributes.forMs = ms; } },
  background: { kind: 'flag', description: 'start the step and leave it running', set: (into, on) => { into.attributes.background = on; } },
  cleanup: { kind: 'flag', description: 'run at the end, always', set: (into, on) => { into.attributes.cleanup = on; } },
  confirm: { kind: 'confirm', description: 'why to ask before running', set: (into, reason) => { into.attributes.confirm = reason; } },
  tty: { kind: 'flag', description: 'the step needs a terminal', set: (into, on) => { into.attributes.tty = on; } },
  hosts: { kind: 'text', example: '"$N1 $N2"', description: 'the hosts to run on over ssh', set: (into, hosts) => { into.attributes.hosts = hosts; } },
  'ssh-user': { kind: 'text', example: 'value', description: 'the remote user for hosts=', set: (into, user) => { into.attributes.sshUser = user; } },
  pods: { kind: 'text', example: '"$P1 $P2"', description: 'the pods to run in through kubectl exec', set: (into, pods) => { into.attributes.pods = pods; } },
  selector: { kind: 'text', example: '"k8s-app=aws-node"', description: 'the label selector of the pods to run in', set: (into, selector) => { into.attributes.selector = selector; } },
  namespace: { kind: 'text', example: 'kube-system', description: "the pods' namespace", set: (into, namespace) => { into.attributes.namespace = namespace; } },
  container: { kind: 'text', example: 'aws-node', description: 'the container to run in', set: (into, container) => { into.attributes.container = container; } },
  cwd: { kind: 'text', example: 'value', description: 'the directory to run in', set: (into, cwd) => { into.attributes.cwd = cwd; } },
  skip: { kind: 'skip', description: 'shown, never run (or why)', set: (into, skip) => { into.attributes.skip = skip; } },
  verify: { kind: 'flag', description: "a learner task's check", set: (into, on) => { into.verify = on; } },
  solve: { kind: 'flag', description: "a learner task's solution", set: (into, on) => { into.solve = on; } },
  exit: { kind: 'exit', example: '1', description: 'the exit code the step must end with', set: (into, exit) => { into.attributes.exit = exit; } },
  stdin: { kind: 'text', example: 'value', description: 'the text fed on stdin', set: (into, text) => { into.attributes.stdin = text; } },
  inputs: { kind: 'text', example: '"k8s/app manifests/x.yaml"', description: 'files and folders the step reads: a change to them makes its fixture stale', set: (into, inputs) => { into.attributes.inputs = inputs; } },
  settle: { kind: 'seconds', example: '30s', description: 'how long to wait after the step, live only (a number alone is seconds)', set: (into, ms) => { into.attributes.settleMs = ms; } },
} satisfies Record<string, StepAttributeRecord>;

export type StepAttributeName = keyof typeof ATTRIBUTES;

export const STEP_ATTRIBUTES: Record<StepAttributeName, StepAttributeRecord> = ATTRIBUTES;

/** The attribute names in the order they are documented. */
export const STEP_ATTRIBUTE_NAMES: readonly StepAttributeName[] = Object.keys(STEP_ATTRIBUTES) as StepAttributeName[];

/**
 * Words authors write for an attribute, for "did you mean": `retries=30` means `retry=30`, and
 * `wait=N` (how long to let a live step settle) means `settle=` where that attribute exists —
 * never `exit`, which is merely spelt alike. Without `settle` a `wait` gets no suggestion.
 */
const ATTRIBUTE_SYNONYMS: Record<string, string | undefined> = {
  retries: 'retry',
  attempts: 'retry',
  delay: 'interval',
  wait: Object.hasOwn(ATTRIBUTES, 'settle') ? 'settle' : undefined,
};

function isStepAttributeName(name: string): name is StepAttributeName {
  return Object.hasOwn(STEP_ATTRIBUTES, name);
}

/** Where the attribute is written on the step's fence, for messages about it (the fence without it). */
export function attributePosition(step: Step, name: StepAttributeName): SourcePosition {
  return step.rawAttributes.find((attribute) => attribute.name === name)?.position ?? step.position;
}

export function parseExitSpec(value: string): ExitSpec | undefined {
  if (value === 'any') return 'any';
  if (!/^\d{1,3}$/.test(value) || Number(value) > 255) return undefined;
  return Number(value);
}

export function readStepAttributes(raw: Attribute[]): ParsedStepAttributes {
  const attributes: StepAttributes = { background: false, cleanup: false, tty: false, skip: false };
  const parsed: ParsedStepAttributes = { attributes, verify: false, solve: false, diagnostics: [] };
  const seen = new Set<string>();
  const problem = (attribute: Attribute, rule: string, message: string) =>
    parsed.diagnostics.push({ severity: 'error', rule, message, position: attribute.position });

  for (const attribute of raw) {
    const { name, value } = attribute;
    if (!isStepAttributeName(name)) {
      problem(attribute, 'unknown-attribute', `unknown attribute \`${name}\`${didYouMean(name, STEP_ATTRIBUTE_NAMES, ATTRIBUTE_SYNONYMS)}`);
      continue;
    }
    if (seen.has(name)) problem(attribute, 'duplicate-attribute', `attribute \`${name}\` is given twice`);
    seen.add(name);
    const record = STEP_ATTRIBUTES[name];
    if (record.example !== undefined && (value === true || value === '')) {
      problem(attribute, 'missing-value', `attribute \`${name}\` needs a value, e.g. \`${name}=${record.example}\``);
      continue;
    }
    const failed = apply(record, value, name, parsed);
    if (failed) problem(attribute, failed.rule, failed.message);
  }
  return parsed;
}

/** Reads `value` by the record's kind and stores it; the problem when it cannot be read. */
function apply<K extends AttributeKind>(
  record: StepAttributeRecordOf<K>, value: string | true, name: string, into: ParsedStepAttributes,
): { rule: string; message: string } | undefined {
  const reading = KINDS[record.kind](value, name, record.description);
  if (!('value' in reading)) return reading;
  record.set(into, reading.value);
  return undefined;
}
