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
export function lexBlocks(body: string, refuse: (offset: number, message: string) => void): Token[] {
  const deep = tooDeeplyNested(body);
  if (deep !== undefined) {
    const where = deep.onOneLine ? ' on one line' : '';
    refuse(offsetOfLine(body, deep.line), `lists or quotes nested more than ${MAX_NESTING} deep${where}: Markdown this deep cannot be read; flatten it`);
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
export function locate(source: string, raw: string, expected: number): number {
  if (source.startsWith(raw, expected)) return expected;
  const found = source.indexOf(raw, expected);
  return found === -1 ? expected : found;
}
