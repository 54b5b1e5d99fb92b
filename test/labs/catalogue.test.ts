// The bundled EKS study labs: lint clean, replay green under CI, listed with their facts, and
// no real AWS account id anywhere in what we ship.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lab, ROOT } from '../helpers/cli.js';

async function filesBelow(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? filesBelow(path.join(dir, e.name)) : [path.join(dir, e.name)])));
  return nested.flat();
}

// Every lab under labs/ (its id is its path there): adding a lab must not break this test.
const EXPECTED_LABS = (await filesBelow(path.join(ROOT, 'labs')))
  .filter((file) => file.endsWith('.md'))
  .map((file) => path.relative(path.join(ROOT, 'labs'), file).replace(/\.md$/, '').split(path.sep).join('/'))
  .sort();

describe('the bundled labs', () => {
  it('lint without errors', async () => {
    const result = await lab(['lint', 'labs']);
    expect(result.stdout.split('\n').filter((line) => line.includes(': error:'))).toEqual([]);
    expect(result.code).toBe(0);
  });

  it('replay green under CI=true, every step passed or skipped with a reason', async () => {
    const result = await lab(['run', 'labs', '--reporter', 'json'], { env: { CI: 'true', NO_COLOR: '1' } });
    const report = JSON.parse(result.stdout);
    expect(report.labs.map((l: { id: string }) => l.id).sort()).toEqual(EXPECTED_LABS);
    for (const labReport of report.labs) {
      expect(labReport.status, `${labReport.id}: ${JSON.stringify(labReport.error ?? labReport.steps.filter((s: { status: string }) => s.status === 'failed'))}`).toBe('passed');
      for (const step of labReport.steps.filter((s: { status: string }) => s.status === 'skipped')) expect(step.skipReason).toBeTruthy();
    }
    expect(result.code).toBe(0);
  });

  it('are listed by week with step counts and provenance, and no invented duration for hand-written fixtures', async () => {
    const result = await lab(['list', 'labs']);
    expect(result.code).toBe(0);
    for (const id of EXPECTED_LABS) expect(result.stdout).toMatch(new RegExp(`${id}\\s+.+\\n\\s+\\d+ steps · (~\\d+ min · )?(recorded [^·]+ · )?\\d+ (transcribed|recorded|synthesized)`));
    // The bundled fixtures hold no recorded step: their durations were written by hand.
    expect(result.stdout).not.toMatch(/ recorded \d/);
    expect(result.stdout).toContain('written by hand, not recorded live');
    const json = JSON.parse((await lab(['list', 'labs', '--json'])).stdout);
    expect(json).toHaveLength(EXPECTED_LABS.length);
    const transcribed = json.reduce((n: number, l: { provenance?: { transcribed?: number } }) => n + (l.provenance?.transcribed ?? 0), 0);
    expect(transcribed).toBeGreaterThan(0);
  });

  it('ship no AWS account id: only placeholders', async () => {
    const files = [...(await filesBelow(path.join(ROOT, 'fixtures'))), ...(await filesBelow(path.join(ROOT, 'labs')))];
    const offenders: string[] = [];
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      for (const match of text.matchAll(/(?<![0-9A-Za-z])\d{12}(?![0-9A-Za-z])/g)) {
        offenders.push(`${path.relative(ROOT, file)}: ${match[0]}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
