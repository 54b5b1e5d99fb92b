// The bundle (dist/bin) keeps the parsing libraries in chunks of their own, imported only on a
// content-cache miss (and re2js on a regex-verdict miss): a warm `lab list`, `lab lint labs` or
// `lab run labs` neither reads nor compiles them. (diff is still loaded by lint and replay:
// runner/expect/unified-diff.ts imports it at its top, though a diff is now made only when read.) Observed on the real CLI: Node's ESM loader (NODE_DEBUG=esm) names every module
// it translates, and esbuild names each library module it bundles by its node_modules path, so
// the files loaded say which libraries came with them. A cold run (LAB_CACHE=off) must
// load them: the check can fail.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../helpers/cli.js';

const cache = mkdtempSync(path.join(os.tmpdir(), 'lab-chunks-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

const LIBRARIES = ['yaml', 'zod', 'marked', 're2js', 'diff'];

/** Runs the bundled CLI; which of LIBRARIES the modules it loaded hold, and its exit code. */
function libraryLoads(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1', CI: 'true', LAB_CACHE_DIR: cache, ...env, NODE_DEBUG: 'esm' },
  });
  const files = new Set([...result.stderr.matchAll(/Translating StandardModule (file:\S+)/g)].map((match) => fileURLToPath(match[1]!)));
  const code = [...files].map((file) => readFileSync(file, 'utf8')).join('\n');
  return { code: result.status, modules: files.size, libraries: LIBRARIES.filter((name) => bundles(code, name)) };
}

/**
 * Whether bundled code holds a module of the package: esbuild heads each with a comment naming its
 * path (`// node_modules/yaml/dist/index.js`), and keys a CommonJS one by it (`"node_modules/..."(exports)`).
 */
function bundles(code: string, name: string): boolean {
  return new RegExp(`(//|")[^\\n"]*node_modules/${name}/`).test(code);
}

describe('the bundle loads the parsing libraries only on a cache miss', () => {
  it('a warm list, lint and replay load none of yaml, zod, marked and re2js; list loads no library at all', () => {
    for (const args of [['list'], ['lint', 'labs'], ['run', 'labs']]) expect(libraryLoads(args).code, args.join(' ')).toBe(0); // fills the cache
    const list = libraryLoads(['list']);
    expect(list.code).toBe(0);
    expect(list.modules).toBeGreaterThan(3);
    expect(list.libraries).toEqual([]);
    for (const args of [['lint', 'labs'], ['run', 'labs']]) {
      const warm = libraryLoads(args);
      expect(warm.code, args.join(' ')).toBe(0);
      expect(warm.libraries.filter((name) => name !== 'diff'), args.join(' ')).toEqual([]);
    }
  }, 120_000);

  it('a run that parses loads them', () => {
    const cold = libraryLoads(['list'], { LAB_CACHE: 'off' });
    expect(cold.code).toBe(0);
    expect(cold.libraries).toEqual(expect.arrayContaining(['marked', 'zod']));
    const lint = libraryLoads(['lint', 'labs'], { LAB_CACHE: 'off' });
    expect(lint.code).toBe(0);
    expect(lint.libraries).toEqual(expect.arrayContaining(['marked', 'zod', 're2js']));
  }, 60_000);
});
