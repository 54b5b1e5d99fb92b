// The walk under a flood, with the real step runner over the lab's real bash. Its live output
// waits for its terminal: while the terminal (or the pipe behind it) takes nothing, the step's
// output is not read, so the step blocks in write() instead of the walk holding everything it
// printed. And the jobs view shows a background job's log tail in bounded room.
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLab } from '../../runner/lab/parse.js';
import { ShellTarget } from '../../runner/shell/target.js';
import { StepRunner } from '../../runner/step/runner.js';
import type { WalkContext } from '../../runner/walk/context.js';
import { showBackgroundJobs } from '../../runner/walk/background.js';
import { runWithView } from '../../runner/walk/run-view.js';
import { Terminal } from '../../runner/walk/terminal.js';
import { FLOOD_BYTES, FLOOD_SCRIPT, stalledWritable } from '../helpers/stalled-consumer.js';
import { captureOutput } from './doubles.js';

describe('walk live output backpressure', () => {
  it('holds a 20 MB step while the terminal is full, and shows all of it once it drains', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lab-walk-flood-'));
    const { lab } = parseLab(`---\ntitle: Flood\n---\n\n# Flood\n\n\`\`\`bash id=flood timeout=2m\n${FLOOD_SCRIPT}\n\`\`\`\n`, join(dir, 'flood.md'), { displayPath: 'flood.md' });
    const target = await ShellTarget.start(lab, { cwd: dir, variables: {} });
    const runner = new StepRunner(lab, { mode: 'live', local: target, for: () => target, close: () => target.close() }, { variables: {}, yes: true, interactive: true });
    const out = stalledWritable();
    const context = { terminal: new Terminal(out.stream, { noColor: true }), runner, recordedMs: new Map(), interrupts: () => () => {} } as unknown as WalkContext;
    try {
      let finished = false;
      const run = runWithView(context, lab.steps[0]!, (step, options) => runner.run(step, options)).finally(() => (finished = true));
      for (let waited = 0; out.written() === '' && waited < 30_000; waited += 50) await sleep(50);
      await sleep(1_500); // time for the step to run ahead, if nothing held it back
      expect(finished).toBe(false);
      expect(out.buffered()).toBeLessThan(1024 * 1024);
      out.release();
      const { result } = await run;
      expect(result.status).toBe('passed');
      expect(out.written().replace(/[^y]/g, '').length).toBe(FLOOD_BYTES);
    } finally {
      await runner.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('the jobs view', () => {
  it('shows the tail of a background job that printed megabytes without a newline in a few screen lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lab-walk-jobs-'));
    const { lab } = parseLab(`---\ntitle: Jobs\n---\n\n# Jobs\n\n\`\`\`bash id=noisy background\nhead -c 5000000 /dev/zero | tr "\\0" y; sleep 60\n\`\`\`\n`, join(dir, 'jobs.md'), { displayPath: 'jobs.md' });
    const target = await ShellTarget.start(lab, { cwd: dir, variables: {} });
    const runner = new StepRunner(lab, { mode: 'live', local: target, for: () => target, close: () => target.close() }, { variables: {}, yes: true, interactive: true });
    const out = captureOutput(80);
    const context = { terminal: new Terminal(out, { noColor: true }), runner } as unknown as WalkContext;
    try {
      expect((await runner.run(lab.steps[0]!)).status).toBe('passed');
      // The log keeps its head and its tail (1 MiB): wait until the tail is full of the flood.
      for (let waited = 0; !/not kept[^]{500000}/.test(runner.backgroundJobs()[0]!.log()) && waited < 30_000; waited += 50) await sleep(50);
      showBackgroundJobs(context);
      const shown = out.text();
      expect(shown).toContain('● noisy — running');
      expect(shown).toContain('…');
      expect(shown.length).toBeLessThan(4 * 1024);
    } finally {
      await runner.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
