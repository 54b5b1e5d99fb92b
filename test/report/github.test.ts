// The github reporter's workflow commands: one ::error per failure, escaped as GitHub requires.
import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty } from '../../runner/report/github.js';
import { createReporters } from '../../runner/report/index.js';
import { captureStream, drive, failed, labResult, makeLab, sampleRun } from './build.js';

async function runGithub(runs: ReturnType<typeof sampleRun>) {
  const out = captureStream();
  const [reporter] = createReporters(['github'], { stdout: out.stream, isTTY: false, color: false, cwd: process.cwd() });
  await drive(reporter!, runs);
  return out.text().split('\n').filter(Boolean);
}

/** Undoes GitHub's escaping, the way the runner reads an annotation back. */
const unescape = (text: string) => text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');

function parseAnnotation(line: string) {
  const match = /^::(\w+) ([^:]*)::(.*)$/.exec(line);
  expect(match, line).not.toBeNull();
  const properties = Object.fromEntries(match![2]!.split(',').map((pair) => {
    const [key, value] = pair.split('=');
    return [key, unescape(value!)];
  }));
  return { command: match![1], properties, message: unescape(match![3]!) };
}

describe('github reporter', () => {
  it('annotates every failure at its file and line, nothing for passes and skips', async () => {
    const lines = await runGithub(sampleRun());
    expect(lines).toHaveLength(2);
    const [wait, peers] = lines.map(parseAnnotation);
    expect(wait).toEqual({
      command: 'error',
      properties: { file: 'labs/week1/endpoint-access.md', line: '24', col: '1', title: 'week1/endpoint-access › wait-update' },
      message: 'labs/week1/endpoint-access.md:24:1: stdout does not match (after 40 attempts)\n--- expected\n+++ actual\n@@ -1 +1 @@\n-Successful\n+InProgress\n',
    });
    expect(peers!.properties).toMatchObject({ line: '40', title: 'week1/endpoint-access › node-peers @ 192.168.2.20' });
  });

  it('escapes %, CR and LF in data, and also : and , in properties', async () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
    const lab = makeLab('odd:lab,name', 'Odd', [{ id: 'step', line: 7 }]);
    const file = 'labs/odd:lab,name.md';
    const result = labResult(lab, [failed('step', [{ message: '100% \u001b[31mwrong\u001b[0m\r\nsecond: line, with comma', position: { file, line: 8, column: 3 } }])]);
    const [line, ...rest] = await runGithub([{ lab, result }]);
    expect(rest).toEqual([]);
    expect(line).toBe('::error file=labs/odd%3Alab%2Cname.md,line=8,col=3,title=odd%3Alab%2Cname › step::100%25 wrong%0D%0Asecond: line, with comma');
    expect(parseAnnotation(line!).message).toBe('100% wrong\r\nsecond: line, with comma');
  });

  it('annotates a lab that could not run, at its position or the top of the file', async () => {
    const lab = makeLab('broken', 'Broken', [{ id: 'a', line: 3 }]);
    const result = labResult(lab, [], { status: 'error', error: { code: 'FIXTURE_STALE', message: 'stale', hint: 'lab record --only a' } });
    const [line] = await runGithub([{ lab, result }]);
    expect(parseAnnotation(line!)).toEqual({
      command: 'error', properties: { file: 'labs/broken.md', line: '1', col: '1', title: 'broken could not run' }, message: 'stale\nhint: lab record --only a',
    });
  });
});
