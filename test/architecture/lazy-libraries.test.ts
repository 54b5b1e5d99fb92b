// yaml and re2js are loaded on first use (lab/yaml-data.ts, expect/match-regex.ts), not when a
// module that may need them is imported: a list or a replay whose files stay on the fast path
// never loads them. Observed in the unbundled build (dist/cli/main.js, what tsc wrote), where a
// library is a module Node loads: a preload records every module loaded, CommonJS (require.cache)
// and ESM (a loader hook), and the command's own output says it still did its work.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'lab-lazy-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const hooks = path.join(tmp, 'hooks.mjs');
writeFileSync(hooks, `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  appendFileSync(process.env.LAB_TEST_LOADED, url + '\\n');
  return next(url, context);
}
`);
const preload = path.join(tmp, 'preload.mjs');
writeFileSync(preload, `import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
register(${JSON.stringify(pathToFileURL(hooks).href)});
const require = createRequire(import.meta.url);
process.on('exit', () => appendFileSync(process.env.LAB_TEST_LOADED, Object.keys(require.cache).join('\\n') + '\\n'));
`);

let runs = 0;
/** Runs the unbundled CLI; which of yaml and re2js it loaded, its exit code and output. */
function labUnbundled(args: string[], cwd: string) {
  const log = path.join(tmp, `loaded-${++runs}.txt`);
  const result = spawnSync(process.execPath, ['--import', pathToFileURL(preload).href, path.join(ROOT, 'dist/cli/main.js'), ...args], {
    cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1', CI: 'true', LAB_CACHE: 'off', LAB_TEST_LOADED: log },
  });
  const loaded = readFileSync(log, 'utf8');
  const libraries = ['yaml', 're2js'].filter((name) => loaded.includes(`/node_modules/${name}/`));
  return { code: result.status, stdout: result.stdout, libraries };
}

describe('libraries loaded on demand', () => {
  it('lab list loads neither yaml nor re2js; a replay of the bundled labs does not load yaml', () => {
    const list = labUnbundled(['list'], ROOT);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('week1/deploy-cluster');
    expect(list.libraries).toEqual([]);
    const replay = labUnbundled(['run', 'labs', '--reporter', 'json'], ROOT);
    expect(replay.code).toBe(0);
    expect(JSON.parse(replay.stdout).labs.length).toBeGreaterThan(3);
    expect(replay.libraries).not.toContain('yaml');
  }, 60_000);

  it('loads them when a file needs them, and uses them as before', () => {
    const project = path.join(tmp, 'project');
    mkdirSync(path.join(project, 'labs'), { recursive: true });
    // An anchor is outside the plain subset: the frontmatter is read as a yaml document.
    writeFileSync(path.join(project, 'labs/anchored.md'), [
      '---', 'title: &name Anchored lab', 'description: *name', '---', '', '# Anchored', '',
      '```bash', 'echo hello', '```', '', '```expect regex', '^hel+o$', '```', '',
    ].join('\n'));
    const list = labUnbundled(['list'], project);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('Anchored lab');
    expect(list.libraries).toEqual(['yaml']);
    const lint = labUnbundled(['lint', '--no-fixtures', 'labs'], project);
    expect(lint.code).toBe(0);
    expect(lint.libraries).toEqual(['yaml', 're2js']);
  }, 60_000);
});
