// Markdown -> Lab with marked's lexer. Top-level tokens are read in order by the BodyReader; each
// token's offset is the sum of the raw lengths before it, which gives every step and expectation
// its position. Once the file is read, solve blocks join their tasks and each step is hashed.
import { createHash } from 'node:crypto';
import type { Diagnostic, Lab, ParseResult, Profile, SourcePosition, Step } from '../model/lab.js';
import { lexBlocks, locate } from './blocks.js';
import { BodyReader } from './body-reader.js';
import { defaultMeta, findFrontmatter, readFrontmatter, type FrontmatterResult } from './frontmatter.js';
import { LineIndex } from './positions.js';
import { attachSolves, markDuplicateIds, STEP_LANGUAGES } from './step-checks.js';

export { STEP_LANGUAGES };

export interface ParseOptions {
  /** Path shown in diagnostics. */
  displayPath?: string;
  /** Lab id when the frontmatter has none (derived from the path by the loader). */
  defaultId?: string;
  /** How blocks and annotations are read; `native` when not given. */
  profile?: Profile;
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

  const { meta, bodyOffset } = readMeta(source, displayPath, at, diagnostics, options.profile);
  const reader = new BodyReader(at, diagnostics, bodyOffset, options.profile ?? 'native');
  const tokens = lexBlocks(source.slice(bodyOffset), (offset, message, rule) => diagnostics.push({ severity: 'error', rule, position: at(bodyOffset + offset), message }));
  let offset = bodyOffset;
  for (const token of tokens) {
    const tokenOffset = locate(source, token.raw, offset);
    offset = tokenOffset + token.raw.length;
    reader.read(token, tokenOffset);
  }

  const { sections, steps } = reader;
  attachSolves(reader.solves, steps, sections, diagnostics);
  for (const step of steps) {
    if (step.task) step.task.hint = sections[step.section]!.hint;
    step.sourceHash = stepHash(step);
  }
  markDuplicateIds(steps, diagnostics);

  const id = meta.id ?? options.defaultId ?? 'lab';
  const lab: Lab = {
    file,
    displayPath,
    meta: { ...meta, id, title: meta.title ?? reader.firstHeading ?? id },
    sections,
    steps,
    sourceHash: hashText(source),
  };
  return { lab, diagnostics: diagnostics.sort((a, b) => a.position.line - b.position.line || a.position.column - b.position.column) };
}

/** The frontmatter's meta (defaults when there is none) and where the Markdown body starts. */
function readMeta(
  source: string, displayPath: string, at: (offset: number) => SourcePosition, diagnostics: Diagnostic[], profile?: Profile,
): { meta: FrontmatterResult['meta']; bodyOffset: number } {
  const frontmatter = findFrontmatter(source);
  if (frontmatter && 'unterminated' in frontmatter) {
    diagnostics.push({ severity: 'error', rule: 'frontmatter-unterminated', position: at(0), message: 'frontmatter starts with `---` but never ends: close it with a `---` line' });
    return { meta: defaultMeta(), bodyOffset: source.length };
  }
  if (!frontmatter) return { meta: defaultMeta(), bodyOffset: 0 };
  const read = readFrontmatter(frontmatter, displayPath, profile);
  diagnostics.push(...read.diagnostics);
  return { meta: read.meta, bodyOffset: frontmatter.bodyOffset };
}

/** The step's own source: its language, attributes, block, expectations and solution. */
function stepHash(step: Step): string {
  return hashText([
    step.language, step.rawAttributes.map((a) => `${a.name}=${a.value === true ? '' : a.value}`).join(' '), step.command,
    ...step.expectations.flatMap((e) => [e.mode, e.stream, String(e.exit ?? ''), e.text]),
    step.task?.solve?.command ?? '',
  ].join('\u0000'));
}
