// The pretty reporter while a step runs, on real timers: on a terminal a progress line after a
// second, redrawn in place and never mixed into an output line; in a log a "still running" line
// after a silence; the step's name before its first output line either way.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Lab } from '../../runner/model/lab.js';
import { createReporters } from '../../runner/report/index.js';
import { PrettyReporter } from '../../runner/report/pretty.js';
import { captureStream, makeLab, passed } from './build.js';

const CLEAR_LINE = '\r\u001b[K';

/** What a terminal keeps of the text: `\r` + erase-line wipes the current row, `\n` commits it. */
function terminalRows(text: string): { rows: string[]; current: string } {
  const rows: string[] = [];
  let current = '';
  for (const piece of text.split(/(\r\u001b\[K|\n)/)) {
    if (piece === CLEAR_LINE) current = '';
    else if (piece === '\n') {
      rows.push(current);
      current = '';
    } else current += piece;
  }
  return { rows, current };
}

function start(options: { isTTY: boolean; columns?: number; stillRunningEveryMs?: number; mode?: 'live' | 'replay'; id?: string }) {
  const out = captureStream();
  if (options.columns) Object.assign(out.stream, { columns: options.columns });
  const reporter = new PrettyReporter(out.stream, { isTTY: options.isTTY, color: false, ...(options.stillRunningEveryMs ? { stillRunningEveryMs: options.stillRunningEveryMs } : {}) });
  const lab: Lab = makeLab('apply', 'Apply', [{ id: options.id ?? 'apply', line: 3 }]);
  const step = lab.steps[0]!;
  const mode = options.mode ?? 'live';
  reporter.onRunStart({ mode, labs: [lab], startedAt: new Date() });
  reporter.onLabStart(lab, mode);
  reporter.onStepStart(lab, step, { attempt: 1, maxAttempts: 1, recordedDurationMs: 718_000 });
  return { out, reporter, lab, step };
}

describe('pretty reporter: progress on a terminal', () => {
  it('shows `⏳ apply 1s (recorded 11m 58s)` after a second, keeps output lines whole above it, and clears it at the end', async () => {
    const { out, reporter, lab, step } = start({ isTTY: true });
    await sleep(300);
    expect(out.text()).not.toContain('⏳'); // a quick step never gets one
    await sleep(1_000);
    expect(out.text()).toContain(`${CLEAR_LINE}  ⏳ apply 1s (recorded 11m 58s)`);
    reporter.onStepOutput(lab, step, { stream: 'stdout', text: 'line one\nline two\n' });
    // Right after the output, the progress line is back under it, still on screen.
    expect(terminalRows(out.text()).current).toBe('  ⏳ apply 1s (recorded 11m 58s)');
    reporter.onStepEnd(lab, step, passed('apply'));
    const { rows, current } = terminalRows(out.text());
    expect(rows).toEqual(['▶ apply  Apply  (live)', '  … apply', '    │ line one', '    │ line two', '  ✓ apply  1.2s']);
    expect(current).toBe('');
    // Every progress line drawn is wiped before the next newline: none reaches the scrollback.
    const text = out.text();
    for (const match of text.matchAll(/⏳/g)) {
      const rest = text.slice(match.index);
      const newline = rest.indexOf('\n');
      expect(rest.indexOf(CLEAR_LINE)).toBeGreaterThan(-1);
      if (newline !== -1) expect(rest.indexOf(CLEAR_LINE)).toBeLessThan(newline);
    }
    await reporter.onRunEnd({ labs: [], durationMs: 1, interrupted: false });
  });

  it('cuts the progress line to the terminal\'s width, so it never wraps', async () => {
    const { out, reporter, lab, step } = start({ isTTY: true, columns: 40, id: 'a-very-long-step-name-that-goes-on' });
    await sleep(1_150);
    const { current } = terminalRows(out.text());
    expect(current).toBe('  ⏳ a-very-long… 1s (recorded 11m 58s)');
    expect([...current].length + 1).toBeLessThanOrEqual(39); // ⏳ takes two columns; the last one stays free
    reporter.onStepEnd(lab, step, passed('a-very-long-step-name-that-goes-on'));
  });

  it('draws none when another reporter writes to the same stdout (its lines would land inside it)', async () => {
    const out = captureStream();
    const reporters = createReporters(['github', 'pretty'], { stdout: out.stream, isTTY: true, color: false, cwd: process.cwd() });
    const lab = makeLab('apply', 'Apply', [{ id: 'apply', line: 3 }]);
    for (const reporter of reporters) reporter.onLabStart?.(lab, 'live');
    for (const reporter of reporters) reporter.onStepStart?.(lab, lab.steps[0]!, { attempt: 1, maxAttempts: 1 });
    await sleep(1_150);
    for (const reporter of reporters) reporter.onStepEnd?.(lab, lab.steps[0]!, passed('apply'));
    expect(out.text()).toContain('  ✓ apply  1.2s');
    expect(out.text()).not.toContain('⏳');
  });
});

describe('pretty reporter: a live step in a log', () => {
  it('says it is still running after a silence, naming the step, and never redraws', async () => {
    const { out, reporter, lab, step } = start({ isTTY: false, stillRunningEveryMs: 200 });
    await sleep(500);
    const lines = out.text().split('\n');
    expect(lines[1]).toMatch(/^ {2}… still running apply: \d+ms \(recorded 11m 58s\)$/);
    // Its name is already in the log: the output follows without a second name line.
    reporter.onStepOutput(lab, step, { stream: 'stdout', text: 'applied\n' });
    reporter.onStepEnd(lab, step, passed('apply'));
    const after = out.text().split('\n').filter((line) => !line.includes('still running'));
    expect(after).toEqual(['▶ apply  Apply  (live)', '    │ applied', '  ✓ apply  1.2s', '']);
    expect(out.text()).not.toContain('\r');
    expect(out.text()).not.toContain('⏳');
  });

  it('past --output-lines, says how much is not shown so far, in the still-running line and on the progress line', async () => {
    const notShown = { lines: 0, bytes: 0 };
    const cut = { lines: 2, notShown: () => notShown };
    const log = start({ isTTY: false, stillRunningEveryMs: 200 });
    log.reporter.onStepOutput(log.lab, log.step, { stream: 'stdout', text: 'one\ntwo\n' });
    log.reporter.onStepOutput(log.lab, log.step, { stream: 'stdout', text: '', cut });
    Object.assign(notShown, { lines: 1_234_567, bytes: 2_469_134 });
    await sleep(500);
    expect(log.out.text()).toMatch(/\n {2}… still running apply: \d+ms \(recorded 11m 58s\); 1,234,567 lines, 2,469,134 bytes not shown so far\n/);
    log.reporter.onStepEnd(log.lab, log.step, passed('apply'));

    const terminal = start({ isTTY: true, columns: 80 });
    terminal.reporter.onStepOutput(terminal.lab, terminal.step, { stream: 'stdout', text: '', cut });
    await sleep(1_300);
    expect(terminalRows(terminal.out.text()).current).toBe('  ⏳ apply 1s (recorded 11m 58s) · 1,234,567 lines not shown');
    terminal.reporter.onStepEnd(terminal.lab, terminal.step, passed('apply'));
  });

  it('says nothing while the step keeps printing', async () => {
    const { out, reporter, lab, step } = start({ isTTY: false, stillRunningEveryMs: 300 });
    for (let i = 0; i < 8; i++) {
      await sleep(75);
      reporter.onStepOutput(lab, step, { stream: 'stdout', text: `line ${i}\n` });
    }
    reporter.onStepEnd(lab, step, passed('apply'));
    expect(out.text()).not.toContain('still running');
    expect(out.text().split('\n').slice(0, 3)).toEqual(['▶ apply  Apply  (live)', '  … apply', '    │ line 0']);
  });

  it('prints no progress of any kind for a replayed step', async () => {
    const { out, reporter, lab, step } = start({ isTTY: false, stillRunningEveryMs: 100, mode: 'replay' });
    await sleep(300);
    reporter.onStepEnd(lab, step, passed('apply', { source: 'replay' }));
    expect(out.text()).not.toContain('still running');
  });
});
