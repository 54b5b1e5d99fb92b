import { describe, expect, it } from 'vitest';
import { interpolate, normalizeOutput } from '../../runner/expect/index.js';

describe('normalizeOutput', () => {
  it('strips colour, cursor, OSC hyperlink and charset escapes', () => {
    const coloured = '\x1b[1;32mReady\x1b[0m  \x1b[2K\x1b[1Gnode-1\x1b]8;;https://x.io\x07link\x1b]8;;\x1b\\ \x1b(Bdone';
    expect(normalizeOutput(coloured)).toBe('Ready  node-1link done');
  });

  it('turns CRLF and lone CR into LF', () => {
    expect(normalizeOutput('a\r\nb\rc\n')).toBe('a\nb\nc\n');
  });

  it('handles an unterminated OSC without eating the rest quadratically', () => {
    const text = `${'\x1b]0;title'.repeat(1000)}\nend`;
    expect(normalizeOutput(text)).toBe('\nend');
  });
});

describe('interpolate', () => {
  it('replaces {{NAME}} with optional inner spaces', () => {
    const result = interpolate('cluster {{CLUSTER_NAME}} in {{ REGION }}', { CLUSTER_NAME: 'myeks', REGION: 'ap-northeast-2' });
    expect(result).toEqual({ text: 'cluster myeks in ap-northeast-2', unknown: [], used: ['CLUSTER_NAME', 'REGION'] });
  });

  it('leaves unknown names as written and lists each once', () => {
    const result = interpolate('{{A}} {{ MISSING }} {{MISSING}} {{B}}', { A: '1' });
    expect(result.text).toBe('1 {{ MISSING }} {{MISSING}} {{B}}');
    expect(result.unknown).toEqual(['MISSING', 'B']);
    expect(result.used).toEqual(['A']);
  });

  it('applies the encoder to values only', () => {
    expect(interpolate('^{{IP}}$', { IP: '10.0.0.1' }, (v) => v.replace(/\./g, '\\.')).text).toBe('^10\\.0\\.0\\.1$');
  });
});

describe('collapseWhitespace', () => {
  it('collapses every run of blanks to one space and trims, whether or not the line needed it', async () => {
    const { collapseWhitespace } = await import('../../runner/expect/normalize.js');
    const fc = (await import('fast-check')).default;
    const piece = fc.constantFrom('a', 'b1', ' ', '  ', '\t', '\f', '\v', '\u00a0', '\r', '\u2003', 'é');
    fc.assert(fc.property(fc.array(piece, { maxLength: 20 }).map((parts) => parts.join('')), (line) => {
      expect(collapseWhitespace(line)).toBe(line.replace(/[ \t\f\v\u00a0]+/g, ' ').trim());
    }), { numRuns: 3000 });
    expect(collapseWhitespace('  NAME   READY\tSTATUS  ')).toBe('NAME READY STATUS');
    expect(collapseWhitespace('pod-1 1/1 Running')).toBe('pod-1 1/1 Running');
  });
});
