// One step in its own process group: streams and bounds its output, enforces timeout / for= /
// Ctrl-C by signalling the whole group with escalation, and returns the outcome with the state dump.
import type { ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { BoundedOutput } from './output-buffer.js';
import { groupAlive, signalGroup, waitGroupGone, type StopSignal } from './process-group.js';
import type { AttemptResult } from './result.js';
import { STATE_FD } from './shell-prelude.js';
import { StateCollector, launchBash, settlePipes } from './shell-spawn.js';
import type { ShellState } from './shell-state.js';

export interface OutputEvent {
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface StepLaunch {
  bashPath: string;
  script: string;
  prelude: string;
  env: Record<string, string>;
  cwd: string;
  stdin?: string;
  timeoutMs?: number;
  forMs?: number;
  graceMs: number;
  outputCapBytes: number;
  signal?: AbortSignal;
  onOutput?: (chunk: OutputEvent) => void;
}

export interface StepOutcome {
  attempt: AttemptResult;
  /** Undefined when bash died without dumping its state (SIGKILL, `exec`, a replaced EXIT trap). */
  state: ShellState | undefined;
  /** The step's group still has processes (daemons it left running): close() must stop them. */
  leftoverGroup?: number;
}

type StopReason = 'timedOut' | 'stoppedAfterFor' | 'interrupted';

/** Ctrl-C first for for= and interrupts (what a learner would press), SIGTERM first for timeouts. */
const ESCALATION: Record<StopReason, StopSignal[]> = {
  timedOut: ['SIGTERM', 'SIGKILL'],
  stoppedAfterFor: ['SIGINT', 'SIGTERM', 'SIGKILL'],
  interrupted: ['SIGINT', 'SIGTERM', 'SIGKILL'],
};

export async function runStepProcess(launch: StepLaunch): Promise<StepOutcome> {
  const started = performance.now();
  if (launch.signal?.aborted) {
    return { attempt: { stdout: '', stderr: '', exitCode: null, durationMs: 0, interrupted: true }, state: undefined };
  }
  const child = await launchBash({
    bashPath: launch.bashPath,
    script: launch.script,
    prelude: launch.prelude,
    env: launch.env,
    cwd: launch.cwd,
    stdio: [launch.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    detached: true,
  });
  const pgid = child.pid!;
  feedStdin(child, launch.stdin);
  const stdout = captureStream(child.stdout!, 'stdout', launch);
  const stderr = captureStream(child.stderr!, 'stderr', launch);
  const stateCollector = new StateCollector(child.stdio[STATE_FD] as Readable);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );

  let stopReason: StopReason | undefined;
  let stopping: Promise<void> | undefined;
  let running = true;
  const stop = (reason: StopReason) => {
    if (stopReason || !running) return;
    stopReason = reason;
    stopping = escalate(pgid, ESCALATION[reason], launch.graceMs);
  };
  const timers: NodeJS.Timeout[] = [];
  if (launch.timeoutMs !== undefined) timers.push(setTimeout(() => stop('timedOut'), launch.timeoutMs));
  if (launch.forMs !== undefined) timers.push(setTimeout(() => stop('stoppedAfterFor'), launch.forMs));
  const onAbort = () => stop('interrupted');
  launch.signal?.addEventListener('abort', onAbort, { once: true });

  const exit = await exited;
  running = false;
  const durationMs = Math.round(performance.now() - started);
  for (const timer of timers) clearTimeout(timer);
  launch.signal?.removeEventListener('abort', onAbort);
  await settlePipes([child.stdout!, child.stderr!, child.stdio[STATE_FD] as Readable], stateCollector);
  if (stopping) await stopping;
  stdout.flush();
  stderr.flush();

  const attempt: AttemptResult = {
    stdout: stdout.buffer.text(),
    stderr: stderr.buffer.text(),
    exitCode: exit.code,
    durationMs,
  };
  if (exit.signal) attempt.signal = exit.signal;
  if (stopReason) attempt[stopReason] = true;
  if (stopReason === 'timedOut') attempt.timeoutMs = launch.timeoutMs;
  const outcome: StepOutcome = { attempt, state: stateCollector.state() };
  if (!stopReason && groupAlive(pgid)) outcome.leftoverGroup = pgid;
  return outcome;
}

/** Signals the group, waiting `graceMs` between signals, until nothing of it remains. */
async function escalate(pgid: number, signals: StopSignal[], graceMs: number): Promise<void> {
  for (const signal of signals) {
    if (!signalGroup(pgid, signal)) return;
    const last = signal === 'SIGKILL';
    if (await waitGroupGone(pgid, last ? 5_000 : graceMs)) return;
  }
}

function feedStdin(child: ChildProcess, text: string | undefined): void {
  if (text === undefined) return;
  const stdin = child.stdin as Writable;
  // A script that never reads its stdin closes it by exiting: EPIPE is expected then.
  stdin.on('error', () => {});
  stdin.end(text);
}

function captureStream(stream: Readable, name: 'stdout' | 'stderr', launch: StepLaunch) {
  const buffer = new BoundedOutput(launch.outputCapBytes);
  // A decoder per stream: a multi-byte character split across chunks is emitted whole.
  const decoder = launch.onOutput ? new StringDecoder('utf8') : undefined;
  stream.on('data', (chunk: Buffer) => {
    buffer.append(chunk);
    if (decoder) {
      const text = decoder.write(chunk);
      if (text) launch.onOutput!({ stream: name, text });
    }
  });
  return {
    buffer,
    flush() {
      const rest = decoder?.end();
      if (rest) launch.onOutput!({ stream: name, text: rest });
    },
  };
}
