// The pretty reporter as a person reads it: headers, step lines, hosts, failures, summary; colour on and off.
import { describe, expect, it } from 'vitest';
import { createReporters } from '../../runner/report/index.js';
import { captureStream, drive, labResult, makeLab, passed, sampleRun } from './build.js';

async function runPretty(options: { color: boolean; isTTY?: boolean }, runs = sampleRun(), mode: 'live' | 'replay' = 'live') {
  const out = captureStream();
  const [reporter] = createReporters([], { stdout: out.stream, isTTY: options.isTTY ?? false, color: options.color, cwd: process.cwd() });
  await drive(reporter!, runs, mode);
  return out.text();
}

describe('pretty reporter', () => {
  it('prints plain lines with no escape codes when colour is off', async () => {
    const text = await runPretty({ color: false });
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain('\r');
    const lines = text.split('\n');
    expect(lines[0]).toBe('▶ week1/endpoint-access  Switch the cluster endpoint access  (live)');
    expect(lines).toContain('  ✓ describe-cluster  1.2s');
    expect(lines).toContain('  ✗ wait-update  attempt 40/40  2.5s');
    expect(lines).toContain('      labs/week1/endpoint-access.md:24:1: stdout does not match (after 40 attempts)');
    expect(lines).toContain('        -Successful');
    expect(lines).toContain('        +InProgress');
    expect(lines).toContain('  ↷ ssh-shell  skipped: needs a terminal');
    expect(lines.at(-2)).toBe('2 labs · 2 passed · 2 failed · 1 skipped · 4.3s');
  });

  it('shows a failing remote step with one line per host, the connection error said once', async () => {
    const lines = (await runPretty({ color: false })).split('\n');
    const at = lines.indexOf('  ✗ node-peers  2.5s');
    expect(at).toBeGreaterThan(-1);
    expect(lines.slice(at + 1, at + 3)).toEqual(['      ✓ 192.168.1.10', '      ✗ 192.168.2.20  connection timed out']);
    expect(lines.filter((line) => line.includes('connection timed out'))).toHaveLength(1);
  });

  it('colours marks, failures and the diff when colour is on', async () => {
    const text = await runPretty({ color: true });
    expect(text).toContain('\u001b[32m✓\u001b[0m describe-cluster');
    expect(text).toContain('\u001b[31m✗\u001b[0m wait-update');
    expect(text).toContain('\u001b[32m+InProgress\u001b[0m');
    expect(text).toContain('\u001b[31m-Successful\u001b[0m');
  });

  it('shows the recorded duration in replay', async () => {
    const lab = makeLab('week1/control-plane', 'Look at the control plane', [{ id: 'get-nodes', line: 8 }]);
    const result = labResult(lab, [passed('get-nodes', { source: 'replay', durationMs: 3, recordedDurationMs: 750_000 })], { mode: 'replay' });
    const lines = (await runPretty({ color: false }, [{ lab, result }], 'replay')).split('\n');
    expect(lines[0]).toBe('▶ week1/control-plane  Look at the control plane  (replay)');
    expect(lines).toContain('  ✓ get-nodes  recorded 12m 30s');
  });

  it('shows attempts for a retried step only when it took several or gave up', async () => {
    const lab = makeLab('waits', 'Waits', [{ id: 'quick', line: 3, attributes: { retry: 30 } }, { id: 'slow', line: 9, attributes: { retry: 40 } }]);
    const result = labResult(lab, [passed('quick', { attempts: 1 }), passed('slow', { attempts: 4 })]);
    const lines = (await runPretty({ color: false }, [{ lab, result }])).split('\n');
    expect(lines).toContain('  ✓ quick  1.2s');
    expect(lines).toContain('  ✓ slow  attempt 4/40  1.2s');
  });

  it('streams live output dimmed with the host, one printed line per output line (the step runner sends whole lines)', async () => {
    const out = captureStream();
    const [reporter] = createReporters(['pretty'], { stdout: out.stream, isTTY: false, color: false, cwd: process.cwd() });
    const lab = makeLab('stream', 'Streaming', [{ id: 'peers', line: 3, attributes: { hosts: '$N1' } }]);
    const step = lab.steps[0]!;
    reporter!.onRunStart?.({ mode: 'live', labs: [lab], startedAt: new Date() });
    reporter!.onLabStart?.(lab, 'live');
    reporter!.onStepStart?.(lab, step, { attempt: 1, maxAttempts: 1 });
    reporter!.onStepOutput?.(lab, step, { stream: 'stdout', text: 'kubelet up\n\nready\n', remote: '10.0.0.1' });
    expect(out.text()).toContain('    │ 10.0.0.1: kubelet up\n    │ 10.0.0.1: \n    │ 10.0.0.1: ready\n');
    reporter!.onStepOutput?.(lab, step, { stream: 'stdout', text: 'half', remote: '10.0.0.1' });
    reporter!.onStepEnd?.(lab, step, passed('peers'));
    expect(out.text()).toContain('    │ 10.0.0.1: half\n  ✓ peers  1.2s\n');
  });

  it('lines up the output of hosts with names of different lengths: those named before the run from the first line, a longer one as it comes', async () => {
    const out = captureStream();
    const [reporter] = createReporters(['pretty'], { stdout: out.stream, isTTY: false, color: false, cwd: process.cwd() });
    const lab = makeLab('align', 'Aligned', [{ id: 'each', line: 3, attributes: { hosts: '$NODES' } }]);
    const step = lab.steps[0]!;
    reporter!.onRunStart?.({ mode: 'live', labs: [lab], startedAt: new Date() });
    reporter!.onLabStart?.(lab, 'live');
    reporter!.onStepStart?.(lab, step, { attempt: 1, maxAttempts: 1, remotes: ['node1', 'node10'] });
    reporter!.onStepOutput?.(lab, step, { stream: 'stdout', text: 'Amazon Linux 2023\n', remote: 'node1' });
    reporter!.onStepOutput?.(lab, step, { stream: 'stdout', text: 'Amazon Linux 2023\n', remote: 'node10' });
    reporter!.onStepOutput?.(lab, step, { stream: 'stdout', text: 'late\n', remote: 'node-extra' });
    reporter!.onStepOutput?.(lab, step, { stream: 'stdout', text: 'after\n', remote: 'node1' });
    expect(out.text()).toContain('    │ node1:  Amazon Linux 2023\n    │ node10: Amazon Linux 2023\n    │ node-extra: late\n    │ node1:      after\n');
  });

  it('draws nothing over a step that ends within a second, on a terminal or not', async () => {
    const lab = makeLab('quick', 'Quick', [{ id: 'fast', line: 3 }]);
    const runs = [{ lab, result: labResult(lab, [passed('fast')]) }];
    for (const isTTY of [true, false]) {
      const text = await runPretty({ color: false, isTTY }, runs);
      expect(text).not.toContain('⏳');
      expect(text).not.toContain('\r');
    }
  });

  it('gives a live step\'s recorded duration beside this run\'s, when either took a second', async () => {
    const lab = makeLab('timed', 'Timed', [{ id: 'apply', line: 3 }, { id: 'echo', line: 9 }]);
    const result = labResult(lab, [passed('apply', { durationMs: 723_000, recordedDurationMs: 718_000 }), passed('echo', { durationMs: 20, recordedDurationMs: 30 })]);
    const lines = (await runPretty({ color: false }, [{ lab, result }])).split('\n');
    expect(lines).toContain('  ✓ apply  12m 3s (recorded 11m 58s)');
    expect(lines).toContain('  ✓ echo  20ms');
  });
});
