// `contains` finds its body lines by a block search, an in-order walk, a set and a text search,
// cheapest first (match-contains.ts): whichever finds them, the verdict is the rule's, checked
// here against the rule written plainly (each collapsed non-empty body line is a collapsed output
// line or a part of the collapsed output's text) over many generated bodies and outputs.
import { describe, expect, it } from 'vitest';
import { matchExpectation } from '../../runner/expect/index.js';
import { collapseWhitespace } from '../../runner/expect/normalize.js';

function byTheRule(body: string, output: string): boolean {
  const lines = output.split('\n').map(collapseWhitespace);
  const whole = new Set(lines);
  const text = lines.join('\n');
  return body.split('\n').map(collapseWhitespace).filter((line) => line !== '').every((line) => whole.has(line) || text.includes(line));
}

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('contains, by any of its paths', () => {
  it('gives the verdict of the rule for generated bodies and outputs', async () => {
    const next = random(19);
    const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
    const pieces = ['node', 'Ready', 'a', 'b', ' ', '  ', '\t', '\u00a0', '\u3000', '1', '-'];
    const line = () => Array.from({ length: 1 + Math.floor(next() * 5) }, () => pick(pieces)).join('');
    let checked = 0;
    let passing = 0;
    for (let round = 0; round < 3000; round++) {
      const outputLines = Array.from({ length: 1 + Math.floor(next() * 8) }, line);
      const output = outputLines.join('\n') + pick(['', '\n']);
      const start = Math.floor(next() * outputLines.length);
      const stretch = outputLines.slice(start, start + 1 + Math.floor(next() * 4));
      const bodyLines = pick([
        () => stretch, // a stretch of the output, as it is
        () => outputLines.filter(() => next() < 0.5), // some lines, in order
        () => [...stretch].reverse(), // out of order
        () => [...stretch, ...stretch], // repeated
        () => stretch.map((l) => pick([l, ` ${l}`, `${l} `, l.replaceAll(' ', '  '), l.slice(1), l.slice(0, -1)])), // blanks and parts
        () => [...stretch.slice(0, 1), '', ...stretch.slice(1)], // a blank line inside
        () => [line(), ...stretch], // perhaps not there
        () => [...stretch.slice(0, 1), 'absent', ...stretch.slice(1)], // not there
        () => stretch.map((l) => `${l}zz`), // not there either
      ])();
      const body = pick(['', '\n']) + bodyLines.join('\n') + pick(['', '\n', '\n\n']);
      const verdict = (await matchExpectation('contains', body, output)).pass;
      expect(verdict, JSON.stringify({ body, output })).toBe(byTheRule(body, output));
      checked++;
      if (verdict) passing++;
    }
    // Both verdicts were well represented.
    expect(passing).toBeGreaterThan(checked / 5);
    expect(passing).toBeLessThan(checked - checked / 5);
  });

  it('finds 50k lines that are the output itself, and names the one that is missing among them', async () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => `line ${i + 1}`);
    const output = `${lines.join('\n')}\n`;
    expect((await matchExpectation('contains', lines.join('\n'), output)).pass).toBe(true);
    const wanted = [...lines];
    wanted[40_000] = 'line 0';
    const result = await matchExpectation('contains', wanted.join('\n'), output);
    expect(result).toMatchObject({ pass: false, reason: 'does not contain the expected line "line 0"' });
  });
});
