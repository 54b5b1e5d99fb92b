// Every reporter's output, produced by a real run and parsed back.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lab } from '../helpers/cli.js';

let work: string;
let out: string;
const failing = 'test/samples/run/failing.md';
const special = 'test/samples/report/special.md';

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'lab-report-'));
  out = await mkdtemp(path.join(os.tmpdir(), 'lab-report-out-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
  await rm(out, { recursive: true, force: true });
});

describe('reporters', () => {
  it('writes json, junit and tap files in one run, atomically, and they parse', async () => {
    const run = await lab(['run', '--live', '--trust', failing, special, '--var', `WORK=${work}`,
      '--reporter', `json:${out}/r.json`, '--reporter', `junit:${out}/deep/r.xml`, '--reporter', `tap:${out}/r.tap`, '--reporter', 'pretty']);
    expect(run.code).toBe(1);
    expect((await readdir(out)).sort()).toEqual(['deep', 'r.json', 'r.tap']);

    const json = JSON.parse(await readFile(`${out}/r.json`, 'utf8'));
    expect(json.version).toBe(1);
    expect(json.summary).toMatchObject({ labs: 2, failed: 2 });
    const failingLab = json.labs.find((l: { file: string }) => l.file === failing);
    expect(failingLab).toMatchObject({ status: 'failed', title: 'Fails midway' });
    const wrong = failingLab.steps.find((s: { id: string }) => s.id === 'wrong');
    expect(wrong).toMatchObject({ line: 11, status: 'failed', attempts: 1 });
    expect(wrong.failures[0]).toMatchObject({ file: failing, line: 15 });
    expect(wrong.failures[0].diff).toContain('+actual output');

    const xml = await readFile(`${out}/deep/r.xml`, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    const suites = [doc.testsuites.testsuite].flat();
    expect(suites).toHaveLength(2);
    const suite = suites.find((s: { file: string }) => s.file === failing);
    expect(suite).toMatchObject({ failures: '1', skipped: '1', tests: '4' });
    const wrongCase = [suite.testcase].flat().find((c: { name: string }) => c.name === 'wrong');
    expect(wrongCase.line).toBe('11');
    expect(wrongCase.failure['#text']).toContain(`${failing}:15`);
    const specialSuite = suites.find((s: { file: string }) => s.file === special);
    const weird = [specialSuite.testcase].flat()[0];
    expect(weird.failure['#text']).toContain('<&"\'>');
    expect(xml).not.toContain('\u001b');

    const tap = await readFile(`${out}/r.tap`, 'utf8');
    const lines = tap.split('\n');
    expect(lines[0]).toBe('TAP version 14');
    expect(lines[1]).toBe('1..2');
    expect(tap).toContain(`# Subtest: ${path.basename(failing, '.md')}`);
    expect(tap).toMatch(/^ {4}not ok 2 - wrong$/m);
    expect(tap).toMatch(/^ {4}ok 3 - never-reached # SKIP not run: step `wrong` failed$/m);
    const block = tap.slice(tap.indexOf('    not ok 2 - wrong'));
    const yamlText = block.slice(block.indexOf('---') + 4, block.indexOf('      ...')).split('\n').map((l) => l.slice(6)).join('\n');
    expect(parseYaml(yamlText)).toMatchObject({ at: `${failing}:11:1` });
    expect(run.stdout).toContain('✗ wrong');
  });

  it('prints GitHub annotations with escaped data', async () => {
    const run = await lab(['run', '--live', '--trust', special, '--reporter', 'github']);
    const line = run.stdout.split('\n').find((l) => l.startsWith('::error '))!;
    expect(line).toMatch(/^::error file=test\/samples\/report\/special\.md,line=\d+,col=1,title=special › weird-output::/);
    expect(line).toContain('%0A');
    expect(line).not.toContain('\n');
  });

  it('pretty output has no ANSI codes with NO_COLOR and has them with FORCE_COLOR', async () => {
    const plain = await lab(['run', '--live', '--trust', special]);
    expect(plain.stdout).not.toContain('\u001b[');
    const coloured = await lab(['run', '--live', '--trust', special], { env: { FORCE_COLOR: '1', CI: 'true' } });
    expect(coloured.stdout).toContain('\u001b[31m');
  });

  it('rejects an unknown reporter and two reporters on stdout with exit 2', async () => {
    const unknown = await lab(['run', failing, '--reporter', 'xml']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown reporter `xml`');
    const two = await lab(['run', failing, '--reporter', 'json', '--reporter', 'tap']);
    expect(two.code).toBe(2);
  });
});

describe('--shard', () => {
  it('puts every lab in exactly one shard', async () => {
    const ids = async (shard: string) => {
      const run = await lab(['list', '--json']);
      expect(run.code).toBe(0);
      const listed = JSON.parse(run.stdout).map((l: { id: string }) => l.id);
      const res = await lab(['run', 'labs', '--shard', shard, '--reporter', 'json']);
      return { listed, got: JSON.parse(res.stdout).labs.map((l: { id: string }) => l.id) as string[] };
    };
    const one = await ids('1/3');
    const two = await ids('2/3');
    const three = await ids('3/3');
    const all = [...one.got, ...two.got, ...three.got].sort();
    expect(all).toEqual([...one.listed].sort());
    expect(new Set(all).size).toBe(all.length);
    const bad = await lab(['run', 'labs', '--shard', '4/3']);
    expect(bad.code).toBe(2);
  });
});

describe('a report file that cannot be written', () => {
  it('still gives the other reporters the whole run, then fails the run with exit 2 naming the path', async () => {
    const blocker = path.join(work, 'not-a-dir');
    await import('node:fs/promises').then((fs) => fs.writeFile(blocker, 'a file where a folder should be'));
    const run = await lab(['run', '--live', '--trust', special, '--reporter', `junit:${blocker}/r.xml`, '--reporter', `json:${out}/still.json`]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/not-a-dir/);
    const json = JSON.parse(await readFile(`${out}/still.json`, 'utf8'));
    expect(json.labs[0].id).toBe('special');
  });
});
