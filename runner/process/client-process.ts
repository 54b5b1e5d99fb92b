// Runs one client that carries a step's block somewhere else (`ssh` to a host, `kubectl exec` into
// a pod) in its own process group: feeds it the block on stdin, bounds its output, and kills the
// whole group (SIGTERM, then SIGKILL) at the timeout or on abort.
import { spawn } from 'node:child_process';
import type { AttemptResult } from '../model/result.js';
import type { OutputPressure } from '../model/events.js';
import { BoundedOutput, DEFAULT_OUTPUT_CAP_BYTES } from './output-buffer.js';
import { holdBack } from './backpressure.js';
import { signalGroup } from './process-group.js';

export interface ClientProcessOptions {
  timeoutMs: number;
  /**
   * Bytes as read from the pipe (the step runner's output stage decodes them, and past the display
   * cap only counts them). A promise: that stream is not read until it settles (backpressure).
   */
  onOutput?: (chunk: { stream: 'stdout' | 'stderr'; data: Buffer }) => OutputPressure;
  signal?: AbortSignal;
  /** Added to this process's environment (SSH_AUTH_SOCK, KUBECONFIG and friends must survive). */
  env?: Record<string, string>;
  /** Per stream: head and tail kept within this many bytes (default 4 MiB), like a local step. */
  maxOutputBytes?: number;
  /** Between SIGTERM and SIGKILL. */
  killGraceMs?: number;
  /** What to say when the command is not on PATH (default: "<command> not found on PATH"). */
  notFound?: string;
}

export interface ClientProcessResult {
  attempt: AttemptResult;
  /** The client could not be started at all (not on PATH). */
  spawnError?: string;
}

/**
 * The block inside `{ ... } </dev/null`: bash parses a brace group whole before running it, so a
 * command that reads stdin (`cat`, `read`, a password prompt) gets EOF instead of swallowing the
 * rest of the block. The `{` shares the first line, so bash's error line numbers stay the block's.
 */
export function wrapBlock(script: string): string {
  const body = script.endsWith('\n') ? script : `${script}\n`;
  return `{ ${body}} </dev/null\n`;
}

export function runClientProcess(command: string, args: string[], script: string, options: ClientProcessOptions): Promise<ClientProcessResult> {
  const started = Date.now();
  const limit = options.maxOutputBytes ?? DEFAULT_OUTPUT_CAP_BYTES;
  const output = { stdout: new BoundedOutput(limit), stderr: new BoundedOutput(limit) };
  const child = spawn(command, args, {
    detached: true, // its own process group: a ProxyCommand or an exec plugin and their children die with it
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  let timedOut = false;
  let interrupted = false;
  let killTimer: NodeJS.Timeout | undefined;

  const terminate = () => {
    child.pid !== undefined && signalGroup(child.pid, 'SIGTERM');
    killTimer ??= setTimeout(() => child.pid !== undefined && signalGroup(child.pid, 'SIGKILL'), options.killGraceMs ?? 2_000);
  };
  const timeoutTimer = setTimeout(() => {
    timedOut = true;
    terminate();
  }, options.timeoutMs);
  const onAbort = () => {
    interrupted = true;
    terminate();
  };
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream].on('data', (chunk: Buffer) => {
      output[stream].append(chunk);
      holdBack(child[stream], options.onOutput?.({ stream, data: chunk }));
    });
  }
  // EPIPE when the client exits before reading the whole block (refused connection): its exit tells the story.
  child.stdin.on('error', () => {});
  child.stdin.end(wrapBlock(script));

  return new Promise((resolve) => {
    let spawnError: string | undefined;
    child.once('error', (error: NodeJS.ErrnoException) => {
      spawnError = error.code === 'ENOENT' ? options.notFound ?? `${command} not found on PATH` : `could not start ${command}: ${error.message}`;
    });
    // Whatever the client left in its group (a ProxyCommand) must not outlive the step.
    child.once('exit', () => child.pid !== undefined && signalGroup(child.pid, 'SIGKILL'));
    child.once('close', (exitCode, signal) => {
      clearTimeout(timeoutTimer);
      if (killTimer) clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      const attempt: AttemptResult = {
        stdout: output.stdout.text(),
        stderr: output.stderr.text(),
        exitCode: spawnError ? null : exitCode,
        durationMs: Date.now() - started,
      };
      if (signal) attempt.signal = signal;
      if (timedOut) Object.assign(attempt, { timedOut: true, timeoutMs: options.timeoutMs });
      if (interrupted) attempt.interrupted = true;
      resolve(spawnError ? { attempt, spawnError } : { attempt });
    });
  });
}
