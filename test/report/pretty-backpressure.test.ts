// The pretty reporter's write path: a full stdout (write() returned false) makes onStepOutput
// return a promise that settles on 'drain', or when the stream goes away; every line gets its
// margin in one pass, CRLF included.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createReporters } from '../../runner/report/index.js';
import { makeLab, passed } from './build.js';

function slowStream(highWaterMark: number) {
  const written: string[] = [];
  let finish: (() => void) | undefined;
  const stream = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, callback) {
      written.push(chunk.toString());
      finish = callback; // held until the test lets it go, like a pipe nobody reads
    },
  });
  const drain = () => {
    const callback = finish;
    finish = undefined;
    callback?.();
  };
  return { stream, written, drain };
}

describe('pretty reporter backpressure', () => {
  it('returns a promise while stdout is full and settles it on drain', async () => {
    const out = slowStream(16);
    const [reporter] = createReporters([], { stdout: out.stream, isTTY: false, color: false, cwd: process.cwd() });
    const lab = makeLab('flood', 'Flood', [{ id: 'flood', line: 5 }]);
    const step = lab.steps[0]!;
    reporter!.onRunStart?.({ mode: 'live', labs: [lab], startedAt: new Date() });
    reporter!.onLabStart?.(lab, 'live');
    out.drain();
    const wait = reporter!.onStepOutput?.(lab, step, { stream: 'stdout', text: 'a'.repeat(100) + '\n' });
    expect(wait).toBeInstanceOf(Promise);
    let settled = false;
    void wait!.then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    out.drain();
    await wait;
    expect(settled).toBe(true);
  });

  it('on a terminal with the progress line drawn, still returns the drain promise, the output and the line in one write', async () => {
    const out = slowStream(16);
    const [reporter] = createReporters([], { stdout: out.stream, isTTY: true, color: false, cwd: process.cwd() });
    const lab = makeLab('flood', 'Flood', [{ id: 'flood', line: 5 }]);
    const step = lab.steps[0]!;
    reporter!.onRunStart?.({ mode: 'live', labs: [lab], startedAt: new Date() });
    reporter!.onLabStart?.(lab, 'live');
    reporter!.onStepStart?.(lab, step, { attempt: 1, maxAttempts: 1 });
    out.drain();
    await new Promise((resolve) => setTimeout(resolve, 1_150)); // the progress line is up
    out.drain();
    const wait = reporter!.onStepOutput?.(lab, step, { stream: 'stdout', text: 'b'.repeat(100) + '\n' });
    expect(wait).toBeInstanceOf(Promise);
    let settled = false;
    void wait!.then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    // The header line, then the output line: each write held until let go.
    while (!settled) {
      out.drain();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(settled).toBe(true);
    expect(out.written.find((text) => text.includes('b'.repeat(100)))).toMatch(/^\r\u001b\[K {4}│ b{100}\n {2}⏳ flood 1s$/);
    reporter!.onStepEnd?.(lab, step, passed('flood'));
  });

  it('settles at once when stdout has gone away', async () => {
    const out = slowStream(16);
    const [reporter] = createReporters([], { stdout: out.stream, isTTY: false, color: false, cwd: process.cwd() });
    const lab = makeLab('flood', 'Flood', [{ id: 'flood', line: 5 }]);
    reporter!.onLabStart?.(lab, 'live');
    const wait = reporter!.onStepOutput?.(lab, lab.steps[0]!, { stream: 'stdout', text: 'x'.repeat(100) + '\n' });
    expect(wait).toBeInstanceOf(Promise);
    out.stream.destroy();
    await wait;
  });

  it('puts the margin on every line, CRLF lines too, and keeps a $ in a host name', () => {
    const written: string[] = [];
    const [reporter] = createReporters([], { stdout: { write: (text: string) => written.push(text) } as unknown as NodeJS.WritableStream, isTTY: false, color: false, cwd: process.cwd() });
    const lab = makeLab('flood', 'Flood', [{ id: 'flood', line: 5 }]);
    reporter!.onLabStart?.(lab, 'live');
    written.length = 0;
    expect(reporter!.onStepOutput?.(lab, lab.steps[0]!, { stream: 'stdout', text: 'one\r\ntwo\nthree\n', remote: 'h$&1' })).toBeUndefined();
    expect(written.join('')).toBe('    │ h$&1: one\n    │ h$&1: two\n    │ h$&1: three\n');
  });
});
