// The diff a failed expectation shows, whatever the size of the output: a mismatch anywhere is
// shown with its real line numbers, all-lines-wrong still gets hunks, control characters are
// escaped; and `contains` finds whole lines by set and parts of lines by search.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { matchExpectation, MAX_DIFF_LINES, unifiedDiff, type MatchOutcome } from '../../runner/expect/index.js';
import { collapsedLines, collapseWhitespace } from '../../runner/expect/normalize.js';
import { prepareActual, prepareExpected } from '../../runner/expect/lines-model.js';
import { renderActualAgainstExpected } from '../../runner/expect/lines-view.js';
import { structuredPatch } from 'diff';

/** The failure of an outcome that must have failed. */
function failed(outcome: MatchOutcome): { reason: string; diff: string } {
  if (outcome.pass) throw new Error('expected a failed match');
  return { reason: outcome.reason, diff: outcome.diff ?? '' };
}

const numbered = (count: number, prefix = 'line') => Array.from({ length: count }, (_, i) => `${prefix} ${i + 1}`);

describe('unifiedDiff of large outputs', () => {
  it('shows a mismatch at line 40,000 of 50,000 lines, with its line number', async () => {
    const expected = numbered(50_000);
    const actual = [...expected];
    actual[39_999] = 'something else';
    const diff = failed(await matchExpectation('lines', expected.join('\n'), actual.join('\n'))).diff.split('\n');
    expect(diff).toContain('-line 40000');
    expect(diff).toContain('+something else');
    expect(diff).toContain('@@ -39997,7 +39997,7 @@');
    expect(diff.length).toBeLessThan(15);
  });

  it('shows a mismatch in the last line of an exact expectation', async () => {
    const expected = numbered(50_000);
    const outcome = failed(await matchExpectation('exact', expected.join('\n'), [...expected.slice(0, -1), 'last'].join('\n')));
    expect(outcome.diff).toContain('-line 50000\n+last');
  });

  it('gives hunks, capped, when every one of 50,000 lines differs', async () => {
    const diff = failed(await matchExpectation('lines', numbered(50_000).join('\n'), numbered(50_000, 'other').join('\n'))).diff.split('\n');
    expect(diff[2]).toMatch(/^@@ -1,\d+ \+1,\d+ @@$/);
    expect(diff).toContain('-line 1');
    expect(diff).toContain('+other 1');
    expect(diff.length).toBeLessThanOrEqual(MAX_DIFF_LINES + 1);
    expect(diff.at(-1)).toMatch(/^\[diff cut: \d+ more lines not shown\]$/);
  });

  it('counts what differs beyond the compared window', async () => {
    const diff = unifiedDiff(numbered(5_000).join('\n'), numbered(5_000, 'x').join('\n'));
    expect(diff).not.toMatch(/\n-line 1000\n/);
    expect(diff).toMatch(/\[diff cut: \d+ more lines not shown\]$/);
  });

  it('shows C0 controls and DEL from the output escaped, never raw', async () => {
    const diff = unifiedDiff('ok\nplain', 'ok\nback\bspace\vtab\tdel\u007fnul\u0000esc\u001b[2Jcr\rbell\u0007');
    expect(diff).toContain('+back\\bspace\\vtab\tdel\\x7fnul\\0esc\\e[2Jcr\\rbell\\x07');
    expect(diff).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });
});

describe('all lines wrong', () => {
  // The edit script of sides with nothing in common is known (all removals, then all additions)
  // and is written without searching for it: the same diff as the search gives.
  it('is the diff the edit-script search gives, shared lines around it included', async () => {
    const line = (prefix: string) => fc.integer({ min: 0, max: 40 }).map((n) => `${prefix}${n}`);
    fc.assert(fc.property(
      fc.array(line('same '), { maxLength: 8 }), fc.array(line('old '), { minLength: 1, maxLength: 30 }),
      fc.array(line('new '), { minLength: 1, maxLength: 30 }), fc.array(line('end '), { maxLength: 8 }),
      (shared, removed, added, end) => {
        const expected = [...shared, ...removed, ...end].join('\n');
        const actual = [...shared, ...added, ...end].join('\n');
        const searched = structuredPatch('expected', 'actual', `${expected}\n`, `${actual}\n`, undefined, undefined, { context: 3 }).hunks
          .flatMap((hunk) => [`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`, ...hunk.lines]);
        expect(unifiedDiff(expected, actual)).toBe(['--- expected', '+++ actual', ...searched].join('\n'));
      },
    ), { numRuns: 500 });
  });

  it('stops resynchronising after 1,000 mismatches: further lines are compared where they stand', async () => {
    // Patterns, so a resynchronised line shows as its pattern and one compared in place as printed.
    const expected = numbered(3_000).map((line) => `${line} [..]`);
    const printed = numbered(3_000).map((line) => `${line} x`);
    const render = (actual: string[]) => renderActualAgainstExpected(prepareExpected(expected.join('\n')), prepareActual(actual.join('\n')));
    // Early on, an extra printed line is found and the rest lines up again.
    const early = render([...numbered(10, 'other'), 'extra', ...printed.slice(10)]);
    expect(early.slice(10, 12)).toEqual(['extra', 'line 11 [..]']);
    // After 1,500 wrong lines it is not looked for: expected lines from there on are one line late.
    const late = render([...numbered(1_500, 'other'), 'extra', ...printed.slice(1_500)]);
    expect(late.slice(1_500, 1_503)).toEqual(['extra', 'line 1501 x', 'line 1502 x']);
  });
});

describe('contains', () => {
  it('finds whole lines and parts of lines among 50,000, and names the ones missing', async () => {
    const output = numbered(50_000).join('\n');
    const body = [...numbered(50_000).reverse(), 'ne 123', '  line   77  '].join('\n');
    expect(await matchExpectation('contains', body, output)).toEqual({ pass: true });
    const missing = failed(await matchExpectation('contains', `${body}\nline 50001\nnot there`, output));
    expect(missing.reason).toBe('does not contain the expected lines "line 50001", "not there"');
  });

  it('never matches a body line across two output lines', async () => {
    expect((await matchExpectation('contains', 'a b', 'a\nb')).pass).toBe(false);
    expect(await matchExpectation('not-contains', 'a b', 'a\nb')).toEqual({ pass: true });
    expect((await matchExpectation('not-contains', 'b c', 'a\nab  c d')).pass).toBe(false);
  });
});

describe('collapsedLines', () => {
  it('is collapseWhitespace of every line, in one pass', async () => {
    const char = fc.constantFrom('a', 'Z', ' ', '\t', '\f', '\v', '\u00a0', '\u2003', '\ufeff', '\r', '\n', '\u2028', '.', '│');
    fc.assert(fc.property(fc.array(char, { maxLength: 40 }).map((chars) => chars.join('')), (text) => {
      expect(collapsedLines(text)).toEqual(text.split('\n').map(collapseWhitespace));
    }), { numRuns: 2000 });
  });
});
