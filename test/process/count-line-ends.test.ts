// countLineEnds (output-buffer.ts): the SIMD count of `\n` bytes the output stage runs on every
// chunk past the display cap, against a plain loop, on buffers of every length and alignment.
import { describe, expect, it } from 'vitest';
import { countLineEnds, simdCounting } from '../../runner/process/output-buffer.js';

function loop(bytes: Uint8Array): number {
  let count = 0;
  for (const byte of bytes) if (byte === 10) count++;
  return count;
}

/** Deterministic bytes, a line end about every `every` bytes, other bytes anything (0x0a's neighbours too). */
function bytesOf(length: number, every: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state % every === 0 ? 10 : (state >>> 16) & 0xff;
  }
  return bytes;
}

describe('countLineEnds', () => {
  it('counts with the SIMD module on this Node (else the comparisons below would test the plain loop against itself)', () => {
    expect(simdCounting()).toBe(true);
  });

  it('counts as the plain loop does, for every length around the 16-byte blocks and a round of 255 of them', () => {
    const lengths = [0, 1, 15, 16, 17, 255, 256, 257, 4079, 4080, 4081, 4096, 8191, 65_536, 65_537];
    for (const length of lengths) {
      for (const every of [2, 7, 300]) {
        const bytes = bytesOf(length + 3, every, length + every);
        // Offsets 0..2: a Buffer from the pool or a pipe can start anywhere.
        for (let offset = 0; offset < 3; offset++) expect(countLineEnds(bytes.subarray(offset, offset + length)), `${length} bytes at ${offset}`).toBe(loop(bytes.subarray(offset, offset + length)));
      }
    }
  });

  it('counts a chunk larger than its memory (it grows), and every byte a line end', () => {
    const big = bytesOf(3 * 1024 * 1024 + 5, 3, 1);
    expect(countLineEnds(big)).toBe(loop(big));
    expect(countLineEnds(Buffer.alloc(1_000_003, 10))).toBe(1_000_003);
    expect(countLineEnds(Buffer.alloc(4096, 11))).toBe(0);
  });
});
