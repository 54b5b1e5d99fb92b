// Turns a step fence's words into typed StepAttributes, reporting unknown names, bad durations
// and bad numbers at the word's own column.
import type { ExitSpec } from '../expect/index.js';
import type { Attribute, Diagnostic, StepAttributes } from '../model/lab.js';
import { parseDuration } from '../text/duration.js';
import { didYouMean } from '../text/suggest.js';

/** The attribute names a step accepts: a contract with lab authors (add, never remove). */
export const STEP_ATTRIBUTE_NAMES = [
  'id', 'timeout', 'retry', 'interval', 'capture', 'for', 'background', 'cleanup', 'confirm', 'tty',
  'hosts', 'ssh-user', 'cwd', 'skip', 'verify', 'solve', 'exit', 'stdin',
] as const;

const FLAG_NAMES = new Set(['background', 'cleanup', 'tty', 'verify', 'solve']);
const DURATION_NAMES = new Set(['timeout', 'interval', 'for']);
const NEEDS_VALUE = new Set(['id', 'timeout', 'interval', 'retry', 'capture', 'for', 'hosts', 'ssh-user', 'cwd', 'exit', 'stdin']);

export interface ParsedStepAttributes {
  attributes: StepAttributes;
  id?: string;
  verify: boolean;
  solve: boolean;
  diagnostics: Diagnostic[];
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
    if (!(STEP_ATTRIBUTE_NAMES as readonly string[]).includes(name)) {
      problem(attribute, 'unknown-attribute', `unknown attribute \`${name}\`${didYouMean(name, STEP_ATTRIBUTE_NAMES)}`);
      continue;
    }
    if (seen.has(name)) problem(attribute, 'duplicate-attribute', `attribute \`${name}\` is given twice`);
    seen.add(name);
    if (NEEDS_VALUE.has(name) && (value === true || value === '')) {
      problem(attribute, 'missing-value', `attribute \`${name}\` needs a value, e.g. \`${name}=${exampleValue(name)}\``);
      continue;
    }
    if (FLAG_NAMES.has(name) && value !== true && value !== 'true' && value !== 'false') {
      problem(attribute, 'bad-flag', `attribute \`${name}\` is a flag: write \`${name}\` alone`);
      continue;
    }
    const text = value === true ? 'true' : value;
    if (DURATION_NAMES.has(name)) {
      const ms = parseDuration(text);
      if (ms === undefined || ms <= 0) {
        problem(attribute, 'bad-duration', `bad duration \`${text}\` for \`${name}\`: write a number and a unit, e.g. 500ms, 10s, 6m, 1h`);
        continue;
      }
      if (name === 'timeout') attributes.timeoutMs = ms;
      else if (name === 'interval') attributes.intervalMs = ms;
      else attributes.forMs = ms;
      continue;
    }
    switch (name) {
      case 'id':
        if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(text)) {
          problem(attribute, 'bad-id', `bad step id \`${text}\`: use letters, digits, \`.\`, \`_\` and \`-\``);
        } else parsed.id = text;
        break;
      case 'retry':
        if (!/^\d+$/.test(text) || Number(text) < 1) {
          problem(attribute, 'bad-number', `bad number \`${text}\` for \`retry\`: the most attempts, a whole number >= 1`);
        } else attributes.retry = Number(text);
        break;
      case 'capture':
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(text)) {
          problem(attribute, 'bad-name', `\`capture=${text}\` is not a shell variable name (letters, digits, _)`);
        } else attributes.capture = text;
        break;
      case 'exit': {
        const exit = parseExitSpec(text);
        if (exit === undefined) problem(attribute, 'bad-number', `bad exit code \`${text}\`: a number 0-255 or \`any\``);
        else attributes.exit = exit;
        break;
      }
      case 'confirm':
        attributes.confirm = value === true ? '' : value;
        break;
      case 'skip':
        attributes.skip = value === true || value === 'true' ? true : value === 'false' ? false : value;
        break;
      case 'hosts':
        attributes.hosts = text;
        break;
      case 'ssh-user':
        attributes.sshUser = text;
        break;
      case 'cwd':
        attributes.cwd = text;
        break;
      case 'stdin':
        attributes.stdin = text;
        break;
      default: {
        const on = value === true || value === 'true';
        if (name === 'background') attributes.background = on;
        else if (name === 'cleanup') attributes.cleanup = on;
        else if (name === 'tty') attributes.tty = on;
        else if (name === 'verify') parsed.verify = on;
        else if (name === 'solve') parsed.solve = on;
      }
    }
  }
  return parsed;
}

function exampleValue(name: string): string {
  return ({ timeout: '10m', interval: '15s', for: '10s', retry: '5', exit: '1', hosts: '"$N1 $N2"' } as Record<string, string>)[name] ?? 'value';
}
