// Backpressure: while whoever shows a step's output cannot take more (its onOutput promise is
// pending), the session stops reading the step's pipe, so the step blocks in write() instead of
// the runner holding everything it printed in memory.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { openSession } from './helpers.js';

describe('ShellSession output backpressure', () => {
  it('reads no more of a flood while the consumer is full, and all of it once it drains', async () => {
    const session = await openSession({ outputCapBytes: 64 * 1024 });
    let received = 0;
    let release!: () => void;
    const full = new Promise<void>((resolve) => (release = resolve));
    let waited = false;
    const run = session.run('head -c 20000000 /dev/zero | tr "\\0" y; echo done >&2', {
      timeoutMs: 120_000,
      onOutput: (chunk) => {
        if (chunk.stream !== 'stdout') return;
        received += chunk.text.length;
        if (waited) return;
        waited = true;
        return full;
      },
    });
    // Generous: on a loaded machine the first chunk may take a while; then give the step time to
    // run ahead if nothing held it back (20 MB takes a fraction of a second unimpeded).
    for (let waitedMs = 0; received === 0 && waitedMs < 30_000; waitedMs += 50) await sleep(50);
    await sleep(1_500);
    // One chunk taken, at most what Node had already read from the pipe besides.
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(1024 * 1024);
    release();
    const result = await run;
    expect(received).toBe(20_000_000);
    expect(result.stderr).toBe('done\n');
    expect(result.exitCode).toBe(0);
  });
});
