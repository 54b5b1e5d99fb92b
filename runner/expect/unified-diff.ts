// Unified diffs of expected vs actual, kept readable and fast whatever the size: lines both
// sides share at the start and the end are skipped (a mismatch at line 40,000 still shows), the
// edit script is computed over a bounded window from the first mismatch (so even all-lines-wrong
// is quick and needs no timeout), the result is capped, and control characters are shown escaped.
import { structuredPatch } from 'diff';

/** Lines of each side, from the first mismatch, fed to the diff algorithm. */
const MAX_WINDOW_LINES = 400;
/** Lines of diff handed to the reporter. */
export const MAX_DIFF_LINES = 200;
const CONTEXT = 3;
/** Removed lines shown in a row before the additions that replace them. */
const MAX_REMOVED_RUN = MAX_DIFF_LINES / 2 - 10;

export function unifiedDiff(expected: string, actual: string): string {
  const oldLines = expected.split('\n');
  const newLines = actual.split('\n');
  let prefix = 0;
  const shorter = Math.min(oldLines.length, newLines.length);
  while (prefix < shorter && oldLines[prefix] === newLines[prefix]) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && oldLines[oldLines.length - 1 - suffix] === newLines[newLines.length - 1 - suffix]) suffix++;
  if (prefix === oldLines.length && prefix === newLines.length) return '--- expected\n+++ actual';

  // The window: a few shared lines of context either side of what differs, at most MAX_WINDOW_LINES of it.
  const start = Math.max(0, prefix - CONTEXT);
  const window = (lines: string[]) => {
    const end = Math.min(lines.length, lines.length - suffix + CONTEXT, start + MAX_WINDOW_LINES);
    return { lines: lines.slice(start, end), cut: lines.length - suffix - end, trailing: Math.max(0, end - (lines.length - suffix)) };
  };
  const before = window(oldLines);
  const after = window(newLines);
  const lead = prefix - start;
  const out = ['--- expected', '+++ actual'];
  for (const hunk of hunksOf(before, after, lead)) {
    out.push(`@@ -${hunk.oldStart + start},${hunk.oldLines} +${hunk.newStart + start},${hunk.newLines} @@`);
    let removed = 0;
    let hidden = 0;
    const showHidden = () => {
      if (hidden > 0) out.push(`[${hidden} more expected lines not shown]`);
      hidden = 0;
    };
    for (const line of hunk.lines) {
      if (line.startsWith('\\')) continue;
      // A long run of removals would fill the capped diff before the first addition shows.
      removed = line.startsWith('-') ? removed + 1 : 0;
      if (removed > MAX_REMOVED_RUN) {
        hidden++;
        continue;
      }
      showHidden();
      out.push(escapeDiffControls(line));
    }
    showHidden();
  }
  const cut = Math.max(before.cut, after.cut);
  if (cut > 0) out.push(`[${cut} more differing lines not compared]`);
  return capDiff(out);
}

type Window = { lines: string[]; trailing: number };

/**
 * The hunks between two windows that share their first `lead` lines. When what lies between the
 * shared lines has no line in common (every line wrong), the shortest edit is known without
 * searching for it: all removals, then all additions, in one hunk. The search costs the square of
 * the window there (~30 ms for 400 lines); elsewhere it is what finds the lines that moved.
 */
function hunksOf(before: Window, after: Window, lead: number): Array<{ oldStart: number; oldLines: number; newStart: number; newLines: number; lines: string[] }> {
  const removed = before.lines.slice(lead, before.lines.length - before.trailing);
  const added = after.lines.slice(lead, after.lines.length - after.trailing);
  const seen = new Set(removed);
  if (removed.length === 0 || added.length === 0 || before.trailing !== after.trailing || added.some((line) => seen.has(line))) {
    return structuredPatch('expected', 'actual', `${before.lines.join('\n')}\n`, `${after.lines.join('\n')}\n`, undefined, undefined, { context: CONTEXT }).hunks;
  }
  const context = (lines: string[]) => lines.map((line) => ` ${line}`);
  const trailing = before.lines.slice(before.lines.length - before.trailing, before.lines.length - before.trailing + CONTEXT);
  const lines = [...context(before.lines.slice(0, lead)), ...removed.map((line) => `-${line}`), ...added.map((line) => `+${line}`), ...context(trailing)];
  return [{ oldStart: 1, oldLines: lead + removed.length + trailing.length, newStart: 1, newLines: lead + added.length + trailing.length, lines }];
}

/** C0 controls (but tab) and DEL as escapes: a fixture's `\b` or `\v` must not redraw the diff. */
function escapeDiffControls(line: string): string {
  return line.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (char) => CONTROL_NAMES[char] ?? `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
const CONTROL_NAMES: Record<string, string> = { '\b': '\\b', '\v': '\\v', '\f': '\\f', '\r': '\\r', '\u0000': '\\0', '\u001b': '\\e' };

function capDiff(lines: string[]): string {
  if (lines.length <= MAX_DIFF_LINES) return lines.join('\n');
  const cut = lines.length - MAX_DIFF_LINES;
  return [...lines.slice(0, MAX_DIFF_LINES), `[diff cut: ${cut} more lines not shown]`].join('\n');
}
