// ANSI escape codes: removed when colour is off, and never counted as width.

import { stripAnsi } from '../expect/normalize.js';

export { stripAnsi };

/**
 * Columns a string takes on a terminal: ANSI codes take none, Hangul and CJK two each (a Korean
 * paragraph counted in characters overflows the width by up to half again).
 */
export function visibleLength(text: string): number {
  const plain = stripAnsi(text);
  let columns = 0;
  for (let index = 0; index < plain.length; index++) {
    const code = plain.charCodeAt(index);
    if (code >= 0x20 && code < 0x7f) columns += 1; // ASCII, the common case, without a code point walk
    else {
      const point = plain.codePointAt(index)!;
      if (point > 0xffff) index++;
      columns += codeWidth(point);
    }
  }
  return columns;
}

/** The longest start of `text` (plain, no ANSI codes) that fits in `columns`, and the rest. */
export function splitAtColumns(text: string, columns: number): [string, string] {
  let used = 0;
  let index = 0;
  while (index < text.length) {
    const point = text.codePointAt(index)!;
    const width = codeWidth(point);
    if (used + width > columns && index > 0) break;
    used += width;
    index += point > 0xffff ? 2 : 1;
  }
  return [text.slice(0, index), text.slice(index)];
}

// Combining marks, variation selectors and zero-width joiners add no column.
const NO_WIDTH = /^[\p{M}\p{Cf}]$/u;

/** Columns one character takes on a terminal: 2 for East Asian wide ones (Hangul, CJK, most emoji), 0 for marks and controls. */
export function charWidth(char: string): number {
  return codeWidth(char.codePointAt(0)!);
}

/** charWidth of a code point (what a loop over a long output line asks, without making strings). */
export function codeWidth(code: number): number {
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return 0;
  if (code < 0x300) return 1; // Latin: no marks, nothing wide (the common case, kept cheap)
  const wide = (code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f)
    || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f)
    || (code >= 0xff00 && code <= 0xff60) || (code >= 0xffe0 && code <= 0xffe6)
    || (code >= 0x1f300 && code <= 0x1f64f) || (code >= 0x1f900 && code <= 0x1f9ff) || (code >= 0x20000 && code <= 0x3fffd);
  if (wide) return 2;
  return NO_WIDTH.test(String.fromCodePoint(code)) ? 0 : 1;
}
