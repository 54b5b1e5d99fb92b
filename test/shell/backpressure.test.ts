// Backpressure: while whoever shows a step's output cannot take more (its onOutput promise is
// pending), the session stops reading the step's pipe, so the step blocks in write() instead of
// the runner holding everything it printed in memory.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { FLOOD_BYTES, FLOOD_SCRIPT, stalledConsumer } from '../helpers/stalled-consumer.js';
import { openSession } from './helpers.js';

describe('ShellSession output backpressure', () => {
  it('reads no more of a flood while the consumer is full, and all of it once it drains', async () => {
    const session = await openSession({ outputCapBytes: 64 * 1024 });
    const consumer = stalledConsumer();
    const run = session.run(FLOOD_SCRIPT, {
      timeoutMs: 120_000,
      onOutput: (chunk) => consumer.onOutput(chunk),
    });
    await consumer.stalled();
    // One chunk taken, at most what Node had already read from the pipe besides.
    expect(consumer.received()).toBeGreaterThan(0);
    expect(consumer.received()).toBeLessThan(1024 * 1024);
    consumer.release();
    const result = await run;
    expect(consumer.received()).toBe(FLOOD_BYTES);
    expect(result.stderr).toBe('done\n');
    expect(result.exitCode).toBe(0);
  });

  it('a background job: read no further while its consumer is full, all of it once it drains, its log within its cap', async () => {
    const session = await openSession({ backgroundLogCapBytes: 64 * 1024 });
    const consumer = stalledConsumer();
    const job = await session.startBackground(FLOOD_SCRIPT, { onOutput: (chunk) => consumer.onOutput(chunk) });
    await consumer.stalled();
    expect(consumer.received()).toBeGreaterThan(0);
    expect(consumer.received()).toBeLessThan(1024 * 1024);
    expect(job.running()).toBe(true);
    consumer.release();
    for (let waited = 0; job.running() && waited < 60_000; waited += 50) await sleep(50);
    expect(consumer.received()).toBe(FLOOD_BYTES);
    expect(job.log().length).toBeLessThan(64 * 1024 + 100);
    expect(job.log()).toMatch(/\[\.\.\. \d+ bytes not kept \.\.\.\]\n[y]+done\n$/);
  });

  it('a background job nobody streams is never held back (a port-forward must keep serving), and its log stays within its cap', async () => {
    const session = await openSession({ backgroundLogCapBytes: 64 * 1024 });
    const job = await session.startBackground(FLOOD_SCRIPT);
    for (let waited = 0; job.running() && waited < 60_000; waited += 50) await sleep(50);
    expect(job.running()).toBe(false);
    expect(job.log().length).toBeLessThan(64 * 1024 + 100);
    expect(job.log()).toContain(`[... ${FLOOD_BYTES - 64 * 1024 + 5} bytes not kept ...]`);
  });
});
