// How deeply a line nests Markdown containers (`> > >`, `- - -`, `1. 1. 1.`). marked reads
// nesting by recursion: a few thousand levels on one line overflow the stack, and a few hundred
// already cost seconds. No lab needs more than a handful, so deeper text is refused up front.

/** More nested lists and quotes than this on one line is refused (CommonMark sets no limit; we do). */
export const MAX_NESTING = 100;

const CONTAINER = /[ \t]{0,3}(?:>[ \t]?|(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$))/y;

/** The first line (0-based) whose leading containers nest deeper than MAX_NESTING. */
export function tooDeeplyNested(text: string): number | undefined {
  let line = 0;
  for (let start = 0; start < text.length; line++) {
    let depth = 0;
    CONTAINER.lastIndex = start;
    for (let match = CONTAINER.exec(text); match && match[0].length > 0; match = CONTAINER.exec(text)) {
      if (++depth > MAX_NESTING) return line;
    }
    const end = text.indexOf('\n', start);
    if (end === -1) break;
    start = end + 1;
  }
  return undefined;
}
