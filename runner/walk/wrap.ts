// Wrapping rendered text at the terminal's width without breaking ANSI codes, keeping each
// line's indentation (and a list bullet's hanging indent) on its continuation lines.
import { splitAtColumns, stripAnsi, visibleLength } from './ansi.js';

const BULLET = /^(\s*(?:[*•-]|\d+\.)\s+)/;
const TOKEN = /(\x1b\[[0-9;]*m)|(\s+)|([^\s\x1b]+)/g;

/** Wraps one line at `width`; a word longer than the width is split where it must be. */
export function wrapLine(line: string, width: number): string[] {
  if (visibleLength(line) <= width) return [line];
  const indent = /^\s*/.exec(line)![0];
  const bullet = BULLET.exec(line.replace(/\x1b\[[0-9;]*m/g, ''));
  const hanging = ' '.repeat(Math.min(Math.floor(width / 2), bullet ? bullet[1]!.length : indent.length));
  const lines: string[] = [];
  let current = '';
  let currentWidth = 0;
  let pendingSpace = '';
  const flush = () => {
    lines.push(current);
    current = hanging;
    currentWidth = hanging.length;
    pendingSpace = '';
  };
  let started = false; // leading spaces before the first word are the line's own indentation
  // Widths in terminal columns, not characters: a Hangul syllable takes two.
  for (const match of line.matchAll(TOKEN)) {
    const [, ansi, space, word] = match;
    if (ansi) current += ansi;
    else if (space && !started) {
      current += space;
      currentWidth += space.length;
    } else if (space) pendingSpace = space;
    if (!word) continue;
    started = true;
    let rest = word;
    let restWidth = visibleLength(rest);
    while (rest.length > 0) {
      const needed = pendingSpace.length + restWidth;
      if (currentWidth + needed <= width) {
        current += pendingSpace + rest;
        currentWidth += needed;
        pendingSpace = '';
        rest = '';
      } else if (currentWidth > hanging.length && restWidth <= width - hanging.length) {
        flush();
      } else {
        const [head, tail] = splitAtColumns(rest, Math.max(1, width - currentWidth - pendingSpace.length));
        current += pendingSpace + head;
        rest = tail;
        restWidth = visibleLength(rest);
        flush();
      }
    }
  }
  if (stripAnsi(current).trim() !== '') lines.push(current);
  else if (lines.length > 0) lines[lines.length - 1] += current.replace(/ /g, ''); // trailing colour resets
  return lines;
}

/** Wraps every line of a block; lines drawn with box characters (tables) are left whole. */
export function wrapText(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) => (/[│┌└├┬┴┼─]/.test(line) ? [line] : wrapLine(line, width)))
    .join('\n');
}
