// The matchers against outputs built to hurt them, through the compiled CLI: `contains` with tens
// of thousands of expected lines, a mismatch late in a long output (its diff must show it, with
// its line number), every line wrong, and C0 controls (\b, \v, DEL, BEL) in a fixture's output,
// which must reach the replay diff escaped. LAB_STRESS=1 makes the outputs four times longer.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bash, expectBlock, labText, makeProject, readJson, startLab, STRESS, stepsOf, type Project } from './live-faults-helpers.js';

const LINES = STRESS ? 200_000 : 50_000;
const numbered = (count: number) => Array.from({ length: count }, (_, i) => `line ${i + 1}`).join('\n');
const printNumbered = `seq -f 'line %.0f' 1 ${LINES}`;

let project: Project;
beforeAll(() => {
  project = makeProject();
});
afterAll(() => project.remove());

async function runJson(labPath: string, args: string[] = ['--live'], env: Record<string, string> = {}) {
  const report = path.join(project.work, `${path.basename(labPath, '.md')}.json`);
  const lab = startLab(['run', ...args, labPath, '--var', `WORK=${project.work}`, '--reporter', `json:${report}`], { cwd: project.dir, env });
  const done = await lab.done;
  return { ...done, steps: stepsOf(readJson(report)) };
}

describe(`matchers on ${LINES.toLocaleString('en')}-line outputs`, () => {
  it('passes `contains` with every printed line expected, and names a missing one', async () => {
    const all = numbered(LINES);
    const labPath = project.writeLab('contains', labText('contains at scale', [
      bash('id=all', printNumbered), expectBlock('contains', all),
      bash('id=one-missing', printNumbered), expectBlock('contains', `${all}\nline ${LINES + 1}`),
    ]));
    const { steps } = await runJson(labPath, ['--live', '--keep-going']);
    expect(steps.all!.status).toBe('passed');
    expect(steps['one-missing']!.status).toBe('failed');
    expect(steps['one-missing']!.failures[0]!.message).toContain(`"line ${LINES + 1}"`);
  }, 180_000);

  it('shows a mismatch 1,000 lines from the end with its line number, and hunks when every line is wrong', async () => {
    const late = LINES - 1000;
    const expected = numbered(LINES).replace(`\nline ${late}\n`, `\nline ${late} changed\n`);
    const labPath = project.writeLab('late', labText('late mismatches', [
      bash('id=late', printNumbered), expectBlock('', expected),
      bash('id=exact-late', printNumbered), expectBlock('exact', expected),
      bash('id=all-wrong', printNumbered), expectBlock('', numbered(LINES).replaceAll('line', 'other')),
    ]));
    const { steps } = await runJson(labPath, ['--live', '--keep-going']);
    for (const id of ['late', 'exact-late']) {
      const diff = steps[id]!.failures[0]!.diff!.split('\n');
      expect(diff, id).toContain(`-line ${late} changed`);
      expect(diff, id).toContain(`+line ${late}`);
      expect(diff, id).toContain(`@@ -${late - 3},7 +${late - 3},7 @@`);
    }
    const wrong = steps['all-wrong']!.failures[0]!.diff!.split('\n');
    expect(wrong[2]).toMatch(/^@@ -1,\d+ \+1,\d+ @@$/);
    expect(wrong).toContain('-other 1');
    expect(wrong).toContain('+line 1');
  }, 180_000);
});

describe('control characters in a fixture', () => {
  it('reach the replay diff escaped, on the terminal and in the report', async () => {
    const labPath = project.writeLab('controls', labText('controls', [bash('id=controls', "printf 'ok\\nplain\\n'"), expectBlock('', 'ok\nplain')]));
    const recorded = await startLab(['record', labPath, '--var', `WORK=${project.work}`], { cwd: project.dir, env: { CI: '' } }).done;
    expect(recorded.code, recorded.stderr).toBe(0);
    // The fixture as a hand edit or a hostile commit could leave it: the output holds raw controls
    // (the screen-clearing CSI is stripped before matching, as terminal escapes always are).
    const fixtureFile = path.join(project.dir, 'fixtures', 'controls.yaml');
    const fixture = readFileSync(fixtureFile, 'utf8');
    const edited = fixture.replace(/stdout: \|\n\s+ok\n\s+plain\n/, 'stdout: "ok\\nback\\bspace\\vtab del\\x7f bell\\a clear\\e[2J\\n"\n');
    expect(edited).not.toBe(fixture);
    writeFileSync(fixtureFile, edited);

    const pretty = await startLab(['run', labPath, '--var', `WORK=${project.work}`], { cwd: project.dir }).done;
    expect(pretty.code).toBe(1);
    expect(pretty.stdout).toContain('+back\\bspace\\vtab del\\x7f bell\\x07 clear');
    expect(pretty.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    const { steps } = await runJson(labPath, []);
    expect(steps.controls!.failures[0]!.diff).toContain('+back\\bspace\\vtab del\\x7f bell\\x07 clear');
  }, 120_000);
});
