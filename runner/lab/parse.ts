// Markdown -> Lab with marked's lexer. Top-level tokens are walked in order; each token's offset
// is the sum of the raw lengths before it, which gives every step and expectation its position.
import { createHash } from 'node:crypto';
import { Lexer, type Token, type Tokens } from 'marked';
import type { Expectation } from '../expect/index.js';
import type { Attribute, Diagnostic, Lab, ParseResult, Section, SourcePosition, Step, TaskBlock } from '../model/lab.js';
import { LineIndex } from './positions.js';
import { MAX_NESTING, tooDeeplyNested } from './nesting.js';
import { findFrontmatter, readFrontmatter } from './frontmatter.js';
import { splitInfoString, type InfoWord } from './info-string.js';
import { readStepAttributes } from './step-attributes.js';
import { readExpectInfo } from './expect-info.js';
import { generatedStepId, SlugRegistry, slugify } from './ids.js';
import { splitConsoleTranscript } from './console.js';
import { attachSolves, markDuplicateIds, STEP_LANGUAGES, warnNestedSteps, type PendingSolve } from './step-checks.js';

export { STEP_LANGUAGES };

export interface ParseOptions {
  /** Path shown in diagnostics. */
  displayPath?: string;
  /** Lab id when the frontmatter has none (derived from the path by the loader). */
  defaultId?: string;
}

export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}


export function parseLab(input: string, file: string, options: ParseOptions = {}): ParseResult {
  const displayPath = options.displayPath ?? file;
  const source = input.replace(/\r\n?/g, '\n').replace(/^\uFEFF/, '');
  const lines = new LineIndex(source);
  const diagnostics: Diagnostic[] = [];
  const at = (offset: number): SourcePosition => ({ file: displayPath, ...lines.at(offset) });

  let bodyOffset = 0;
  let meta: ReturnType<typeof readFrontmatter>['meta'] = { requires: [], vars: [], sshOptions: {}, redact: [], aws: false };
  const frontmatter = findFrontmatter(source);
  if (frontmatter && 'unterminated' in frontmatter) {
    diagnostics.push({ severity: 'error', rule: 'frontmatter-unterminated', position: at(0), message: 'frontmatter starts with `---` but never ends: close it with a `---` line' });
    bodyOffset = source.length;
  } else if (frontmatter) {
    const read = readFrontmatter(frontmatter, displayPath);
    meta = read.meta;
    diagnostics.push(...read.diagnostics);
    bodyOffset = frontmatter.bodyOffset;
  }

  const body = source.slice(bodyOffset);
  const tokens = lexBlocks(body, (line, message) => diagnostics.push({ severity: 'error', rule: 'too-deep', position: at(bodyOffset + offsetOfLine(body, line)), message }));
  const sections: Section[] = [{ title: '', depth: 0, slug: '', position: at(bodyOffset), items: [] }];
  const steps: Step[] = [];
  const slugs = new SlugRegistry();
  const stepsInSection = new Map<number, number>();
  const solves: PendingSolve[] = [];
  let firstHeading: string | undefined;
  // What an ```expect block would attach to: the last step's expectations, or nothing.
  let expectTarget: { expectations: Expectation[]; hashParts: string[]; kind: 'step' | 'solve' } | undefined;

  let offset = bodyOffset;
  for (const token of tokens) {
    const tokenOffset = locate(source, token.raw, offset);
    offset = tokenOffset + token.raw.length;
    const section = sections.length - 1;
    const current = sections[section]!;

    if (token.type === 'heading') {
      const heading = token as Tokens.Heading;
      firstHeading ??= heading.depth === 1 ? heading.text : undefined;
      sections.push({ title: heading.text, depth: heading.depth, slug: slugs.unique(slugify(heading.text)), position: at(tokenOffset), items: [] });
      expectTarget = undefined;
      continue;
    }
    if (token.type === 'space') {
      // Blank lines between paragraphs, lists and tables are part of the prose they separate.
      const last = current.items[current.items.length - 1];
      if (last?.kind === 'prose') last.markdown += token.raw;
      continue;
    }
    if (token.type !== 'code') {
      if (token.type === 'blockquote' && /^\s*(\*\*)?hint:?(\*\*)?:?/i.test((token as Tokens.Blockquote).text)) {
        current.hint = (token as Tokens.Blockquote).text.replace(/^\s*(\*\*)?hint:?(\*\*)?:?\s*/i, '').trim();
        continue;
      }
      warnNestedSteps(token, at(tokenOffset), diagnostics);
      appendProse(current, token.raw, at(tokenOffset));
      continue;
    }

    const code = token as Tokens.Code;
    const fenceLine = code.raw.slice(0, code.raw.indexOf('\n') === -1 ? code.raw.length : code.raw.indexOf('\n'));
    const fenceMatch = /^( {0,3})(`{3,}|~{3,})(.*)$/.exec(fenceLine);
    if (!fenceMatch) {
      appendCode(current, '', code.text, at(tokenOffset)); // indented code: shown, never run
      continue;
    }
    const indent = fenceMatch[1]!.length;
    const fence = fenceMatch[2]!;
    const infoOffset = tokenOffset + indent + fence.length;
    const info = splitInfoString(fenceMatch[3]!);
    const fencePosition = at(tokenOffset + indent);
    const wordPosition = (word: InfoWord) => at(infoOffset + word.offset);
    for (const problem of info.problems) diagnostics.push({ severity: 'error', rule: 'bad-attribute', position: at(infoOffset + problem.offset), message: problem.message });

    if (!isClosed(code.raw, fence)) {
      diagnostics.push({ severity: 'error', rule: 'unterminated-fence', position: fencePosition, message: `code block opened with ${fence} is never closed: add a closing ${fence} line` });
      expectTarget = undefined;
      continue;
    }
    const language = info.language.toLowerCase();

    if (language === 'expect') {
      const read = readExpectInfo(info.words, wordPosition);
      diagnostics.push(...read.diagnostics);
      if (!expectTarget) {
        diagnostics.push({ severity: 'error', rule: 'orphan-expect', position: fencePosition, message: '`expect` block with no step before it: put it right after the ```bash block it checks' });
        continue;
      }
      if (expectTarget.kind === 'solve') {
        diagnostics.push({ severity: 'error', rule: 'expect-after-solve', position: fencePosition, message: '`expect` after a `solve` block is never checked: put it after the `verify` block' });
        continue;
      }
      expectTarget.expectations.push({ mode: read.mode, stream: read.stream, exit: read.exit, text: code.text, position: fencePosition, bodyLine: fencePosition.line + 1 });
      expectTarget.hashParts.push(fenceMatch[3]!.trim(), code.text);
      continue;
    }

    if (language === 'console') {
      const rawAttributes: Attribute[] = info.words.map((word) => ({ name: word.name, value: word.value, position: wordPosition(word) }));
      const parsed = readStepAttributes(rawAttributes);
      diagnostics.push(...parsed.diagnostics);
      const commands = splitConsoleTranscript(code.text, fencePosition.line + 1, displayPath);
      if (commands.length === 0) diagnostics.push({ severity: 'error', rule: 'empty-step', position: fencePosition, message: '`console` block with no `$ command` line: start each command with `$ `' });
      for (const [index, command] of commands.entries()) {
        const id = parsed.id && commands.length > 1 ? `${parsed.id}-${index + 1}` : parsed.id;
        const step = makeStep(command.command, 'console', command.position, info.words, wordPosition, section, command.expectation ? [command.expectation] : [], { ...parsed, id });
        steps.push(step);
      }
      expectTarget = commands.length ? targetOf(steps[steps.length - 1]!) : undefined;
      continue;
    }

    if (!STEP_LANGUAGES.has(language)) {
      appendCode(current, language, code.text, fencePosition);
      expectTarget = undefined;
      continue;
    }

    const rawAttributes: Attribute[] = info.words.map((word) => ({ name: word.name, value: word.value, position: wordPosition(word) }));
    const parsed = readStepAttributes(rawAttributes);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.solve) {
      const block: TaskBlock = { command: code.text, position: fencePosition, expectations: [] };
      solves.push({ block, section });
      expectTarget = { expectations: block.expectations, hashParts: [], kind: 'solve' };
      continue;
    }
    const step = makeStep(code.text, language, fencePosition, info.words, wordPosition, section, [], parsed);
    if (!code.text.trim()) diagnostics.push({ severity: 'error', rule: 'empty-step', position: fencePosition, message: 'empty step: write the command inside the block, or remove it' });
    steps.push(step);
    expectTarget = targetOf(step);
  }

  function makeStep(
    command: string, language: string, position: SourcePosition, words: InfoWord[], wordPosition: (word: InfoWord) => SourcePosition,
    section: number, expectations: Expectation[], parsed: ReturnType<typeof readStepAttributes>,
  ): Step {
    const indexInSection = (stepsInSection.get(section) ?? 0) + 1;
    stepsInSection.set(section, indexInSection);
    const sectionSlug = sections[section]!.slug || undefined;
    const step: Step = {
      id: parsed.id ?? generatedStepId(sectionSlug, indexInSection),
      generatedId: parsed.id === undefined,
      index: steps.length,
      language,
      command,
      position,
      attributes: parsed.attributes,
      rawAttributes: words.map((word) => ({ name: word.name, value: word.value, position: wordPosition(word) })),
      expectations,
      task: parsed.verify ? {} : undefined,
      section,
      sourceHash: '',
    };
    sections[section]!.items.push({ kind: 'step', step: step.index });
    return step;
  }

  attachSolves(solves, steps, sections, diagnostics);
  for (const step of steps) {
    const task = step.task;
    if (task) task.hint = sections[step.section]!.hint;
    step.sourceHash = hashText([
      step.language, step.rawAttributes.map((a) => `${a.name}=${a.value === true ? '' : a.value}`).join(' '), step.command,
      ...step.expectations.flatMap((e) => [e.mode, e.stream, String(e.exit ?? ''), e.text]),
      task?.solve?.command ?? '',
    ].join('\u0000'));
  }
  markDuplicateIds(steps, diagnostics);

  const id = meta.id ?? options.defaultId ?? 'lab';
  const lab: Lab = {
    file,
    displayPath,
    meta: { ...meta, id, title: meta.title ?? firstHeading ?? id },
    sections,
    steps,
    sourceHash: hashText(source),
  };
  return { lab, diagnostics: diagnostics.sort((a, b) => a.position.line - b.position.line || a.position.column - b.position.column) };

  function targetOf(step: Step) {
    return { expectations: step.expectations, hashParts: [], kind: 'step' as const };
  }
}

/**
 * marked's block tokens, or none when the Markdown nests too deeply to read (reported instead).
 * Block tokens only: nothing here reads inline tokens (emphasis, escapes, links), and marked's
 * inline lexer is quadratic on long runs of escapes (a 100 KB line of `\\` took 8 s to lint).
 */
function lexBlocks(body: string, refuse: (line: number, message: string) => void): Token[] {
  const deep = tooDeeplyNested(body);
  if (deep !== undefined) {
    refuse(deep, `lists or quotes nested more than ${MAX_NESTING} deep on one line: Markdown this deep cannot be read; flatten it`);
    return [];
  }
  try {
    return new Lexer({ gfm: true }).blockTokens(body);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error; // the call stack: nesting spread over many lines
    refuse(0, 'lists or quotes nest too deeply to be read: flatten them');
    return [];
  }
}

function offsetOfLine(text: string, line: number): number {
  let offset = 0;
  for (let i = 0; i < line; i++) offset = text.indexOf('\n', offset) + 1;
  return offset;
}

/** Offset of a token's raw text: normally exactly where the previous one ended. */
function locate(source: string, raw: string, expected: number): number {
  if (source.startsWith(raw, expected)) return expected;
  const found = source.indexOf(raw, expected);
  return found === -1 ? expected : found;
}

function isClosed(raw: string, fence: string): boolean {
  const lines = raw.replace(/\n+$/, '').split('\n');
  if (lines.length < 2) return false;
  const last = lines[lines.length - 1]!.trim();
  return last.length >= fence.length && new RegExp(`^\\${fence[0]}{${fence.length},}$`).test(last);
}

function appendProse(section: Section, raw: string, position: SourcePosition): void {
  const last = section.items[section.items.length - 1];
  if (last?.kind === 'prose') last.markdown += raw;
  else section.items.push({ kind: 'prose', markdown: raw, position });
}

function appendCode(section: Section, language: string, text: string, position: SourcePosition): void {
  section.items.push({ kind: 'code', language, text, position });
}
