// The ssh and kubectl clients' output (runner/process/client-process.ts) waits for its consumer
// too: while onOutput's promise is pending, that stream is not read, so a remote flood blocks the
// client instead of piling up in the runner. Driven with a real bash as the "client".
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runClientProcess } from '../../runner/process/client-process.js';

describe('runClientProcess backpressure', () => {
  it('reads no more of a stream while its consumer is full, and all of it after', async () => {
    let received = 0;
    let release!: () => void;
    const full = new Promise<void>((resolve) => (release = resolve));
    let waited = false;
    const run = runClientProcess('bash', ['-s'], 'head -c 20000000 /dev/zero | tr "\\0" y; echo done >&2', {
      timeoutMs: 120_000,
      maxOutputBytes: 64 * 1024,
      onOutput: (chunk) => {
        if (chunk.stream !== 'stdout') return;
        received += chunk.text.length;
        if (waited) return;
        waited = true;
        return full;
      },
    });
    for (let waitedMs = 0; received === 0 && waitedMs < 30_000; waitedMs += 50) await sleep(50);
    await sleep(1_500);
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(1024 * 1024);
    release();
    const { attempt } = await run;
    expect(received).toBe(20_000_000);
    expect(attempt.stderr).toBe('done\n');
    expect(attempt.exitCode).toBe(0);
  });
});
