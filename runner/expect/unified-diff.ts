// Unified diffs of expected vs actual, kept readable: inputs are capped before diffing (a
// 100k-line output would make the diff itself slow and unreadable) and so is the result.
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';

/** Lines of each side fed to the diff algorithm. */
const MAX_INPUT_LINES = 2000;
/** Lines of diff handed to the reporter. */
export const MAX_DIFF_LINES = 200;
/** Give up on the edit script after this long and fall back to a plain listing. */
const DIFF_TIMEOUT_MS = 2000;

export function unifiedDiff(expected: string, actual: string): string {
  const oldText = capInput(expected);
  const newText = capInput(actual);
  const patch = createTwoFilesPatch('expected', 'actual', oldText, newText, undefined, undefined, {
    context: 3,
    timeout: DIFF_TIMEOUT_MS,
    headerOptions: FILE_HEADERS_ONLY,
  });
  return capDiff(patch ?? plainListing(oldText, newText));
}

function capInput(text: string): string {
  const lines = text.split('\n');
  if (lines.length <= MAX_INPUT_LINES) return `${text}\n`;
  const cut = lines.length - MAX_INPUT_LINES;
  return `${lines.slice(0, MAX_INPUT_LINES).join('\n')}\n[${cut} more lines not compared]\n`;
}

/** Everything removed then everything added: what a diff degrades to when it is too costly. */
function plainListing(oldText: string, newText: string): string {
  const side = (text: string, sign: string) => text.replace(/\n$/, '').split('\n').map((line) => sign + line);
  return ['--- expected', '+++ actual', ...side(oldText, '-'), ...side(newText, '+')].join('\n');
}

function capDiff(patch: string): string {
  const lines = patch.replace(/\n$/, '').split('\n');
  if (lines.length <= MAX_DIFF_LINES) return lines.join('\n');
  const cut = lines.length - MAX_DIFF_LINES;
  return [...lines.slice(0, MAX_DIFF_LINES), `[diff cut: ${cut} more lines not shown]`].join('\n');
}
