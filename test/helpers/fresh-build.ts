// Vitest global setup: the CLI tests run the bundle in dist/bin, so it must be built from the
// source as it is now, also in watch mode (`npm run test:watch`), where it is rebuilt before every
// rerun whose runner/ source is newer than the bundle. `npm test` has just built it: nothing to do.
// The bundle's content cache (replay, list, lint) goes to a folder of this test run, never the
// user's own ~/.cache, and is removed at the end.
import { execa } from 'execa';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { CLI, ROOT } from './cli.js';

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Whether the bundle (dist/bin/main.js) of the project at `root` is older than some file of its runner/, or missing. */
export function bundleIsStale(root = ROOT): boolean {
  const bundle = path.join(root, path.relative(ROOT, CLI));
  return !existsSync(bundle) || statSync(bundle).mtimeMs < newestSource(path.join(root, 'runner'));
}

async function buildIfStale(): Promise<void> {
  if (!bundleIsStale()) return;
  const result = await execa('npm', ['run', 'build', '--silent'], { cwd: ROOT, reject: false, all: true });
  if (result.exitCode !== 0) throw new Error(`the bundle the CLI tests run did not build:\n${result.all}`);
}

export default async function setup(project: TestProject): Promise<() => void> {
  await buildIfStale();
  project.onTestsRerun(buildIfStale);
  const cache = mkdtempSync(path.join(os.tmpdir(), 'lab-test-cache-'));
  process.env.LAB_CACHE_DIR ??= cache;
  return () => rmSync(cache, { recursive: true, force: true });
}
