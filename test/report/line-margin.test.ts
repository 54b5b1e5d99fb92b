// The pretty reporter's margin on live output, built as bytes in one pass (issue 19): the same
// text as putting the margin on each line of the string, CRLF ends, a last line without its end,
// multi-byte characters and a colour's end included.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineMargin } from '../../runner/report/line-margin.js';

/** The margin as a string operation: what the bytes must say. */
function byLines(text: string, before: string, after: string): string {
  const body = text.replace(/\r?\n$/, '');
  return `${body.split(/\r?\n/).map((line) => `${before}${line}${after}`).join('\n')}\n`;
}

describe('LineMargin', () => {
  it('puts the margin on every line, ends CRLF lines with LF, and closes the last line', () => {
    const margin = new LineMargin('    │ ', '');
    expect(margin.apply('one\r\ntwo\n\nthree\r\n').toString()).toBe('    │ one\n    │ two\n    │ \n    │ three\n');
    expect(margin.apply('half').toString()).toBe('    │ half\n');
    expect(margin.apply('cr only\r').toString()).toBe('    │ cr only\r\n');
    expect(margin.apply('\n').toString()).toBe('    │ \n');
  });

  it('puts the colour end before each line end and keeps multi-byte text whole', () => {
    const margin = new LineMargin('\u001b[2m    │ host: ', '\u001b[0m');
    expect(margin.apply('é€𝄞\nß\n').toString()).toBe('\u001b[2m    │ host: é€𝄞\u001b[0m\n\u001b[2m    │ host: ß\u001b[0m\n');
  });

  it('says what the line-by-line margin says, for any text, chunk after chunk', () => {
    const margin = new LineMargin('  │ h: ', '<');
    const piece = fc.constantFrom('a', 'yy', '\n', '\r\n', '\r', 'é', '𝄞', ' ', '│');
    fc.assert(fc.property(fc.array(fc.array(piece, { maxLength: 40 }).map((parts) => parts.join('')), { minLength: 1, maxLength: 4 }), (chunks) => {
      for (const chunk of chunks) expect(margin.apply(chunk).toString()).toBe(byLines(chunk, '  │ h: ', '<'));
    }), { numRuns: 2000 });
  });

  it('says the same for joints of every length the fixed stores cover, and beyond them', () => {
    // Joints (colour end, line end, margin) of 2, 9, 11, 17, 24, 32, 33 and 44 bytes: two to eight
    // 32-bit stores, and the byte loop past 32.
    const margins: Array<[string, string]> = [[' ', ''], ['    │ ', ''], ['  │ h: ', '<'], ['\u001b[2m    │ ', '\u001b[0m'],
      ['\u001b[2m    │ node1: ', '\u001b[0m'], ['\u001b[2m    │ node10-abcdef: ', '\u001b[0m'], ['\u001b[2m    │ node10-abcdefg: ', '\u001b[0m'],
      ['\u001b[2m    │ a-host-with-a-longer-name: ', '\u001b[0m']];
    const piece = fc.constantFrom('a', 'yy', '\n', '\r\n', '\r', 'é', '𝄞', ' ', '│');
    fc.assert(fc.property(fc.constantFrom(...margins), fc.array(fc.array(piece, { maxLength: 40 }).map((parts) => parts.join('')), { minLength: 1, maxLength: 4 }), ([before, after], chunks) => {
      const margin = new LineMargin(before, after);
      for (const chunk of chunks) expect(margin.apply(chunk).toString()).toBe(byLines(chunk, before, after));
    }), { numRuns: 2000 });
  });

  it('hands out a buffer of its own per chunk: the next chunk does not change one still queued', () => {
    const margin = new LineMargin('    │ ', '');
    const first = margin.apply('y\ny\n');
    margin.apply('zzzzzzzz\nzzzzzzzz\n');
    expect(first.toString()).toBe('    │ y\n    │ y\n');
  });
});

describe('the pretty reporter with live output', () => {
  it('writes a chunk of many lines as one buffer of bytes, margin on', async () => {
    const { createReporters } = await import('../../runner/report/index.js');
    const { makeLab } = await import('./build.js');
    const written: Array<string | Uint8Array> = [];
    const stdout = { write: (data: string | Uint8Array) => written.push(data) } as unknown as NodeJS.WritableStream;
    const [reporter] = createReporters([], { stdout, isTTY: false, color: false, cwd: process.cwd() });
    const lab = makeLab('flood', 'Flood', [{ id: 'flood', line: 5 }]);
    reporter!.onRunStart?.({ mode: 'live', labs: [lab], startedAt: new Date() });
    written.length = 0;
    reporter!.onStepOutput?.(lab, lab.steps[0]!, { stream: 'stdout', text: 'y\n'.repeat(1000) });
    // One write, of bytes: a string holding `│` is two-byte in V8 and costs a second pass to encode.
    expect(written).toHaveLength(1);
    expect(written[0]).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(written[0] as Uint8Array).toString()).toBe('    │ y\n'.repeat(1000));
  });
});
