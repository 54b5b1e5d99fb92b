// The watch-mode guard: a bundle older than any runner/ source is stale and is rebuilt before
// tests run (test/helpers/fresh-build.ts, vitest's global setup).
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleIsStale } from '../helpers/fresh-build.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'lab-fresh-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the bundle the CLI tests run', () => {
  it('is stale when missing, or older than a runner/ file (in any folder), and fresh otherwise', () => {
    mkdirSync(path.join(root, 'runner/step'), { recursive: true });
    const source = path.join(root, 'runner/step/runner.ts');
    writeFileSync(source, 'export {};\n');
    expect(bundleIsStale(root)).toBe(true);
    mkdirSync(path.join(root, 'dist/bin'), { recursive: true });
    const bundle = path.join(root, 'dist/bin/main.js');
    writeFileSync(bundle, '');
    utimesSync(source, new Date(1_000_000), new Date(1_000_000));
    utimesSync(bundle, new Date(2_000_000), new Date(2_000_000));
    expect(bundleIsStale(root)).toBe(false);
    utimesSync(source, new Date(3_000_000), new Date(3_000_000)); // the source was edited after the build
    expect(bundleIsStale(root)).toBe(true);
  });

  it('is fresh right now: npm test built it from this source', () => {
    expect(bundleIsStale()).toBe(false);
  });
});
