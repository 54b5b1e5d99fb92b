import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lab } from '../helpers/cli.js';

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'lab-new-'));
});
afterEach(() => rm(tmp, { recursive: true, force: true }));

describe('lab new', () => {
  it('scaffolds a lab that lints without errors and refuses to overwrite it', async () => {
    const created = await lab(['new', 'week3/my-lab'], { cwd: tmp });
    expect(created.code).toBe(0);
    const file = path.join(tmp, 'labs/week3/my-lab.md');
    const text = await readFile(file, 'utf8');
    expect(text).toContain('title: "My lab"');
    for (const block of ['```expect json', 'retry=', 'for=', 'cleanup', 'exit=1']) expect(text).toContain(block);
    const lint = await lab(['lint', '--no-fixtures', 'labs'], { cwd: tmp });
    expect(lint.stdout).toBe('');
    expect(lint.code).toBe(0);
    const again = await lab(['new', 'week3/my-lab'], { cwd: tmp });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
  });

  it('writes a stamped fixture with it, so the new lab lints clean with fixtures and replays green', async () => {
    const created = await lab(['new', 'week3/my-lab'], { cwd: tmp });
    expect(created.stdout).toContain('created fixtures/week3/my-lab.yaml');
    const fixture = await readFile(path.join(tmp, 'fixtures/week3/my-lab.yaml'), 'utf8');
    expect(fixture).toContain('provenance: synthesized');
    expect(fixture).toContain('Written by hand');
    const lint = await lab(['lint', 'labs'], { cwd: tmp });
    expect(lint.stdout).toBe('');
    expect(lint.code).toBe(0);
    const run = await lab(['run', 'labs', '--reporter', 'json'], { cwd: tmp });
    expect(JSON.parse(run.stdout).labs[0].status).toBe('passed');
    expect(run.code).toBe(0);
  });

  it('runs the scaffold live and it passes', async () => {
    await lab(['new', 'week3/my-lab'], { cwd: tmp });
    const run = await lab(['run', '--live', 'week3/my-lab', '--reporter', 'json'], { cwd: tmp });
    const report = JSON.parse(run.stdout);
    expect(report.labs[0].steps.filter((s: { status: string }) => s.status !== 'passed')).toEqual([]);
    expect(run.code).toBe(0);
  });

  it('rejects names that escape the labs folder', async () => {
    const bad = await lab(['new', '../outside'], { cwd: tmp });
    expect(bad.code).toBe(2);
  });
});

describe('lab list', () => {
  it('groups labs by folder with step counts, in frontmatter order', async () => {
    await mkdir(path.join(tmp, 'labs/week1'), { recursive: true });
    await writeFile(path.join(tmp, 'labs/week1/b.md'), '---\ntitle: Bee\norder: 1\n---\n\n```bash\necho b\n```\n');
    await writeFile(path.join(tmp, 'labs/week1/a.md'), '---\ntitle: Ay\norder: 2\n---\n\n```bash\necho a\n```\n\n```bash\necho a2\n```\n');
    const { code, stdout } = await lab(['list'], { cwd: tmp });
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('week1');
    expect(stdout.indexOf('week1/b')).toBeLessThan(stdout.indexOf('week1/a'));
    expect(stdout).toMatch(/week1\/a\s+Ay\n\s+2 steps · no fixture/);
  });
});
