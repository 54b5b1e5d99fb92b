// BoundedOutput keeps head and tail within its cap and says how much it dropped.
import { describe, expect, it } from 'vitest';
import { BoundedOutput } from '../../runner/process/output-buffer.js';

describe('BoundedOutput', () => {
  it('keeps everything under the cap', () => {
    const output = new BoundedOutput(100);
    output.append(Buffer.from('hello '));
    output.append(Buffer.from('world\n'));
    expect(output.text()).toBe('hello world\n');
    expect(output.totalBytes).toBe(12);
  });

  it('keeps the head and the tail with a marker counting the bytes in between', () => {
    const output = new BoundedOutput(32);
    for (let line = 0; line < 100; line++) output.append(Buffer.from(`line ${String(line).padStart(2, '0')}\n`));
    expect(output.text()).toBe('line 00\nline 01\n[... 768 bytes not kept ...]\nline 98\nline 99\n');
    expect(output.totalBytes).toBe(800);
  });

  it('puts the marker on a line of its own when the cut falls inside a line', () => {
    const output = new BoundedOutput(40);
    for (let line = 0; line < 100; line++) output.append(Buffer.from(`line ${String(line).padStart(2, '0')}\n`));
    expect(output.text()).toBe('line 00\nline 01\nline\n[... 760 bytes not kept ...]\n 97\nline 98\nline 99\n');
  });

  it('handles a single chunk larger than the whole cap', () => {
    const output = new BoundedOutput(10);
    output.append(Buffer.from('abcdefghijklmnopqrstuvwxyz'));
    expect(output.text()).toBe('abcde\n[... 16 bytes not kept ...]\nvwxyz');
  });

  it('never cuts a multi-byte character in half', () => {
    const output = new BoundedOutput(9);
    output.append(Buffer.from('ééééééééééééé')); // 2 bytes each
    const text = output.text();
    expect(text).not.toContain('\uFFFD');
    expect(text).toMatch(/^é+\n\[\.\.\. \d+ bytes not kept \.\.\.\]\né+$/);
    const kept = text.replace(/\n\[.*\]\n/, '');
    expect(Buffer.byteLength(kept) + Number(/(\d+) bytes/.exec(text)![1])).toBe(26);
  });
});
