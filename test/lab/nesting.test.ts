// Nesting counted before marked reads the Markdown (issue 18 item 3): on one line and across
// lines by indentation, where 3,000 levels exhausted V8's heap.
import { describe, expect, it } from 'vitest';
import { MAX_NESTING, tooDeeplyNested } from '../../runner/lab/nesting.js';

const indentedList = (levels: number, step = 2) => Array.from({ length: levels }, (_, level) => `${' '.repeat(level * step)}- level ${level}`).join('\n');

describe('tooDeeplyNested', () => {
  it('finds a list nested past the cap over many lines, at the first line past it', () => {
    expect(tooDeeplyNested(indentedList(MAX_NESTING))).toBeUndefined();
    expect(tooDeeplyNested(indentedList(MAX_NESTING + 1))).toEqual({ line: MAX_NESTING, onOneLine: false });
    expect(tooDeeplyNested(`intro\n\n${indentedList(3_000, 3)}`)).toEqual({ line: MAX_NESTING + 2, onOneLine: false });
  });

  it('finds quotes and lists nested on one line', () => {
    expect(tooDeeplyNested(`ok\n${'> '.repeat(MAX_NESTING + 1)}x`)).toEqual({ line: 1, onOneLine: true });
  });

  it('does not count siblings, dedented items, a long paragraph or deep YAML in a fence', () => {
    const siblings = Array.from({ length: 5_000 }, () => '- item').join('\n');
    const sawtooth = Array.from({ length: 200 }, () => indentedList(50)).join('\n');
    const paragraph = 'word '.repeat(200_000);
    const yaml = '```yaml\n' + Array.from({ length: 20 }, (_, i) => `${' '.repeat(i * 2)}- k${i}:`).join('\n') + '\n```';
    for (const text of [siblings, sawtooth, paragraph, yaml]) expect(tooDeeplyNested(text)).toBeUndefined();
  });
});
