// What a fixture keeps of a long output (issue 19): the head and the tail within 1 MiB and within
// 100,000 lines per stream, cut at line ends, and a marker counting every byte left out. The line
// cap is what bounds `lab record` of a flood of short lines: writing a fixture costs per line.
import { describe, expect, it } from 'vitest';
import { capOutput, FIXTURE_OUTPUT_CAP, FIXTURE_OUTPUT_LINES } from '../../runner/replay/output-cap.js';

const NOT_KEPT = /^\[\.\.\. (\d+) bytes not kept \.\.\.\]$/;

/** The kept head, the dropped byte count and the kept tail of a capped output. */
function parts(capped: string): { head: string[]; dropped: number; tail: string[] } {
  const lines = capped.replace(/\n$/, '').split('\n');
  const at = lines.findIndex((line) => NOT_KEPT.test(line));
  expect(at).toBeGreaterThan(0);
  return { head: lines.slice(0, at), dropped: Number(NOT_KEPT.exec(lines[at]!)![1]), tail: lines.slice(at + 1) };
}

describe('capOutput', () => {
  it('keeps an output within both caps as it is', () => {
    const text = 'y\n'.repeat(FIXTURE_OUTPUT_LINES);
    expect(capOutput(text)).toBe(text);
  });

  it('keeps 50,000 lines at each end of a flood of short lines, counting the bytes between', () => {
    const lines = Array.from({ length: 200_000 }, (_, i) => `${i % 100}`);
    const text = `${lines.join('\n')}\n`;
    expect(text.length).toBeLessThan(FIXTURE_OUTPUT_CAP); // the character cap alone kept all of it
    const { head, dropped, tail } = parts(capOutput(text));
    expect(head).toEqual(lines.slice(0, 50_000));
    expect(tail).toEqual(lines.slice(-50_000));
    expect(dropped).toBe(Buffer.byteLength(`${lines.slice(50_000, -50_000).join('\n')}\n`));
  });

  it('still cuts long lines by characters, and a last line without its end is a line', () => {
    const line = 'x'.repeat(999);
    const text = `${Array.from({ length: 2_000 }, () => line).join('\n')}\nlast`;
    const capped = capOutput(text);
    expect(capped.length).toBeLessThan(FIXTURE_OUTPUT_CAP + 100);
    const { head, dropped, tail } = parts(capped);
    expect(tail.at(-1)).toBe('last');
    expect(Buffer.byteLength(`${head.join('\n')}\n`) + dropped + Buffer.byteLength(tail.join('\n'))).toBe(Buffer.byteLength(text));
    expect(capOutput('a\nb\nc\nd\ne', 1_000, 2)).toBe('a\n[... 6 bytes not kept ...]\ne');
  });
});
