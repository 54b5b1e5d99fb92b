// The tap reporter's TAP 14 stream: plans, subtests, directives, and YAML diagnostics parsed back.
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { createReporters } from '../../runner/report/index.js';
import { tapDescription } from '../../runner/report/tap.js';
import { captureStream, drive, failed, labResult, makeLab, sampleRun } from './build.js';

async function runTap(runs: ReturnType<typeof sampleRun>) {
  const out = captureStream();
  const [reporter] = createReporters(['tap'], { stdout: out.stream, isTTY: false, color: false, cwd: process.cwd() });
  await drive(reporter!, runs);
  return out.text();
}

/** The YAML diagnostics under the test point that starts with `point` (indented by `depth` spaces). */
function diagnostics(tap: string, point: string): unknown {
  const lines = tap.split('\n');
  const at = lines.findIndex((line) => line.trimStart().startsWith(point));
  expect(at).toBeGreaterThan(-1);
  const indent = lines[at]!.length - lines[at]!.trimStart().length + 2;
  expect(lines[at + 1]).toBe(`${' '.repeat(indent)}---`);
  const end = lines.indexOf(`${' '.repeat(indent)}...`, at + 2);
  expect(end).toBeGreaterThan(at);
  return parseYaml(lines.slice(at + 2, end).map((line) => line.slice(indent)).join('\n'));
}

describe('tap reporter', () => {
  it('writes TAP 14 with a subtest per lab and a test point per step', async () => {
    const tap = await runTap(sampleRun());
    const lines = tap.split('\n');
    expect(lines.slice(0, 3)).toEqual(['TAP version 14', '1..2', '# Subtest: week1/endpoint-access']);
    expect(lines.slice(3, 7)).toEqual(['    1..4', '    ok 1 - describe-cluster', '    not ok 2 - wait-update', '      ---']);
    expect(lines[7]).toMatch(/^ {6}message: /);
    expect(tap).toContain('\n    ok 3 - ssh-shell # SKIP needs a terminal\n');
    expect(tap).toMatch(/^ {4}not ok 4 - node-peers$/m);
    expect(tap).toMatch(/^not ok 1 - week1\/endpoint-access$/m);
    expect(tap).toContain('# Subtest: week1/control-plane\n    1..1\n    ok 1 - get-nodes\nok 2 - week1/control-plane\n');
    expect(tap.endsWith('\n')).toBe(true);
  });

  it('puts message, place and diff in YAML diagnostics that parse', async () => {
    const tap = await runTap(sampleRun());
    expect(diagnostics(tap, 'not ok 2 - wait-update')).toEqual({
      message: 'labs/week1/endpoint-access.md:24:1: stdout does not match (after 40 attempts)',
      at: 'labs/week1/endpoint-access.md:20:1',
      diff: '--- expected\n+++ actual\n@@ -1 +1 @@\n-Successful\n+InProgress\n',
    });
    expect(diagnostics(tap, 'not ok 4 - node-peers')).toMatchObject({
      at: 'labs/week1/endpoint-access.md:40:1',
      hosts: { '192.168.1.10': 'passed', '192.168.2.20': 'connection timed out' },
    });
  });

  it('escapes # and backslashes in descriptions and keeps control text inside YAML', async () => {
    expect(tapDescription('a # b \\ c\nd')).toBe('a \\# b \\\\ c d');
    const lab = makeLab('odd', 'Odd', [{ id: 'hash#id', line: 2 }]);
    const result = labResult(lab, [failed('hash#id', [{ message: 'line one\n---\n...\n\u001b[31mred\u001b[0m: "quoted"' }])]);
    const tap = await runTap([{ lab, result }]);
    expect(tap).toContain('    not ok 1 - hash\\#id\n');
    expect(diagnostics(tap, 'not ok 1 - hash\\#id')).toMatchObject({ message: 'line one\n---\n...\nred: "quoted"', at: 'labs/odd.md:2:1' });
  });

  it('reports a lab that could not run as a failing test point', async () => {
    const lab = makeLab('broken', 'Broken', [{ id: 'a', line: 3 }]);
    const result = labResult(lab, [], { status: 'error', error: { code: 'FIXTURE_MISSING', message: 'no fixture', hint: 'lab record labs/broken.md' } });
    const tap = await runTap([{ lab, result }]);
    expect(tap).toContain('    1..1\n    not ok 1 - broken could not run\n');
    expect(diagnostics(tap, 'not ok 1 - broken could not run')).toEqual({ message: 'no fixture', code: 'FIXTURE_MISSING', at: 'labs/broken.md', hint: 'lab record labs/broken.md' });
    expect(tap).toMatch(/^not ok 1 - broken$/m);
  });
});
