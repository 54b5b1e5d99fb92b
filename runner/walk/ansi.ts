// ANSI escape codes: removed when colour is off, and never counted as width.

import { stripAnsi } from '../expect/normalize.js';

export { stripAnsi };

/** Visible width of a string: ANSI codes take no room. */
export function visibleLength(text: string): number {
  return stripAnsi(text).length;
}
