// Redaction: turns text that may hold secrets into text safe to write to a fixture, with stable
// placeholders, counts per rule, and a second scan (findLeftovers) that a writer uses to refuse.
import { textHash, type RememberedFacts } from '../text/hash.js';
import { LabError } from '../errors/index.js';
import type { RedactRule } from '../model/lab.js';
import { AccountRegistry } from './accounts.js';
import { builtinPatterns, type SecretPattern } from './patterns.js';
import { escapeRegex } from '../expect/interpolate.js';

/** How many replacements one rule made. */
export interface RedactionCount {
  rule: string;
  count: number;
}

export interface RedactorOptions {
  /** Values of secret variables: by name (placeholder `<SECRET:NAME>`) or bare (`<SECRET>`). */
  secretValues: string[] | Record<string, string>;
  /** The lab's own rules (frontmatter `redact:`); a match becomes `<REPLACEMENT>`. */
  rules: RedactRule[];
  /**
   * false: leave AWS account ids as they are. What a person sees on the terminal keeps them (they
   * identify an account, they do not authenticate); fixtures never do. Default true.
   */
  accounts?: boolean;
  /**
   * Texts this redactor's rules are known to leave unchanged, by a hash of the rules and the text
   * (a replay keeps them in the content cache: a fixture's outputs were redacted when written, so
   * the patterns found nothing in them last time either). A known text holding none of the secret
   * values is returned as it is, without running the patterns; any other is redacted in full, and
   * remembered when nothing in it changed. Only without account numbering (`accounts: false`): a
   * numbered id makes a text's redaction depend on the texts before it.
   */
  fixedPoints?: FixedPoints;
}

/** Hashes of texts redaction leaves unchanged (see RedactorOptions.fixedPoints). */
export type FixedPoints = RememberedFacts;

export interface Redactor {
  redact(text: string): string;
  /** Replacements made so far, per rule, in rule order; rules that never matched are left out. */
  counts(): RedactionCount[];
  /** Built-in patterns (and known secret values) still present in `text`, as `rule at line N`. */
  findLeftovers(text: string): string[];
}

/** Shorter values would shred ordinary output (a secret `1` would hit every number). */
export const MIN_SECRET_VALUE_LENGTH = 4;
const MAX_LEFTOVERS_LISTED = 20;

interface LiteralSecret {
  value: string;
  placeholder: string;
}

export function createRedactor(options: RedactorOptions): Redactor {
  const accounts = new AccountRegistry();
  const keep = (pattern: SecretPattern) => options.accounts !== false || pattern.name !== 'account-id';
  const patterns = builtinPatterns((id) => accounts.placeholderFor(id)).filter(keep);
  const leftoverPatterns = builtinPatterns(() => '<ACCOUNT_ID>').filter(keep);
  const secrets = literalSecrets(options.secretValues);
  const secretsRegex = secrets.length ? new RegExp(secrets.map((s) => escapeRegex(s.value)).join('|'), 'g') : undefined;
  const labRules = options.rules.map(compileLabRule);
  const tally = new Map<string, number>();
  const count = (rule: string) => tally.set(rule, (tally.get(rule) ?? 0) + 1);
  const ruleOrder = ['secret-variable', ...patterns.map((p) => p.name), ...labRules.map((r) => r.name)];
  const fixedPoints = options.accounts === false ? options.fixedPoints : undefined;
  // The lab's rules are part of what a text is a fixed point of; the built-in ones are the build's.
  const rulesKey = fixedPoints && JSON.stringify(options.rules.map((rule) => [rule.pattern, rule.replacement ?? '', rule.name]));

  function redact(text: string): string {
    if (text === '') return text; // most stderr: no rule matches nothing (a lab rule's empty match is skipped)
    if (!fixedPoints) return redactAll(text);
    // A secret value of this run is masked whatever the memo says.
    if (secretsRegex && text.search(secretsRegex) !== -1) return redactAll(text);
    const key = textHash(`${rulesKey!}\u0000${text}`);
    if (fixedPoints.get(key)) return text;
    const result = redactAll(text);
    if (result === text) fixedPoints.set(key, true);
    return result;
  }

  function redactAll(text: string): string {
    let result = text;
    if (secretsRegex) {
      result = result.replace(secretsRegex, (value) => {
        count('secret-variable');
        return secrets.find((s) => s.value === value)?.placeholder ?? '<SECRET>';
      });
    }
    for (const pattern of patterns) result = applyPattern(result, pattern, count);
    result = accounts.replaceKnown(result, () => count('account-id'));
    for (const rule of labRules) {
      result = result.replace(rule.regex, (match) => {
        if (match === rule.placeholder || match === '') return match;
        count(rule.name);
        return rule.placeholder;
      });
    }
    return result;
  }

  function counts(): RedactionCount[] {
    const names = [...new Set(ruleOrder)].filter((name) => tally.has(name));
    return names.map((rule) => ({ rule, count: tally.get(rule) ?? 0 }));
  }

  function findLeftovers(text: string): string[] {
    const found = new Set<string>();
    const note = (rule: string, index: number) => found.size < MAX_LEFTOVERS_LISTED && found.add(`${rule} at line ${lineAt(text, index)}`);
    for (const pattern of leftoverPatterns) {
      if (pattern.mayMatch && !pattern.mayMatch(text)) continue;
      for (const match of text.matchAll(pattern.regex)) {
        const secret = match.groups?.secret ?? match[0];
        if (pattern.placeholder(secret) !== undefined) note(pattern.name, match.index + (match.groups?.pre?.length ?? 0));
      }
    }
    for (const secret of secrets) {
      const index = text.indexOf(secret.value);
      if (index >= 0) note('secret-variable', index);
    }
    for (const id of accounts.known()) {
      const match = new RegExp(`(?<!\\d)${id}(?!\\d)`).exec(text);
      if (match) note('account-id', match.index);
    }
    return [...found];
  }

  return { redact, counts, findLeftovers };
}

function applyPattern(text: string, pattern: SecretPattern, count: (rule: string) => void): string {
  if (pattern.mayMatch && !pattern.mayMatch(text)) return text;
  return text.replace(pattern.regex, (...args: unknown[]) => {
    const match = args[0] as string;
    const groups = args[args.length - 1] as Record<string, string | undefined>;
    const secret = groups.secret ?? match;
    const placeholder = pattern.placeholder(secret);
    if (placeholder === undefined) return match;
    count(pattern.name);
    const pre = groups.pre ?? '';
    // Anything the regex consumed after the secret (none of ours do) is kept as it was.
    return pre + placeholder + match.slice(pre.length + secret.length);
  });
}

function literalSecrets(values: string[] | Record<string, string>): LiteralSecret[] {
  const named: Array<[string, string]> = Array.isArray(values) ? values.map((value) => [value, '<SECRET>']) : Object.entries(values).map(([name, value]) => [value, `<SECRET:${name}>`]);
  // A value holding `"` or `\` printed through JSON (`jq`, `kubectl -o json`) appears escaped: mask that form too.
  const entries: LiteralSecret[] = named.flatMap(([value, placeholder]) => {
    const escaped = JSON.stringify(value).slice(1, -1);
    return escaped === value ? [{ value, placeholder }] : [{ value, placeholder }, { value: escaped, placeholder }];
  });
  // Longest first, so a secret that contains another is replaced whole.
  return entries.filter((s) => s.value.length >= MIN_SECRET_VALUE_LENGTH).sort((a, b) => b.value.length - a.value.length);
}

function compileLabRule(rule: RedactRule): { name: string; regex: RegExp; placeholder: string } {
  try {
    return { name: rule.name, regex: new RegExp(rule.pattern, 'g'), placeholder: `<${rule.replacement || rule.name}>` };
  } catch (error) {
    throw new LabError('BAD_INPUT', `redact rule \`${rule.name}\` is not a valid regex: ${(error as Error).message}`, {
      hint: 'fix the pattern in the lab frontmatter `redact:` list',
    });
  }
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) line++;
  return line;
}
