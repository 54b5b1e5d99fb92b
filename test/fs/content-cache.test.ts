// The content cache of parsed labs, read fixtures and regex verdicts: a hit gives exactly what was
// computed, a changed file or a torn, foreign or planted entry is a miss, a folder others can
// write to is not used, and runs at once (of the real bundle) never see each other's half-written
// entries and print what an uncached run prints.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cachedDerivation, contentCacheWritten, disableContentCache, enableContentCache, persistentMemo } from '../../runner/fs/content-cache.js';
import { loadLab } from '../../runner/lab/load.js';
import { loadFixture } from '../../runner/replay/load.js';
import { lab, ROOT } from '../helpers/cli.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lab-cache-test-'));
});

afterEach(() => {
  disableContentCache();
  rmSync(dir, { recursive: true, force: true });
});

function counting<T>(value: () => T): { derive: () => T; calls: () => number } {
  let calls = 0;
  return { derive: () => (calls++, value()), calls: () => calls };
}

describe('content cache', () => {
  it('gives back exactly what was derived, undefined fields and Maps included, without deriving again', async () => {
    expect(enableContentCache({ directory: path.join(dir, 'cache'), build: 'test' }, {})).toBe(true);
    const value = { a: undefined, b: [1, 'x'], c: new Map([['k', new Set([1])]]) };
    const first = counting(() => value);
    expect(await cachedDerivation('thing', ['f.md'], 'bytes', first.derive)).toBe(value);
    await contentCacheWritten();
    const second = counting(() => ({}));
    const hit = await cachedDerivation('thing', ['f.md'], 'bytes', second.derive);
    expect(second.calls()).toBe(0);
    expect(hit).toStrictEqual(value);
    expect(Object.hasOwn(hit, 'a')).toBe(true);
  });

  it('derives again for changed bytes, another identity or another build, and keeps one slot per file', async () => {
    enableContentCache({ directory: dir, build: 'test' }, {});
    await cachedDerivation('thing', ['f.md'], 'v1', () => 1);
    await contentCacheWritten();
    expect(await cachedDerivation('thing', ['f.md'], 'v2', () => 2)).toBe(2);
    await contentCacheWritten();
    expect(await cachedDerivation('thing', ['f.md'], 'v2', () => 3)).toBe(2);
    expect(await cachedDerivation('thing', ['g.md'], 'v2', () => 4)).toBe(4);
    await contentCacheWritten();
    expect(readdirSync(dir).filter((name) => !name.startsWith('.'))).toHaveLength(2);
    enableContentCache({ directory: dir, build: 'rebuilt' }, {});
    expect(await cachedDerivation('thing', ['f.md'], 'v2', () => 5)).toBe(5);
  });

  it('treats a torn, garbled or foreign entry as a miss and rewrites it', async () => {
    enableContentCache({ directory: dir, build: 'test' }, {});
    await cachedDerivation('thing', ['f.md'], 'bytes', () => ({ good: true }));
    await contentCacheWritten();
    const [slot] = readdirSync(dir).map((name) => path.join(dir, name));
    const whole = readFileSync(slot!);
    for (const broken of [whole.subarray(0, whole.length - 3), Buffer.from('garbage'), Buffer.alloc(0), Buffer.concat([whole.subarray(0, 40), Buffer.from('\x00\xff\x13')])]) {
      writeFileSync(slot!, broken);
      const again = counting(() => ({ good: 'again' }));
      expect(await cachedDerivation('thing', ['f.md'], 'bytes', again.derive)).toEqual({ good: 'again' });
      expect(again.calls()).toBe(1);
      await contentCacheWritten();
      expect(await cachedDerivation('thing', ['f.md'], 'bytes', () => 'not called')).toEqual({ good: 'again' });
    }
  });

  it('is off for LAB_CACHE=off and for a folder others may write to, or a symlink', async () => {
    expect(enableContentCache({ directory: dir, build: 'test' }, { LAB_CACHE: 'off' })).toBe(false);
    chmodSync(dir, 0o777);
    expect(enableContentCache({ directory: dir, build: 'test' }, {})).toBe(false);
    chmodSync(dir, 0o700);
    symlinkSync(dir, path.join(os.tmpdir(), path.basename(dir) + '-link'));
    try {
      expect(enableContentCache({ directory: path.join(os.tmpdir(), path.basename(dir) + '-link'), build: 'test' }, {})).toBe(false);
    } finally {
      rmSync(path.join(os.tmpdir(), path.basename(dir) + '-link'));
    }
    expect(enableContentCache({ directory: dir, build: 'test' }, {})).toBe(true);
    // Outside the bundle (these sources under test) there is no build identity: off.
    expect(enableContentCache({ directory: dir }, {})).toBe(false);
    const derive = counting(() => 1);
    await cachedDerivation('thing', ['f.md'], 'bytes', derive.derive);
    await cachedDerivation('thing', ['f.md'], 'bytes', derive.derive);
    expect(derive.calls()).toBe(2);
    expect(persistentMemo('facts')).toBeUndefined();
  });

  it('gives every bundled lab and fixture back as parsed, and re-parses a changed lab', async () => {
    const cold = [];
    const labsDir = path.join(ROOT, 'labs');
    const files = readdirSync(labsDir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.md')).map((name) => path.join(labsDir, name));
    for (const file of files) cold.push(await loadLab(file, ROOT));
    const fixtureFiles = readdirSync(path.join(ROOT, 'fixtures'), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.yaml')).map((name) => path.join(ROOT, 'fixtures', name));
    const coldFixtures = await Promise.all(fixtureFiles.map((file) => loadFixture(file)));
    enableContentCache({ directory: dir, build: 'test' }, {});
    for (let round = 0; round < 2; round++) {
      for (const [index, file] of files.entries()) expect(await loadLab(file, ROOT)).toStrictEqual(cold[index]);
      for (const [index, file] of fixtureFiles.entries()) expect(await loadFixture(file)).toStrictEqual(coldFixtures[index]);
      await contentCacheWritten();
    }
    expect(readdirSync(dir).length).toBe(files.length + fixtureFiles.length);

    const copy = path.join(dir, 'project', 'labs', 'a.md');
    mkdirSync(path.dirname(copy), { recursive: true });
    writeFileSync(copy, '# First title\n\n```bash\necho one\n```\n');
    expect((await loadLab(copy, dir)).lab.meta.title).toBe('First title');
    await contentCacheWritten();
    writeFileSync(copy, '# Second title\n\n```bash\necho two\n```\n');
    const changed = await loadLab(copy, dir);
    expect(changed.lab.meta.title).toBe('Second title');
    expect(changed.lab.steps[0]!.command).toBe('echo two');
  });

  it('keeps memo facts for the next run of the same build only', async () => {
    enableContentCache({ directory: dir, build: 'test' }, {});
    const memo = persistentMemo<boolean>('facts')!;
    memo.set('k', true);
    expect(memo.get('k')).toBe(true);
    process.emit('beforeExit', 0);
    await contentCacheWritten();
    expect(persistentMemo<boolean>('facts')!.get('k')).toBe(true);
    enableContentCache({ directory: dir, build: 'other' }, {});
    expect(persistentMemo<boolean>('facts')!.get('k')).toBeUndefined();
  });

  it('keeps each build its own memo (two installs sharing the folder), and the most recent builds\' only', async () => {
    const learn = async (build: string, key: string) => {
      enableContentCache({ directory: dir, build }, {});
      persistentMemo<boolean>('facts')!.set(key, true);
      process.emit('beforeExit', 0);
      await contentCacheWritten();
    };
    await learn('a', 'from-a');
    await learn('b', 'from-b');
    enableContentCache({ directory: dir, build: 'a' }, {});
    expect(persistentMemo<boolean>('facts')!.get('from-a')).toBe(true);
    enableContentCache({ directory: dir, build: 'b' }, {});
    expect(persistentMemo<boolean>('facts')!.get('from-b')).toBe(true);
    for (let build = 0; build < 10; build++) await learn(`build-${build}`, 'k');
    expect(readdirSync(dir).filter((name) => name.startsWith('facts-memo-'))).toHaveLength(8);
    enableContentCache({ directory: dir, build: 'build-9' }, {});
    expect(persistentMemo<boolean>('facts')!.get('k')).toBe(true);
  });
});

describe('content cache of the bundle', () => {
  /** The run's output without its timing line. */
  const untimed = (text: string) => text.replace(/ · [\d.]+m?s$/gm, '');

  it('prints for replay, list and lint exactly what an uncached run prints, also when three replays fill it at once', { timeout: 180_000 }, async () => {
    const env = { LAB_CACHE_DIR: path.join(dir, 'cache') };
    for (const [args, writers] of [[['run', 'labs'], 3], [['list'], 1], [['lint', 'labs'], 1]] as const) {
      const uncached = await lab([...args], { env: { LAB_CACHE: 'off' } });
      const together = await Promise.all(Array.from({ length: writers }, () => lab([...args], { env })));
      const warm = await lab([...args], { env });
      for (const run of [...together, warm]) {
        expect(run.code, args.join(' ')).toBe(uncached.code);
        expect(untimed(run.stdout), args.join(' ')).toBe(untimed(uncached.stdout));
        expect(run.stderr).toBe(uncached.stderr);
      }
    }
    const names = readdirSync(env.LAB_CACHE_DIR);
    expect(names.some((name) => name.startsWith('regex-verdicts'))).toBe(true);
    // Every writer renamed its whole entry into place: no temp file is left.
    expect(names.filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('lints a changed lab anew', async () => {
    const file = path.join(dir, 'project', 'labs', 'cached.md');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '---\ntitle: Cached\n---\n# Cached\n\n```bash id=greet\necho hello\n```\n');
    const env = { LAB_CACHE_DIR: path.join(dir, 'cache') };
    const args = ['lint', 'labs/cached.md', '--no-fixtures'];
    for (let round = 0; round < 2; round++) expect((await lab(args, { cwd: path.dirname(path.dirname(file)), env })).code).toBe(0);
    writeFileSync(file, readFileSync(file, 'utf8').replace('title: Cached', 'titel: Cached'));
    const changed = await lab(args, { cwd: path.dirname(path.dirname(file)), env });
    expect(changed.code).toBe(1);
    expect(changed.stdout + changed.stderr).toContain('labs/cached.md:2:1: error: unknown frontmatter key `titel`');
  });
});
