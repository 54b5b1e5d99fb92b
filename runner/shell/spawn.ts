// Starting one bash for a step: the bootstrap command line, the script and prelude written on
// fd 3, the state read back from fd 4, and waiting for pipes without ever depending on their EOF.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { LabError } from '../errors/index.js';
import { BOOTSTRAP, INPUT_FD, STATE_FD, inputPayload } from './prelude.js';
import { parseStateDump, type ShellState } from './state.js';
import { MAX_STATE_BYTES, oversizedDump } from './state-limits.js';

export interface BashLaunch {
  bashPath: string;
  script: string;
  prelude: string;
  env: Record<string, string>;
  cwd: string;
  /** stdin, stdout, stderr of the child; fds 3 (input) and 4 (state) are always pipes. */
  stdio: ['pipe' | 'ignore' | 'inherit', 'pipe' | 'inherit', 'pipe' | 'inherit'];
  /** Own process group (and session): killable as a whole, no controlling terminal. */
  detached: boolean;
}

/** Spawns bash and feeds it; resolves once it is running (rejects with a LabError if it cannot start). */
export function launchBash(launch: BashLaunch): Promise<ChildProcess> {
  // --norc: Debian's bash reads ~/.bashrc when stdin is a socket (its "rsh" heuristic), and
  // Node's stdin pipe is one; the session restores its own state instead.
  const child = spawn(launch.bashPath, ['--norc', '--noprofile', '-c', BOOTSTRAP, 'bash'], {
    cwd: existingDirectory(launch.cwd) ?? '/',
    env: launch.env,
    detached: launch.detached,
    stdio: [...launch.stdio, 'pipe', 'pipe'] as StdioOptions,
  });
  const input = child.stdio[INPUT_FD] as Writable;
  // The child may die before reading everything (a prelude `exit`): a broken pipe is not our error.
  input.on('error', () => {});
  (child.stdio[STATE_FD] as Readable).on('error', () => {});
  return new Promise((resolve, reject) => {
    child.once('error', (error) => reject(new LabError('INTERNAL', `could not start ${launch.bashPath}: ${error.message}`, { cause: error })));
    child.once('spawn', () => {
      input.end(inputPayload(launch.script, launch.prelude));
      resolve(child);
    });
  });
}

/**
 * Accumulates the state dump from fd 4; `state()` is defined once a complete dump arrived. Past
 * MAX_STATE_BYTES the rest is dropped unread and `refused()` names the variable being declared
 * there (a tty step exporting 120 MB ran the runner out of memory).
 */
export class StateCollector {
  private readonly chunks: Buffer[] = [];
  private parsed: ShellState | undefined;
  private dirty = false;
  private bytes = 0;
  ended = false;
  /** The dump went past `maxBytes`: only its first `maxBytes` were kept, and there is no state. */
  overflowed = false;

  constructor(stream: Readable, private readonly maxBytes = MAX_STATE_BYTES) {
    stream.on('data', (chunk: Buffer) => {
      if (this.overflowed) return;
      this.bytes += chunk.length;
      if (this.bytes > this.maxBytes) {
        this.chunks.push(Buffer.from(chunk.subarray(0, chunk.length - (this.bytes - this.maxBytes))));
        this.overflowed = true;
        return;
      }
      this.chunks.push(chunk);
      this.dirty = true;
    });
    stream.on('end', () => (this.ended = true));
  }

  /** Why the dump was not taken: it was past its cap (MAX_STATE_BYTES unless given); its first bytes name what filled it. */
  refused(): string | undefined {
    return this.overflowed ? oversizedDump(Buffer.concat(this.chunks).toString('utf8')) : undefined;
  }

  state(): ShellState | undefined {
    if (this.overflowed) return undefined;
    if (this.dirty) {
      this.parsed = parseStateDump(Buffer.concat(this.chunks).toString('utf8'));
      this.dirty = false;
    }
    return this.parsed;
  }
}

/**
 * After bash exited: waits until every pipe reached EOF, or, when a leftover process keeps one
 * open (a daemon inheriting stdout), until no data arrived for `quietMs` and the state is complete.
 * Then destroys the pipes: the runner never waits on a daemon.
 */
export async function settlePipes(pipes: Readable[], state: StateCollector | undefined, options = { quietMs: 60, maxMs: 1_500 }): Promise<void> {
  let lastData = Date.now();
  const open = new Set(pipes.filter((pipe) => !pipe.readableEnded && !pipe.destroyed));
  const onData = () => (lastData = Date.now());
  for (const pipe of open) {
    pipe.on('data', onData);
    pipe.once('close', () => open.delete(pipe));
    pipe.once('end', () => open.delete(pipe));
  }
  const started = Date.now();
  while (open.size > 0) {
    const quiet = Date.now() - lastData >= options.quietMs;
    const stateReady = !state || state.ended || state.state() !== undefined;
    if ((quiet && stateReady) || Date.now() - started >= options.maxMs) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  for (const pipe of pipes) {
    pipe.off('data', onData);
    if (!pipe.readableEnded) pipe.destroy();
  }
}

/** Finds bash once, so a step that empties PATH cannot stop the next one from starting. */
export function findBash(env: NodeJS.ProcessEnv = process.env): string {
  for (const dir of [...(env.PATH ?? '').split(delimiter), '/bin', '/usr/bin', '/usr/local/bin']) {
    if (!dir) continue;
    const candidate = join(dir, 'bash');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  throw new LabError('MISSING_COMMAND', 'bash was not found', { hint: 'install bash (4.4 or newer): live runs execute steps with it' });
}

/** The folder itself if it exists, else undefined (the caller falls back to `/`). */
export function existingDirectory(path: string): string | undefined {
  try {
    return statSync(path).isDirectory() ? path : undefined;
  } catch {
    return undefined;
  }
}
