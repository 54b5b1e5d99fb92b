// The junit reporter's XML, checked by a real XML parser: counts, positions, escaping.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { createReporters } from '../../runner/report/index.js';
import { escapeXml } from '../../runner/report/junit.js';
import { captureStream, drive, failed, labResult, makeLab, sampleRun, skipped } from './build.js';

async function runJunit(runs: ReturnType<typeof sampleRun>) {
  const out = captureStream();
  const [reporter] = createReporters(['junit'], { stdout: out.stream, isTTY: false, color: false, cwd: process.cwd() });
  await drive(reporter!, runs);
  const xml = out.text();
  const validation = XMLValidator.validate(xml);
  expect(validation).toBe(true);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, trimValues: false, htmlEntities: true }).parse(xml);
  return { xml, suites: [doc.testsuites.testsuite].flat(), root: doc.testsuites };
}

describe('junit reporter', () => {
  it('has a suite per lab, a case per step, with counts, files and lines', async () => {
    const { suites, root } = await runJunit(sampleRun());
    expect(root).toMatchObject({ tests: '5', failures: '2', skipped: '1', errors: '0', time: '4.321' });
    expect(suites.map((s) => s.name)).toEqual(['week1/endpoint-access', 'week1/control-plane']);
    expect(suites[0]).toMatchObject({ tests: '4', failures: '2', skipped: '1', time: '3.000', file: 'labs/week1/endpoint-access.md' });
    const cases = [suites[0].testcase].flat();
    expect(cases.map((c) => c.name)).toEqual(['describe-cluster', 'wait-update', 'ssh-shell', 'node-peers']);
    expect(cases[0]).toMatchObject({ classname: 'week1/endpoint-access', file: 'labs/week1/endpoint-access.md', line: '12', time: '1.200' });
    expect(cases[1].failure.message).toBe('labs/week1/endpoint-access.md:24:1: stdout does not match (after 40 attempts)');
    expect(cases[1].failure['#text']).toContain('labs/week1/endpoint-access.md:24');
    expect(cases[1].failure['#text']).toContain('-Successful\n+InProgress');
    expect(cases[2].skipped.message).toBe('needs a terminal');
    expect(cases[3]['system-out']).toBe('192.168.1.10: passed\n192.168.2.20: failed (connection timed out)');
  });

  it('escapes markup, strips ANSI and characters XML cannot carry, keeps newlines in attributes', async () => {
    const nasty = 'got <&"\'> \u001b[31mred\u001b[0m \u0001\u0008bell ]]> \ud800lone\nsecond line';
    const lab = makeLab('special/<chars>', 'Special & co', [{ id: 'weird"id', line: 3 }, { id: 'skip-me', line: 9 }]);
    const result = labResult(lab, [
      failed('weird"id', [{ message: nasty, diff: '-<a>\n+</a> & "b"\n', position: { file: lab.displayPath, line: 4, column: 1 } }]),
      skipped('skip-me', 'reason with <tag> & "quotes"'),
    ]);
    const { xml, suites } = await runJunit([{ lab, result }]);
    expect(xml).not.toContain('\u001b');
    expect(xml).not.toMatch(/[\u0000-\u0008]/);
    expect(suites[0].name).toBe('special/<chars>');
    const [weird, skip] = [suites[0].testcase].flat();
    expect(weird.name).toBe('weird"id');
    expect(weird.failure.message).toBe('labs/special/<chars>.md:4:1: got <&"\'> red bell ]]> lone\nsecond line');
    expect(weird.failure['#text']).toContain('-<a>\n+</a> & "b"');
    expect(skip.skipped.message).toBe('reason with <tag> & "quotes"');
  });

  it('turns a lab that could not run into an errored case', async () => {
    const lab = makeLab('broken', 'Broken', [{ id: 'a', line: 3 }]);
    const result = labResult(lab, [], { status: 'error', error: { code: 'MISSING_VARIABLE', message: 'KEY_NAME has no value', hint: '--var KEY_NAME=...' } });
    const { suites, root } = await runJunit([{ lab, result }]);
    expect(root).toMatchObject({ tests: '1', errors: '1' });
    expect(suites[0].testcase.error).toMatchObject({ type: 'MISSING_VARIABLE', message: 'KEY_NAME has no value' });
    expect(suites[0].testcase.error['#text']).toContain('hint: --var KEY_NAME=...');
  });

  it('escapeXml leaves ordinary text alone', () => {
    expect(escapeXml('tab\tand newline\n')).toBe('tab\tand newline\n');
    expect(escapeXml('pair \ud83d\ude80 kept')).toBe('pair \ud83d\ude80 kept');
  });
});
