// A report file streams into its temp file as the run goes and is put in place at the end: the
// pretty reporter's live output is not held in memory (a 400 MB flood peaked at 2.4 GB), its
// onStepOutput waits while the file's buffer is full, and readers see the previous file until
// the run ends.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createReporters } from '../../runner/report/index.js';
import { labResult, makeLab, passed } from './build.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('--reporter pretty:FILE', () => {
  it('streams live output into a temp file, waits while it is full, and replaces the old file only at the end', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lab-report-file-'));
    dirs.push(dir);
    const file = path.join(dir, 'pretty.txt');
    writeFileSync(file, 'previous report\n');
    const [reporter] = createReporters(['pretty:pretty.txt'], { stdout: process.stdout, isTTY: false, color: false, cwd: dir });
    const lab = makeLab('flood', 'Flood', [{ id: 'flood', line: 5 }]);
    const step = lab.steps[0]!;
    reporter!.onRunStart?.({ mode: 'live', labs: [lab], startedAt: new Date() });
    reporter!.onLabStart?.(lab, 'live');
    reporter!.onStepStart?.(lab, step, { attempt: 1, maxAttempts: 1 });
    const line = `${'y'.repeat(1023)}\n`;
    const chunk = line.repeat(1024); // 1 MiB of lines
    let waits = 0;
    for (let i = 0; i < 40; i++) {
      const wait = reporter!.onStepOutput?.(lab, step, { stream: 'stdout', text: chunk });
      if (wait) {
        waits++;
        await wait;
      }
    }
    // The file is full more than once: the step would have been held back each time.
    expect(waits).toBeGreaterThan(0);
    expect(readFileSync(file, 'utf8')).toBe('previous report\n');
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toHaveLength(1);
    reporter!.onStepEnd?.(lab, step, passed('flood'));
    reporter!.onLabEnd?.(lab, labResult(lab, [passed('flood')]));
    await reporter!.onRunEnd?.({ labs: [labResult(lab, [passed('flood')])], durationMs: 1, interrupted: false });
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n').filter((row) => row.endsWith(line.trimEnd()))).toHaveLength(40 * 1024);
    expect(text).toMatch(/1 lab · 1 passed/);
    expect(readdirSync(dir)).toEqual(['pretty.txt']);
  });
});
