// The project a lab belongs to, and whether a path stays inside it. The project root is the
// nearest folder at or above a lab holding a package.json or a labs/ folder; a lab with neither
// above it is its own project (its folder is the root). A path stays inside when it does both as
// written (no absolute path, no `..` climbing out) and once symbolic links are followed.
import { existsSync, lstatSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The nearest directory at or above `start` holding a package.json or a labs/ folder. When there is
 * none, `start` itself (or its directory, for a file): a lone lab is its own project.
 */
export function findProjectRoot(start: string): string {
  const absolute = path.resolve(start);
  const first = existsSync(absolute) && !statSync(absolute).isDirectory() ? path.dirname(absolute) : absolute;
  for (let dir = first; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) || isDirectory(path.join(dir, 'labs'))) return dir;
    if (path.dirname(dir) === dir) return first;
  }
}

/** `target` is `root` or below it (lexically; see realpathOfDeepestExisting for links). */
export function isWithin(root: string, target: string, options: { allowRoot?: boolean } = {}): boolean {
  const relative = path.relative(root, target);
  if (relative === '') return options.allowRoot === true;
  return !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * Why `written` (a path from a lab, relative to `base`) would leave the project at `root`, or
 * undefined when it stays inside. Absolute paths, `~`, `..` that climbs out, and symbolic links
 * (even dangling ones) that lead out all count as leaving.
 */
export function escapeFromProject(written: string, base: string, root: string, options: { allowRoot?: boolean } = {}): string | undefined {
  if (written.trim() === '') return 'is empty';
  if (path.isAbsolute(written) || path.win32.isAbsolute(written)) return 'is an absolute path';
  if (/^~/.test(written)) return 'starts at a home folder (`~`)';
  const target = path.resolve(base, written);
  if (!isWithin(root, target, options)) return `escapes the project root ${root}`;
  const realRoot = realpathOfDeepestExisting(root);
  if (!isWithin(realRoot, realpathOfDeepestExisting(target), options)) return 'leads outside the project through a symbolic link';
  return undefined;
}

/** The real path of `target`, following links on the way, for the part that exists (and dangling links). */
export function realpathOfDeepestExisting(target: string, depth = 0): string {
  const missing: string[] = [];
  let existing = target;
  for (let stat = lstatQuiet(existing); !stat; stat = lstatQuiet(existing)) {
    missing.unshift(path.basename(existing));
    const parent = path.dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  try {
    return path.join(realpathSync(existing), ...missing);
  } catch {
    // A dangling symlink: writing through it would create its target, so follow the link text.
    if (depth > 32) return existing;
    try {
      const linked = path.resolve(path.dirname(existing), readlinkSync(existing));
      return realpathOfDeepestExisting(path.join(linked, ...missing), depth + 1);
    } catch {
      return path.join(existing, ...missing);
    }
  }
}

function lstatQuiet(file: string) {
  try {
    return lstatSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined; // ENOTDIR: a file stands where a folder is expected
  }
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    return false;
  }
}
