// For a failed `lines` match: the actual output rewritten toward the expected text so the
// diff shows only real differences. Lines that match a pattern are shown as the pattern
// (with its `[..]`), lines a `...` absorbed collapse into that `...`, and the rest stay as
// they were printed. A bounded look-ahead resynchronises after an extra or a missing line.
import { matchesLine } from './line-pattern.js';
import type { ActualLine, ExpectedLine } from './lines-model.js';

const RESYNC_WINDOW = 50;
/**
 * Mismatches resynchronised by look-ahead; past them a line is shown as changed at once. The diff
 * compares 400 lines from the first mismatch (unified-diff.ts), which this covers (each mismatch
 * uses at least a line of one side); an output wrong on all of its 50,000 lines spent 5 million
 * line comparisons here.
 */
const MAX_RESYNCS = 1000;
/** Line comparisons spent placing one segment after a `...` (keeps huge outputs fast). */
const MAX_PLACEMENT_COMPARISONS = 200_000;

export function renderActualAgainstExpected(expected: ExpectedLine[], actual: ActualLine[]): string[] {
  const shown: string[] = [];
  const fixedToEnd = linesToEnd(expected);
  let e = 0;
  let a = 0;
  let resyncs = 0;
  while (e < expected.length) {
    const line = expected[e]!;
    if (line.kind === 'elision') {
      let next = e + 1;
      while (next < expected.length && expected[next]!.kind === 'elision') next++;
      shown.push(...expected.slice(e, next).map((elision) => elision.raw));
      const anchor = expected[next];
      if (!anchor) return shown; // a trailing `...` absorbs the rest
      a = placeSegment(expected, next, actual, a);
      e = next;
    } else if (a < actual.length && matchesLine(line.pattern, actual[a]!.collapsed)) {
      shown.push(line.raw);
      e++;
      a++;
    } else {
      const resync = resyncs++ < MAX_RESYNCS;
      let extra = resync ? findLine(line, actual, a + 1, Math.min(actual.length, a + 1 + RESYNC_WINDOW)) : -1;
      let missing = resync && a < actual.length ? findExpected(expected, actual[a]!, e + 1) : -1;
      // In the last segment the line counts are fixed: a resync that leaves one side short of
      // lines is wrong, and the line is better shown as changed.
      const expectedLeft = fixedToEnd[e];
      if (expectedLeft !== undefined) {
        if (extra >= 0 && actual.length - extra < expectedLeft) extra = -1;
        if (missing >= 0 && actual.length - a > expectedLeft - (missing - e)) missing = -1;
      }
      if (extra >= 0 && (missing < 0 || extra - a <= missing - e)) {
        shown.push(...actual.slice(a, extra).map((printed) => printed.raw));
        a = extra;
      } else if (missing >= 0) {
        e = missing; // expected lines e..missing-1 are absent from the output
      } else {
        if (a < actual.length) shown.push(actual[a++]!.raw);
        e++;
      }
    }
  }
  // A loop, not push(...spread): the rest of a flooded output is hundreds of thousands of lines,
  // more arguments than one call can take.
  for (; a < actual.length; a++) shown.push(actual[a]!.raw);
  return shown;
}

/**
 * Where the segment starting at expected[first] should begin in the output after a `...`:
 * where it matches entirely, else (the last segment) against the end of the output, else
 * where most of its lines match, else right here.
 */
function placeSegment(expected: ExpectedLine[], first: number, actual: ActualLine[], from: number): number {
  let end = first;
  while (end < expected.length && expected[end]!.kind === 'line') end++;
  const segment = expected.slice(first, end);
  if (end === expected.length) return Math.max(from, actual.length - segment.length);
  let best = from;
  let bestScore = 0;
  const budget = Math.max(1, Math.floor(MAX_PLACEMENT_COMPARISONS / segment.length));
  for (let at = from; at < Math.min(actual.length, from + budget); at++) {
    const score = segment.filter((line, i) => at + i < actual.length && line.kind === 'line' && matchesLine(line.pattern, actual[at + i]!.collapsed)).length;
    if (score === segment.length) return at;
    if (score > bestScore) [best, bestScore] = [at, score];
  }
  return best;
}

/**
 * For each expected line: the lines from it to the end, or undefined when a `...` follows (no
 * fixed count). Computed once: asked at every mismatch, a scan each time was quadratic.
 */
function linesToEnd(expected: ExpectedLine[]): (number | undefined)[] {
  const left: (number | undefined)[] = new Array(expected.length);
  let fixed = true;
  for (let i = expected.length - 1; i >= 0; i--) {
    if (expected[i]!.kind === 'elision') fixed = false;
    left[i] = fixed ? expected.length - i : undefined;
  }
  return left;
}

function findLine(line: ExpectedLine, actual: ActualLine[], from: number, to: number): number {
  if (line.kind !== 'line') return -1;
  for (let i = from; i < to; i++) if (matchesLine(line.pattern, actual[i]!.collapsed)) return i;
  return -1;
}

function findExpected(expected: ExpectedLine[], printed: ActualLine, from: number): number {
  const to = Math.min(expected.length, from + RESYNC_WINDOW);
  for (let i = from; i < to; i++) {
    const line = expected[i]!;
    if (line.kind === 'elision') return -1; // do not resync across an elision
    if (matchesLine(line.pattern, printed.collapsed)) return i;
  }
  return -1;
}
