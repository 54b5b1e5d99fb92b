// Where the runner itself is installed: the folder of its package.json, found by walking up from
// this module. The compiled files and the bundle sit at different depths below it, so no fixed
// `../..` would be right for both.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'labrunner';

let found: { root: string; version: string } | undefined;

function locate(): { root: string; version: string } {
  if (found) return found;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const json = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (json.name === PACKAGE_NAME) return (found = { root: dir, version: json.version ?? '0.0.0' });
    } catch {
      // no package.json here: keep walking up
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`the ${PACKAGE_NAME} package.json was not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** The runner's install folder (holds labs/, fixtures/, docs/). */
export function packageRoot(): string {
  return locate().root;
}

/** The runner's version, from its package.json. */
export function runnerVersion(): string {
  return locate().version;
}
