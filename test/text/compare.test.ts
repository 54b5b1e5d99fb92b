// compareNames sorts as localeCompare does (the catalogue order must not change), without ICU.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareNames } from '../../runner/text/compare.js';

const name = fc.string({ unit: fc.constantFrom(...' _-,;:!?.\'"()[]{}@*/\\&#%`^+<=>|~$0123456789abcxyzABCXYZ'), maxLength: 8 });

describe('compareNames', () => {
  it('orders ASCII names exactly as localeCompare does', () => {
    fc.assert(
      fc.property(name, name, (a, b) => {
        expect(Math.sign(compareNames(a, b)), JSON.stringify([a, b])).toBe(Math.sign(a.localeCompare(b)));
      }),
      { numRuns: 20_000 },
    );
  });

  it('sorts lab paths as before: folders, case, punctuation, then other scripts by localeCompare', () => {
    const paths = ['labs/week2/a.md', 'labs/Week1/b.md', 'labs/week1/a.md', 'labs/week1/a-b.md', 'labs/week1/a_b.md', 'labs/week10/a.md', 'labs/주차/a.md', 'labs/ébauche/a.md'];
    expect([...paths].sort(compareNames)).toEqual([...paths].sort((a, b) => a.localeCompare(b)));
  });
});
