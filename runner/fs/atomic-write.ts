// Every file lab writes for keeps (fixtures, walk progress, report files, new labs) goes through
// here: a temp file in the same folder, the whole text written and fsynced, renamed over the target,
// then the folder fsynced. A reader, a crash or a SIGKILL at any moment sees the complete old file
// or the complete new one, never a torn one. A failure is a WRITE_FAILED LabError naming the file.
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, rename, rm, stat, unlink, type FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';
import path from 'node:path';
import { LabError } from '../errors/index.js';

export interface AtomicWriteOptions {
  /** Permission bits of a new file (an existing file keeps its own). Default 0o644, less the umask. */
  mode?: number;
  /** Permission bits of folders created on the way. */
  directoryMode?: number;
  /** false: fail with EEXIST rather than replace an existing file (`lab new`). */
  overwrite?: boolean;
  /** What the file is, for the error: "fixture", "walk progress", "report". */
  what?: string;
  /** Shown instead of the absolute path in the error (e.g. relative to the working directory). */
  displayPath?: string;
}

/**
 * A write past RLIMIT_FSIZE fails with EFBIG and also raises SIGXFSZ. Node ignores that signal,
 * but signal-exit (loaded by inquirer and execa) listens for it and, when it is the only listener,
 * re-raises it with the default action: the walk would die (exit 153) instead of reporting the
 * failed write. A listener of our own keeps it an error.
 */
process.on('SIGXFSZ', () => {});

/** Leftover temp files look like `.NAME.PID.HEX.tmp`: hidden, and never the name any reader opens. */
const TEMP_SUFFIX = '.tmp';

export function tempPathFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
}

export async function writeFileAtomic(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const target = path.resolve(file);
  const temp = tempPathFor(target);
  let handle: FileHandle | undefined;
  let renamed = false;
  try {
    handle = await openTemp(target, temp, options);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await publish(temp, target, options);
    renamed = true;
  } catch (error) {
    await handle?.close().catch(() => undefined);
    if (!renamed) await rm(temp, { force: true }).catch(() => undefined);
    throw writeError(target, error, options);
  }
  await syncDirectory(path.dirname(target));
}

/** A file written as it goes (a report that streams) yet replaced atomically, at `commit()`. */
export interface AtomicFileStream {
  /** Writes go to the temp file; write() returns false while the disk has not taken the last ones. */
  readonly stream: Writable;
  /** Ends the stream, fsyncs it and renames it over the target; a failure on the way is WRITE_FAILED. */
  commit(): Promise<void>;
}

/**
 * The streaming form of writeFileAtomic: the temp file is opened before the first write, each
 * write goes straight to it (nothing is held in memory past the stream's buffer), and only
 * `commit()` puts it in place. Until then, and if anything fails, readers see the previous file.
 */
export function openAtomicStream(file: string, options: AtomicWriteOptions = {}): AtomicFileStream {
  const target = path.resolve(file);
  const temp = tempPathFor(target);
  let handle: FileHandle | undefined;
  let failure: unknown;
  const stream = new Writable({
    highWaterMark: 1024 * 1024,
    construct: (callback) => void openTemp(target, temp, options).then((opened) => ((handle = opened), callback()), callback),
    write: (chunk: Buffer, _encoding, callback) => void handle!.writeFile(chunk).then(() => callback(), callback),
    final: (callback) => void handle!.sync().then(() => callback(), callback),
    destroy: (error, callback) => void (handle?.close() ?? Promise.resolve()).then(() => callback(error), () => callback(error)),
  });
  // A failed write ends the stream (writers waiting on 'drain' are let go by its 'close'); commit() reports it.
  stream.on('error', (error) => (failure ??= error));
  return {
    stream,
    async commit() {
      if (!stream.destroyed) await new Promise<void>((resolve) => stream.end(resolve));
      if (!stream.closed) await new Promise((resolve) => stream.once('close', resolve));
      try {
        if (failure) throw failure;
        await publish(temp, target, options);
      } catch (error) {
        await rm(temp, { force: true }).catch(() => undefined);
        throw writeError(target, error, options);
      }
      await syncDirectory(path.dirname(target));
    },
  };
}

/** The folder made, dead temp files removed, the temp file created (`wx`) with the target's mode. */
async function openTemp(target: string, temp: string, options: AtomicWriteOptions): Promise<FileHandle> {
  await mkdir(path.dirname(target), { recursive: true, ...(options.directoryMode === undefined ? {} : { mode: options.directoryMode }) });
  await removeDeadTemps(target);
  const existing = await stat(target).catch(() => undefined);
  if (existing && options.overwrite === false) throw Object.assign(new Error(`${target} exists`), { code: 'EEXIST' });
  const mode = existing ? existing.mode & 0o777 : (options.mode ?? 0o644);
  return open(temp, 'wx', mode);
}

/** The complete temp file put in place: renamed over the target, or linked when it must not overwrite. */
async function publish(temp: string, target: string, options: AtomicWriteOptions): Promise<void> {
  if (options.overwrite === false) {
    await link(temp, target); // fails with EEXIST if someone created it meanwhile
    await unlink(temp);
  } else {
    await rename(temp, target);
  }
}

/** Makes the rename itself durable; some file systems refuse to fsync a folder, which is fine. */
async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r').catch(() => undefined);
  await handle?.sync().catch(() => undefined);
  await handle?.close().catch(() => undefined);
}

/** Temp files of this target left by a writer that was killed (its pid is gone) are removed. */
async function removeDeadTemps(target: string): Promise<void> {
  const base = `.${path.basename(target)}.`;
  const names = await readdir(path.dirname(target)).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(base) || !name.endsWith(TEMP_SUFFIX)) continue;
    const match = /^(\d+)\.[0-9a-f]+$/.exec(name.slice(base.length, -TEMP_SUFFIX.length));
    if (!match || processExists(Number(match[1]))) continue;
    await rm(path.join(path.dirname(target), name), { force: true }).catch(() => undefined);
  }
}

function processExists(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const REASONS: Record<string, { why: string; hint: string }> = {
  ENOSPC: { why: 'the disk is full', hint: 'free some disk space, then run the command again' },
  EDQUOT: { why: 'the disk quota is used up', hint: 'free some space within your quota, then run the command again' },
  EFBIG: { why: 'the file is larger than this process may write (file size limit)', hint: 'raise the limit (`ulimit -f unlimited`) or free disk space, then run the command again' },
  EACCES: { why: 'permission denied', hint: 'make the folder writable for you (or run from a copy you own), then run the command again' },
  EPERM: { why: 'operation not permitted', hint: 'make the folder writable for you (or run from a copy you own), then run the command again' },
  EROFS: { why: 'the file system is read-only', hint: 'write somewhere writable: run from a writable copy, or set XDG_STATE_HOME for walk progress' },
  ENOTDIR: { why: 'a part of the path is a file, not a folder', hint: 'remove or rename the file that stands where a folder should be' },
  EISDIR: { why: 'a folder stands where the file should be', hint: 'remove or rename that folder' },
  EEXIST: { why: 'it already exists', hint: 'pick another name; this never overwrites' },
};

function writeError(target: string, error: unknown, options: AtomicWriteOptions): LabError {
  const code = (error as NodeJS.ErrnoException)?.code ?? '';
  const reason = REASONS[code];
  const what = options.what ?? 'file';
  const shown = options.displayPath ?? target;
  const why = reason ? `${reason.why} (${code})` : (code || (error as Error)?.message || String(error));
  const unchanged = options.overwrite === false ? 'nothing was written' : 'the previous file, if any, is unchanged';
  return new LabError('WRITE_FAILED', `cannot write ${what} ${shown}: ${why}; ${unchanged}`, {
    hint: reason?.hint ?? 'check that the folder exists and is writable, then run the command again',
    cause: error,
  });
}
