// Bounded output keeps the head and the tail of a runaway stream and says what it dropped.
import { describe, expect, it } from 'vitest';
import { BoundedOutput } from '../../runner/session/ssh-output.js';

describe('BoundedOutput', () => {
  it('keeps everything under the limit', () => {
    const output = new BoundedOutput(100);
    output.append('hello ');
    output.append('world\n');
    expect(output.toString()).toBe('hello world\n');
    expect(output.truncated).toBe(false);
  });

  it('keeps head and tail of a long stream and counts what it dropped', () => {
    const output = new BoundedOutput(20);
    const lines = Array.from({ length: 1000 }, (_, index) => `${index}\n`);
    for (const line of lines) output.append(line);
    const full = lines.join('');
    const text = output.toString();
    expect(output.truncated).toBe(true);
    expect(text.startsWith(full.slice(0, 10))).toBe(true);
    expect(text.endsWith(full.slice(-10))).toBe(true);
    expect(text).toContain(`[... ${full.length - 20} characters omitted ...]`);
  });

  it('handles one chunk larger than the whole limit', () => {
    const output = new BoundedOutput(10);
    output.append('a'.repeat(5) + 'b'.repeat(100) + 'c'.repeat(5));
    expect(output.toString()).toBe('aaaaa\n[... 100 characters omitted ...]\nccccc');
  });
});
