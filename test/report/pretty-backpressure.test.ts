// The pretty reporter's write path: a full stdout (write() returned false) makes onStepOutput
// return a promise that settles on 'drain', or when the stream goes away; every line gets its
// margin in one pass, CRLF included.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createReporters } from '../../runner/report/index.js';
import type { Lab, Step } from '../../runner/model/lab.js';
import type { Reporter } from '../../runner/report/reporter.js';
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

/** A pretty reporter on a stdout that takes one write at a time, a live lab started on it. */
function liveFlood(isTTY: boolean) {
  const out = slowStream(16);
  const [reporter] = createReporters([], { stdout: out.stream, isTTY, color: false, cwd: process.cwd() });
  const lab = makeLab('flood', 'Flood', [{ id: 'flood', line: 5 }]);
  reporter!.onRunStart?.({ mode: 'live', labs: [lab], startedAt: new Date() });
  reporter!.onLabStart?.(lab, 'live');
  return { out, reporter: reporter!, lab, step: lab.steps[0]! };
}

/** A line of output the full stdout cannot take: the reporter must hand back a promise. */
function heldOutput(reporter: Reporter, lab: Lab, step: Step, line: string) {
  const wait = reporter.onStepOutput?.(lab, step, { stream: 'stdout', text: `${line}\n` });
  expect(wait).toBeInstanceOf(Promise);
  let settled = false;
  void wait!.then(() => (settled = true));
  return { wait: wait!, settled: () => settled };
}

describe('pretty reporter backpressure', () => {
  it('returns a promise while stdout is full and settles it on drain', async () => {
    const { out, reporter, lab, step } = liveFlood(false);
    out.drain();
    const output = heldOutput(reporter, lab, step, 'a'.repeat(100));
    await new Promise((resolve) => setImmediate(resolve));
    expect(output.settled()).toBe(false);
    out.drain();
    await output.wait;
    expect(output.settled()).toBe(true);
  });

  it('on a terminal with the progress line drawn, still returns the drain promise, the output and the line in one write', async () => {
    const { out, reporter, lab, step } = liveFlood(true);
    reporter.onStepStart?.(lab, step, { attempt: 1, maxAttempts: 1 });
    out.drain();
    await new Promise((resolve) => setTimeout(resolve, 1_150)); // the progress line is up
    out.drain();
    const output = heldOutput(reporter, lab, step, 'b'.repeat(100));
    await new Promise((resolve) => setImmediate(resolve));
    expect(output.settled()).toBe(false);
    // The header line, then the output line: each write held until let go.
    while (!output.settled()) {
      out.drain();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(out.written.find((text) => text.includes('b'.repeat(100)))).toMatch(/^\r\u001b\[K {4}│ b{100}\n {2}⏳ flood 1s$/);
    reporter.onStepEnd?.(lab, step, passed('flood'));
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
