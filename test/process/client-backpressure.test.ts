// The ssh and kubectl clients' output (runner/process/client-process.ts) waits for its consumer
// too: while onOutput's promise is pending, that stream is not read, so a remote flood blocks the
// client instead of piling up in the runner. Driven with a real bash as the "client".
import { describe, expect, it } from 'vitest';
import { FLOOD_BYTES, FLOOD_SCRIPT, stalledConsumer } from '../helpers/stalled-consumer.js';
import { runClientProcess } from '../../runner/process/client-process.js';

describe('runClientProcess backpressure', () => {
  it('reads no more of a stream while its consumer is full, and all of it after', async () => {
    const consumer = stalledConsumer();
    const run = runClientProcess('bash', ['-s'], FLOOD_SCRIPT, {
      timeoutMs: 120_000,
      maxOutputBytes: 64 * 1024,
      onOutput: (chunk) => consumer.onOutput(chunk),
    });
    await consumer.stalled();
    // One chunk taken, at most what Node had already read from the pipe besides.
    expect(consumer.received()).toBeGreaterThan(0);
    expect(consumer.received()).toBeLessThan(1024 * 1024);
    consumer.release();
    const { attempt } = await run;
    expect(consumer.received()).toBe(FLOOD_BYTES);
    expect(attempt.stderr).toBe('done\n');
    expect(attempt.exitCode).toBe(0);
  });
});
