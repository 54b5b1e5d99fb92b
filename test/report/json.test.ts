// The json reporter's document, driven through the registry and parsed back.
import { describe, expect, it } from 'vitest';
import { createReporters } from '../../runner/report/index.js';
import { captureStream, drive, failed, labResult, makeLab, sampleRun } from './build.js';

async function runJson(runs: ReturnType<typeof sampleRun>, mode: 'live' | 'replay' = 'live') {
  const out = captureStream();
  const [reporter] = createReporters(['json'], { stdout: out.stream, isTTY: false, color: false, cwd: process.cwd() });
  await drive(reporter!, runs, mode);
  return JSON.parse(out.text());
}

describe('json reporter', () => {
  it('writes one document with the documented shape', async () => {
    const doc = await runJson(sampleRun(), 'replay');
    expect(doc).toMatchObject({ version: 1, mode: 'replay', startedAt: '2025-01-02T03:04:05.000Z', durationMs: 4321 });
    expect(doc.summary).toEqual({ labs: 2, passed: 2, failed: 2, skipped: 1, errors: 0 });
    expect(doc.labs.map((l: { id: string }) => l.id)).toEqual(['week1/endpoint-access', 'week1/control-plane']);
    const [endpoint] = doc.labs;
    expect(endpoint).toMatchObject({ file: 'labs/week1/endpoint-access.md', title: 'Switch the cluster endpoint access', status: 'failed', durationMs: 3000 });
    const steps = Object.fromEntries(endpoint.steps.map((s: { id: string }) => [s.id, s]));
    expect(steps['describe-cluster']).toMatchObject({ line: 12, status: 'passed', attempts: 1, durationMs: 1200, command: 'echo describe-cluster', failures: [] });
    expect(steps['wait-update']).toMatchObject({ line: 20, status: 'failed', attempts: 40 });
    expect(steps['wait-update'].failures).toEqual([{
      message: 'labs/week1/endpoint-access.md:24:1: stdout does not match (after 40 attempts)',
      file: 'labs/week1/endpoint-access.md', line: 24, diff: '--- expected\n+++ actual\n@@ -1 +1 @@\n-Successful\n+InProgress\n',
    }]);
    expect(steps['ssh-shell']).toMatchObject({ status: 'skipped', skipReason: 'needs a terminal', attempts: 0 });
    expect(steps['describe-cluster'].skipReason).toBeUndefined();
    expect(steps['node-peers'].hosts).toEqual([
      { host: '192.168.1.10', status: 'passed', attempts: 1, exitCode: 0, failures: [] },
      { host: '192.168.2.20', status: 'failed', attempts: 0, exitCode: null, error: 'connection timed out', failures: [] },
    ]);
    expect(steps['node-peers'].failures[0]).toMatchObject({ host: '192.168.2.20', line: 40 });
  });

  it('reports a lab that could not run with its error and no steps', async () => {
    const lab = makeLab('week2/networking-env', 'Networking', [{ id: 'apply', line: 5 }]);
    const result = labResult(lab, [], {
      status: 'error',
      error: { code: 'FIXTURE_STALE', message: 'step `apply` changed since it was recorded', hint: 'lab record --only apply', position: { file: lab.displayPath, line: 5, column: 1 } },
    });
    const doc = await runJson([{ lab, result }]);
    expect(doc.summary).toMatchObject({ labs: 1, errors: 1, passed: 0 });
    expect(doc.labs[0]).toMatchObject({ status: 'error', steps: [], error: { code: 'FIXTURE_STALE', hint: 'lab record --only apply', file: 'labs/week2/networking-env.md', line: 5 } });
  });

  it('keeps machine-readable text free of ANSI escapes', async () => {
    const lab = makeLab('colour', 'Colour', [{ id: 'red', line: 3 }]);
    const result = labResult(lab, [failed('red', [{ message: '\u001b[31mred\u001b[0m mismatch', diff: '-\u001b[1mbold\u001b[0m\n' }])]);
    const doc = await runJson([{ lab, result }]);
    expect(doc.labs[0].steps[0].failures[0]).toEqual({ message: 'red mismatch', file: null, line: null, diff: '-bold\n' });
  });
});
