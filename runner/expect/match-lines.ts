// `lines` mode: the whole output, line by line, with `...` eliding any number of lines.
// Expected text splits at the elisions into segments; the first and last are anchored, and
// each middle one is placed at its earliest match, which is optimal (a later place never
// leaves more room), so matching is one forward scan with no backtracking.
import { matchesLine } from './line-pattern.js';
import { prepareActual, prepareExpected, type ActualLine, type ExpectedLine } from './lines-model.js';
import { renderActualAgainstExpected } from './lines-view.js';
import { failedOutcome, type MatchOutcome } from './outcome.js';
import { unifiedDiff } from './unified-diff.js';

type Segment = Extract<ExpectedLine, { kind: 'line' }>[];

export function matchLines(body: string, output: string): MatchOutcome {
  const expected = prepareExpected(body);
  const actual = prepareActual(output);
  if (linesMatch(expected, actual)) return { pass: true };
  return failedOutcome('does not match the expected lines', () => unifiedDiff(expected.map((line) => line.raw).join('\n'), renderActualAgainstExpected(expected, actual).join('\n')));
}

export function linesMatch(expected: ExpectedLine[], actual: ActualLine[]): boolean {
  const segments: Segment[] = [[]];
  for (const line of expected) {
    if (line.kind === 'elision') segments.push([]);
    else segments[segments.length - 1]!.push(line);
  }
  if (segments.length === 1) return actual.length === segments[0]!.length && segmentMatchesAt(segments[0]!, actual, 0);

  const first = segments[0]!;
  const last = segments[segments.length - 1]!;
  let start = first.length;
  let end = actual.length - last.length;
  if (end < start) return false;
  if (!segmentMatchesAt(first, actual, 0) || !segmentMatchesAt(last, actual, end)) return false;

  for (const segment of segments.slice(1, -1)) {
    const at = findSegment(segment, actual, start, end);
    if (at < 0) return false;
    start = at + segment.length;
  }
  return true;
}

function findSegment(segment: Segment, actual: ActualLine[], from: number, end: number): number {
  for (let at = from; at + segment.length <= end; at++) {
    if (segmentMatchesAt(segment, actual, at)) return at;
  }
  return -1;
}

function segmentMatchesAt(segment: Segment, actual: ActualLine[], at: number): boolean {
  for (let i = 0; i < segment.length; i++) {
    const line = actual[at + i];
    if (!line || !matchesLine(segment[i]!.pattern, line.collapsed)) return false;
  }
  return true;
}
