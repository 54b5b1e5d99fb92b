// The walk's step words: alike expectations once with a count, whole-second intervals as written,
// headers within the width, and no "last lab of this week" for a lab outside any week.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLab } from '../../runner/lab/index.js';
import { resultReport, stepBadges, stepDetails, stepHeader } from '../../runner/walk/step-view.js';
import { summaryText } from '../../runner/walk/walk.js';
import { Terminal, visibleLength } from '../../runner/walk/terminal.js';
import { cutLine } from '../../runner/walk/command-view.js';
import { parseLab } from '../../runner/lab/parse.js';
import type { StepResult } from '../../runner/model/result.js';
import type { WalkContext } from '../../runner/walk/context.js';
import { captureOutput } from './doubles.js';
import { ROOT } from '../helpers/cli.js';

const SAMPLE = path.join(ROOT, 'test/samples/walk/unit/cosmetics.md');

describe('step words', () => {
  it('two expectations described alike are one line with a count; "every 6s", not "every 6.0s"', async () => {
    const { lab } = await loadLab(SAMPLE);
    const step = lab.steps[0]!;
    const terminal = new Terminal(captureOutput(80), { noColor: true });
    const result = { stepId: step.id, status: 'passed', failures: [], attempts: [{ stdout: 'a 1\nb 2\n', stderr: '', exitCode: 0, durationMs: 5 }], durationMs: 5, source: 'live' } as unknown as StepResult;
    const report = resultReport(terminal, step, result);
    expect(report).toContain('✓ stdout matches the regular expression (×2)');
    expect(report.split('\n').filter((line) => line.includes('regular expression'))).toHaveLength(1);
    expect(stepBadges(step)).toContain('retry 3× every 6s');
    expect(stepDetails(step)).toContain('at most 3 times, 6s apart'); // Details too, not "6.0s apart"
  });

  it('a header fits 40 columns: the section shortened first', async () => {
    const { lab } = await loadLab(SAMPLE);
    const header = stepHeader(lab, lab.steps[0]!, 33);
    expect(header.length).toBeLessThanOrEqual(33);
    expect(header).toMatch(/^Step 1\/1 · twice · Two alike ex\S*…$/);
  });

  it('a Korean section title and a Korean command are cut in columns, not characters', async () => {
    const { lab } = parseLab('---\ntitle: 노드\n---\n\n## 워커 노드에 접속해서 운영체제와 런타임 확인하기\n\n```bash id=os\necho "운영체제와 컨테이너 런타임을 확인합니다 그리고 커널 버전도 확인합니다"\n```\n', 'labs/ko.md');
    const header = stepHeader(lab, lab.steps[0]!, 36);
    expect(visibleLength(header)).toBeLessThanOrEqual(36);
    expect(header).toMatch(/^Step 1\/1 · os · 워커 노드에 [^ …]+…$/);
    const pieces = cutLine(lab.steps[0]!.command, 30);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(visibleLength(piece)).toBeLessThanOrEqual(28);
    expect(pieces.join('')).toBe(lab.steps[0]!.command); // cut, never reflowed: the pieces put back are the command
  });

  it('a lab outside any week is not "the last lab of this week"', async () => {
    const { lab } = await loadLab(SAMPLE);
    const terminal = new Terminal(captureOutput(80), { noColor: true });
    const text = summaryText({ lab, terminal } as unknown as WalkContext, { passed: 1, failed: 0, skipped: 0, notRun: 0 }, 1000);
    expect(text).toContain('1 passed');
    expect(text).not.toContain('last lab of this week');
  });
});
