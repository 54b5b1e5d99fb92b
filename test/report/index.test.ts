// The registry: `name` / `name:FILE` specs, atomic file targets, bad input, and fanOut's ordering.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LabError } from '../../runner/errors/index.js';
import { createReporters, fanOut, REPORTER_NAMES } from '../../runner/report/index.js';
import type { Reporter } from '../../runner/report/reporter.js';
import { captureStream, drive, sampleRun } from './build.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lab-report-index-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const env = (stdout = captureStream()) => ({ stdout: stdout.stream, isTTY: false, color: true, cwd: dir });

describe('createReporters', () => {
  it('defaults to pretty on stdout', async () => {
    const out = captureStream();
    const reporters = createReporters([], env(out));
    expect(reporters).toHaveLength(1);
    await drive(fanOut(reporters), sampleRun());
    expect(out.text()).toContain('▶ week1/endpoint-access');
  });

  it('writes FILE targets at the end, creating parent folders, leaving no temp file', async () => {
    const out = captureStream();
    await writeFile(path.join(dir, 'old.json'), 'stale content');
    const reporters = createReporters(['json:old.json', 'junit:reports/deep/junit.xml', 'tap:out.tap', 'pretty:pretty.log', 'github:gh.txt', 'pretty'], env(out));
    const fanned = fanOut(reporters);
    const runs = sampleRun();
    fanned.onRunStart?.({ mode: 'live', labs: runs.map((r) => r.lab), startedAt: new Date() });
    fanned.onLabStart?.(runs[0]!.lab, 'live');
    expect((await readdir(dir)).sort()).toEqual(['old.json']);
    expect(await readFile(path.join(dir, 'old.json'), 'utf8')).toBe('stale content');
    await drive(fanned, runs);

    expect((await readdir(dir)).sort()).toEqual(['gh.txt', 'old.json', 'out.tap', 'pretty.log', 'reports']);
    expect(await readdir(path.join(dir, 'reports/deep'))).toEqual(['junit.xml']);
    expect(JSON.parse(await readFile(path.join(dir, 'old.json'), 'utf8')).summary.labs).toBe(2);
    expect(await readFile(path.join(dir, 'reports/deep/junit.xml'), 'utf8')).toMatch(/^<\?xml/);
    expect(await readFile(path.join(dir, 'out.tap'), 'utf8')).toMatch(/^TAP version 14\n/);
    expect((await readFile(path.join(dir, 'gh.txt'), 'utf8')).split('\n').filter(Boolean)).toHaveLength(2);
    const log = await readFile(path.join(dir, 'pretty.log'), 'utf8');
    expect(log).toContain('  ✗ wait-update  attempt 40/40');
    expect(log).not.toContain('\u001b'); // a file never gets colour, even when the terminal has it
    expect(out.text()).toContain('\u001b[32m✓\u001b[0m describe-cluster');
  });

  it('rejects an unknown name with BAD_INPUT naming the valid ones', () => {
    const error = (() => {
      try {
        createReporters(['pretty', 'xml:out.xml'], env());
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(LabError);
    expect((error as LabError).code).toBe('BAD_INPUT');
    for (const name of REPORTER_NAMES) expect((error as LabError).message).toContain(name);
    expect(() => createReporters(['toString'], env())).toThrow(/unknown reporter `toString`/);
    expect(() => createReporters(['json:'], env())).toThrow(/names no file/);
  });

  it('lets line reporters share stdout but keeps a document alone there', () => {
    expect(createReporters(['pretty', 'github'], env())).toHaveLength(2);
    expect(() => createReporters(['json', 'tap'], env())).toThrow(LabError);
    expect(() => createReporters(['pretty', 'junit'], env())).toThrow(/alone/);
    expect(createReporters(['junit', 'pretty:run.log'], env())).toHaveLength(2);
  });
});

describe('fanOut', () => {
  it('calls every hook of every reporter in order and awaits each onRunEnd before the next', async () => {
    const calls: string[] = [];
    const recorder = (name: string, delayMs: number): Reporter => ({
      onRunStart: () => calls.push(`${name}:run-start`),
      onLabStart: (lab) => calls.push(`${name}:lab-start:${lab.meta.id}`),
      onStepStart: (_lab, step) => calls.push(`${name}:step-start:${step.id}`),
      onStepEnd: (_lab, step, result) => calls.push(`${name}:step-end:${step.id}:${result.status}`),
      onLabEnd: (lab) => calls.push(`${name}:lab-end:${lab.meta.id}`),
      onRunEnd: async () => {
        calls.push(`${name}:run-end-begin`);
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        calls.push(`${name}:run-end-done`);
      },
    });
    const partial: Reporter = { onStepEnd: (_lab, step) => calls.push(`partial:step-end:${step.id}`) };
    await drive(fanOut([recorder('a', 30), partial, recorder('b', 0)]), sampleRun().slice(1));
    expect(calls).toEqual([
      'a:run-start', 'b:run-start',
      'a:lab-start:week1/control-plane', 'b:lab-start:week1/control-plane',
      'a:step-start:get-nodes', 'b:step-start:get-nodes',
      'a:step-end:get-nodes:passed', 'partial:step-end:get-nodes', 'b:step-end:get-nodes:passed',
      'a:lab-end:week1/control-plane', 'b:lab-end:week1/control-plane',
      'a:run-end-begin', 'a:run-end-done', 'b:run-end-begin', 'b:run-end-done',
    ]);
  });
});
