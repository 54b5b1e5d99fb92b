// marked's block tokens as its own MarkedToken union, so the parser can switch on `token.type`
// without casts, and where each token starts (marked's tokens carry no positions).
import { Lexer, type MarkedToken, type Token } from 'marked';
import { MAX_NESTING, tooDeeplyNested } from './nesting.js';

// Every kind of MarkedToken: a Record, so the compiler notices a kind a marked upgrade adds.
const MARKED_TOKEN_TYPES: Record<MarkedToken['type'], true> = {
  blockquote: true, br: true, checkbox: true, code: true, codespan: true, def: true, del: true, em: true, escape: true,
  heading: true, hr: true, html: true, image: true, link: true, list: true, list_item: true, paragraph: true,
  space: true, strong: true, table: true, text: true,
};

/** False only for an extension's token; no extensions are registered, so it is marked's own. */
export function isMarkedToken(token: Token): token is MarkedToken {
  return Object.hasOwn(MARKED_TOKEN_TYPES, token.type);
}

/**
 * marked's block tokens, or none when the Markdown nests too deeply to read (reported instead, at
 * the offset of the line in `body`). Block tokens only: nothing here reads inline tokens (emphasis,
 * escapes, links), and marked's inline lexer is quadratic on long runs of escapes (a 100 KB line of
 * `\\` took 8 s to lint).
 */
export function lexBlocks(body: string, refuse: (offset: number, message: string, rule: 'too-deep' | 'too-long') => void): Token[] {
  const deep = tooDeeplyNested(body);
  if (deep !== undefined) {
    const where = deep.onOneLine ? ' on one line' : '';
    refuse(offsetOfLine(body, deep.line), `lists or quotes nested more than ${MAX_NESTING} deep${where}: Markdown this deep cannot be read; flatten it`, 'too-deep');
    return [];
  }
  const long = firstLongLine(body);
  if (long !== undefined) {
    refuse(long.offset, `this line is ${(long.length / 1_000_000).toFixed(1)} MB long: the Markdown parser reads lines of at most ${MAX_LINE_CHARS / 1_000_000} MB (its regexes run out of stack on longer ones); break it into shorter lines`, 'too-long');
    return [];
  }
  try {
    return new Lexer({ gfm: true }).blockTokens(body);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error; // the call stack, on input the checks above did not foresee
    refuse(0, 'the Markdown parser ran out of stack reading this file: break up very long lines and flatten nested lists or quotes', 'too-long');
    return [];
  }
}

/** marked's block regexes overflow the stack on a single line of about 10 MB (4 MB still reads). */
const MAX_LINE_CHARS = 2_000_000;

function firstLongLine(text: string): { offset: number; length: number } | undefined {
  if (text.length <= MAX_LINE_CHARS) return undefined;
  for (let start = 0; start < text.length;) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    if (end - start > MAX_LINE_CHARS) return { offset: start, length: end - start };
    start = end + 1;
  }
  return undefined;
}

function offsetOfLine(text: string, line: number): number {
  let offset = 0;
  for (let i = 0; i < line; i++) offset = text.indexOf('\n', offset) + 1;
  return offset;
}

/** Offset of a token's raw text: normally exactly where the previous one ended. */
export function locate(source: string, raw: string, expected: number): number {
  if (source.startsWith(raw, expected)) return expected;
  const found = source.indexOf(raw, expected);
  return found === -1 ? expected : found;
}
