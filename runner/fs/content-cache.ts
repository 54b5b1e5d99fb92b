// A cache of what lab derives from a file's bytes alone (a parsed lab, a read fixture, whether a
// regex matches a recorded output), for the
// commands that execute nothing (replay, list, lint: the CLI enables it for those only). An entry
// is keyed by a hash of the runner's build, what is derived, from which file and the file's bytes,
// so a changed file or a rebuilt runner is simply a miss. One slot per file (a changed file
// replaces its entry, the folder does not grow with every edit), written atomically (a reader sees
// a whole entry or none), read back with v8's structured clone (undefined fields, Maps and Sets
// exactly as computed). A torn, foreign or unreadable entry is a miss and is rewritten. Nothing is
// trusted from it: trust decisions, live runs and records read the files themselves.
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { writeFileAtomic } from './atomic-write.js';

const MAGIC = 'labrunner content cache 1';

interface CacheState {
  directory: string;
  /** The build the entries belong to (see buildIdentity). */
  build: string;
}

let state: CacheState | undefined;

/** Pending writes, so a test (or a caller that wants them on disk) can wait for them. */
const pending = new Set<Promise<void>>();

export interface CacheSettings {
  /** Where the entries go; default `$LAB_CACHE_DIR`, else `$XDG_CACHE_HOME/labrunner`, else `~/.cache/labrunner`. */
  directory?: string;
  /** The build identity; default the bundle's (no cache when lab does not run from its bundle). */
  build?: string;
}

/**
 * Turns the cache on for this process, unless `LAB_CACHE=off`, lab does not run from its bundle,
 * or the folder is not a private folder of this user (another user could plant entries there).
 */
export function enableContentCache(settings: CacheSettings = {}, env: NodeJS.ProcessEnv = process.env): boolean {
  state = undefined;
  if (env.LAB_CACHE === 'off' || env.LAB_CACHE === '0') return false;
  const build = settings.build ?? bundleIdentity();
  if (!build) return false;
  const directory = path.resolve(settings.directory ?? (env.LAB_CACHE_DIR || path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'labrunner')));
  if (!isPrivateFolder(directory)) return false;
  state = { directory, build };
  return true;
}

export function disableContentCache(): void {
  state = undefined;
}

/** Waits for the entries written so far to be on disk (their failures are ignored: it is a cache). */
export async function contentCacheWritten(): Promise<void> {
  await Promise.all([...pending]);
}

/**
 * `derive()`, or what it gave before for the same `kind`, `identity` (the file and whatever else
 * the result depends on) and `content` (the file's bytes). `derive` may throw or reject: nothing
 * is stored. It may be async, so that what derives (a parser and its libraries) is imported only
 * on a miss.
 */
export async function cachedDerivation<T>(kind: string, identity: string[], content: string | Uint8Array, derive: () => T | Promise<T>): Promise<T> {
  if (!state) return derive();
  const slot = path.join(state.directory, `${kind}-${sha1([kind, ...identity].join('\u0000')).slice(0, 24)}`);
  const key = createHash('sha1').update(`${MAGIC}\u0000${state.build}\u0000${kind}\u0000${identity.join('\u0000')}\u0000`).update(content).digest('hex');
  const header = Buffer.from(`${MAGIC}\n${key}\n`);
  const hit = readEntry(slot, header);
  if (hit) return hit.value as T;
  const value = await derive();
  let data: Buffer;
  try {
    data = Buffer.concat([header, v8.serialize({ value })]);
  } catch {
    return value; // something structured clone cannot copy: not cached
  }
  track(writeFileAtomic(slot, data, { mode: 0o600, directoryMode: 0o700, what: 'cache entry' }));
  return value;
}

/** A persistent map of small facts derived from content (keys are hashes), as the cache keeps it. */
export interface PersistentMemo<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
}

/** At most this many facts per memo: the oldest go first. */
const MEMO_ENTRIES = 20_000;
/** Memo files of one kind kept, one per build, the most recently written: two installs sharing the cache keep theirs. */
const MEMO_BUILDS = 8;

/**
 * One file of facts (`kind`) per build, read on first use and written back once when the process
 * is about to exit, if it learned anything. Two runs that learn at once: the last write wins, the
 * other's facts are learnt again next time. A file per build: two builds sharing the folder (two
 * projects' installs) once took turns overwriting one file, so neither kept its facts. Undefined
 * when the cache is off.
 */
export function persistentMemo<V>(kind: string): PersistentMemo<V> | undefined {
  if (!state) return undefined;
  const { directory } = state;
  const slot = path.join(directory, `${kind}-memo-${sha1(state.build).slice(0, 16)}`);
  const header = Buffer.from(`${MAGIC}\n${sha1(`${state.build}\u0000${kind}`)}\n`);
  let map: Map<string, V> | undefined;
  let dirty = false;
  /** This build's file was there: the folder has been pruned for it already (when it was first written). */
  let existed = false;
  const load = (): Map<string, V> => {
    if (map) return map;
    const entry = readEntry(slot, header)?.value;
    existed = entry instanceof Map;
    map = existed ? (entry as Map<string, V>) : new Map();
    return map;
  };
  const flush = () => {
    if (!dirty || !map) return;
    dirty = false;
    const kept = map.size > MEMO_ENTRIES ? new Map([...map].slice(-MEMO_ENTRIES)) : map;
    track(writeFileAtomic(slot, Buffer.concat([header, v8.serialize({ value: kept })]), { mode: 0o600, directoryMode: 0o700, what: 'cache entry' })
      .then(() => {
        // Only a build's first file adds one to the folder (and only then may the shared one of old builds remain).
        if (!existed) pruneMemos(directory, kind, slot);
      }));
  };
  return {
    get: (key) => load().get(key),
    set(key, value) {
      load().set(key, value);
      if (!dirty) process.once('beforeExit', flush);
      dirty = true;
    },
  };
}

/**
 * Removes the memo files of `kind` beyond the MEMO_BUILDS most recently written (other builds'),
 * never `written`, and the one file all builds shared before (`KIND-memo`).
 */
function pruneMemos(directory: string, kind: string, written: string): void {
  rmSync(path.join(directory, `${kind}-memo`), { force: true });
  const others = readdirSync(directory)
    .filter((name) => name.startsWith(`${kind}-memo-`))
    .map((name) => path.join(directory, name))
    .filter((file) => file !== written)
    .map((file) => ({ file, at: statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0 }));
  for (const { file } of others.sort((a, b) => b.at - a.at).slice(MEMO_BUILDS - 1)) rmSync(file, { force: true });
}

function track(write: Promise<void>): void {
  const settled = write.catch(() => undefined);
  pending.add(settled);
  void settled.finally(() => pending.delete(settled));
}

function readEntry(slot: string, header: Buffer): { value: unknown } | undefined {
  try {
    const bytes = readFileSync(slot);
    if (bytes.length <= header.length || !bytes.subarray(0, header.length).equals(header)) return undefined;
    const entry = v8.deserialize(bytes.subarray(header.length)) as { value?: unknown } | null;
    return entry && typeof entry === 'object' && 'value' in entry ? { value: entry.value } : undefined;
  } catch {
    return undefined; // missing, unreadable or torn: a miss
  }
}

/** A folder only this user can write to (or one that does not exist yet: it is created 0700). */
function isPrivateFolder(directory: string): boolean {
  try {
    const stat = lstatSync(directory);
    if (!stat.isDirectory()) return false;
    if ((stat.mode & 0o022) !== 0) return false;
    return typeof process.getuid !== 'function' || stat.uid === process.getuid();
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/**
 * The bundle's identity: its chunk names (esbuild names each by a hash of its content) and the
 * entry file's size and time. Undefined outside the bundle (compiled files or sources under
 * test), where no such cheap identity exists: there the cache stays off.
 */
function bundleIdentity(): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const bin = path.basename(here) === 'chunks' ? path.dirname(here) : here;
  try {
    const main = statSync(path.join(bin, 'main.js'));
    return sha1([process.version, `${main.size}:${main.mtimeMs}`, ...readdirSync(path.join(bin, 'chunks')).sort()].join('\u0000'));
  } catch {
    return undefined;
  }
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}
