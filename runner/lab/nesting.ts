// How deeply Markdown containers nest (`> > >`, `- - -`, `1. 1. 1.`), on one line or across
// lines by indentation. marked reads nesting by recursion and copies each item's text at every
// level: a few thousand levels on one line overflow the stack, 3,000 levels over as many indented
// lines (9 MB) exhausted the heap. No lab needs more than a handful, so deeper text is refused
// up front, before marked's lexer sees it.

/** More nested lists and quotes than this is refused (CommonMark sets no limit; we do). */
export const MAX_NESTING = 100;

const CONTAINER = /[ \t]{0,3}(?:>[ \t]?|(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$))/y;
const INDENT = /[ \t]*/y;

/** Where nesting first goes past MAX_NESTING: the line (0-based), and whether on that line alone. */
export interface DeepNesting {
  line: number;
  onOneLine: boolean;
}

export function tooDeeplyNested(text: string): DeepNesting | undefined {
  // The content columns of the list items and quotes still open, innermost last.
  const open: number[] = [];
  let line = 0;
  for (let start = 0; start < text.length; line++) {
    const end = text.indexOf('\n', start);
    const stop = end === -1 ? text.length : end;
    INDENT.lastIndex = start;
    INDENT.exec(text);
    const indentEnd = INDENT.lastIndex;
    if (indentEnd < stop) {
      // A line indented less than an open item's content closes it (lazy continuation aside).
      const column = columnOf(text, start, indentEnd);
      while (open.length > 0 && open[open.length - 1]! > column) open.pop();
      let onLine = 0;
      CONTAINER.lastIndex = indentEnd;
      for (let match = CONTAINER.exec(text); match && match[0].length > 0; match = CONTAINER.exec(text)) {
        if (++onLine > MAX_NESTING) return { line, onOneLine: true };
        open.push(columnOf(text, start, CONTAINER.lastIndex));
        if (open.length > MAX_NESTING) return { line, onOneLine: false };
      }
    }
    if (end === -1) break;
    start = end + 1;
  }
  return undefined;
}

/** The column at `at` of the line starting at `start`, a tab to the next multiple of 4. */
function columnOf(text: string, start: number, at: number): number {
  let column = 0;
  for (let i = start; i < at; i++) column = text[i] === '\t' ? column + 4 - (column % 4) : column + 1;
  return column;
}
