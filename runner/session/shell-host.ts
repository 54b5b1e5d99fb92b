// The session host process: spawns the long-lived bash of shell-host-script.ts, sends it one
// step at a time, and turns what comes back (output up to the sentinels, the state dump, the
// step's process group and exit status) into a StepOutcome. Timeouts, for= and Ctrl-C signal
// the step's group only; the host and the state it holds survive them.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import { LabError } from '../errors/index.js';
import { groupAlive } from './process-group.js';
import type { AttemptResult } from './result.js';
import { SentinelStream } from './sentinel-stream.js';
import { HOST_CONTROL_FD, HOST_REQUEST_FD, HOST_SCRIPT, HOST_STATE_FD } from './shell-host-script.js';
import { parseStateDump } from './shell-state.js';
import { ESCALATION, escalate, streamCapture, type OutputEvent, type StepOutcome, type StopReason } from './shell-step.js';

export interface HostLaunch {
  bashPath: string;
  env: Record<string, string>;
  cwd: string;
}

export interface HostStepRequest {
  /** Evaluated by the host before forking the step (see host-sync.ts). */
  setup: string;
  script: string;
  /** The options the step starts with: its dump repeats them only if it changed them. */
  options: string;
  timeoutMs?: number;
  forMs?: number;
  graceMs: number;
  outputCapBytes: number;
  signal?: AbortSignal;
  onOutput?: (chunk: OutputEvent) => void;
}

interface Control {
  pid: Promise<number>;
  /** Undefined when the host died before reporting. */
  exit: Promise<{ status: number; groupLeft: boolean } | undefined>;
}

export class ShellHost {
  private readonly stdout: SentinelStream;
  private readonly stderr: SentinelStream;
  private readonly state: SentinelStream;
  private readonly exited: Promise<void>;
  private dead = false;
  private controlBuffer = '';
  private controlWaiters: { kind: 'P' | 'X'; resolve: (fields: string | undefined) => void }[] = [];

  private constructor(
    private readonly child: ChildProcess,
    sentinel: Buffer,
  ) {
    this.stdout = this.split(child.stdout!, sentinel);
    this.stderr = this.split(child.stderr!, sentinel);
    this.state = this.split(pipe(child, HOST_STATE_FD), sentinel);
    const control = pipe(child, HOST_CONTROL_FD);
    control.on('error', () => {});
    control.on('data', (chunk: Buffer) => this.onControl(chunk.toString('latin1')));
    (child.stdio[HOST_REQUEST_FD] as Writable).on('error', () => {});
    this.exited = new Promise((resolve) =>
      child.once('exit', () => {
        this.dead = true;
        // Whatever was pending will never come: complete it with what arrived.
        for (const stream of [this.stdout, this.stderr, this.state]) stream.close();
        for (const waiter of this.controlWaiters.splice(0)) waiter.resolve(undefined);
        resolve();
      }),
    );
  }

  static start(launch: HostLaunch): Promise<ShellHost> {
    // The sentinel ends every step's output: random, so no output can contain it by chance.
    const sentinel = `\x1e\x1fLAB-${randomBytes(12).toString('hex')}\x1f\x1e`;
    // --norc: Debian's bash reads ~/.bashrc when stdin is a socket; the session has its own state.
    const child = spawn(launch.bashPath, ['--norc', '--noprofile', '-c', HOST_SCRIPT, 'bash', sentinel], {
      cwd: existingDirectory(launch.cwd) ?? '/',
      env: launch.env,
      // Its own process group and session: no terminal signals; steps get groups of their own.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe', 'pipe'],
    });
    return new Promise((resolve, reject) => {
      child.once('error', (error) => reject(new LabError('INTERNAL', `could not start ${launch.bashPath}: ${error.message}`, { cause: error })));
      child.once('spawn', () => resolve(new ShellHost(child, Buffer.from(sentinel, 'latin1'))));
    });
  }

  get alive(): boolean {
    return !this.dead;
  }

  get pid(): number {
    return this.child.pid!;
  }

  async run(request: HostStepRequest): Promise<StepOutcome> {
    const started = performance.now();
    if (request.signal?.aborted) {
      return { attempt: { stdout: '', stderr: '', exitCode: null, durationMs: 0, interrupted: true }, state: undefined };
    }
    if (this.dead) throw new LabError('INTERNAL', 'the session shell is gone');
    const stdout = streamCapture('stdout', request);
    const stderr = streamCapture('stderr', request);
    const dump: Buffer[] = [];
    const outputs = Promise.all([
      this.stdout.next((chunk) => stdout.append(chunk)),
      this.stderr.next((chunk) => stderr.append(chunk)),
      this.state.next((chunk) => dump.push(Buffer.from(chunk))),
    ]);
    const control = this.expectControl();
    (this.child.stdio[HOST_REQUEST_FD] as Writable).write(`${request.setup}\0${request.script.replaceAll('\0', '')}\0`);

    let stopReason: StopReason | undefined;
    let stopping: Promise<void> | undefined;
    let finished = false;
    const stop = (reason: StopReason) => {
      if (stopReason || finished) return;
      stopReason = reason;
      stopping = control.pid.then((pid) => (pid > 0 ? escalate(pid, ESCALATION[reason], request.graceMs) : undefined));
    };
    const timers: NodeJS.Timeout[] = [];
    if (request.timeoutMs !== undefined) timers.push(setTimeout(() => stop('timedOut'), request.timeoutMs));
    if (request.forMs !== undefined) timers.push(setTimeout(() => stop('stoppedAfterFor'), request.forMs));
    const onAbort = () => stop('interrupted');
    request.signal?.addEventListener('abort', onAbort, { once: true });

    const exit = await control.exit;
    const status = exit?.status;
    finished = true;
    const durationMs = Math.round(performance.now() - started);
    for (const timer of timers) clearTimeout(timer);
    request.signal?.removeEventListener('abort', onAbort);
    await outputs;
    if (stopping) await stopping;
    stdout.flush();
    stderr.flush();

    const state = parseStateDump(Buffer.concat(dump).toString('utf8'), request.options);
    const attempt: AttemptResult = { stdout: stdout.buffer.text(), stderr: stderr.buffer.text(), exitCode: status ?? null, durationMs };
    // A step that left through its EXIT trap reports its own status, even `exit 137`; one that
    // could not (SIGKILL) died of the signal its status encodes.
    if (status === undefined) {
      attempt.signal = 'SIGKILL';
      attempt.stderr += `${attempt.stderr && !attempt.stderr.endsWith('\n') ? '\n' : ''}lab: the session's shell died during this step\n`;
    } else if (!state && status > 128 && signalName(status - 128)) {
      attempt.exitCode = null;
      attempt.signal = signalName(status - 128);
    }
    if (stopReason) attempt[stopReason] = true;
    if (stopReason === 'timedOut') attempt.timeoutMs = request.timeoutMs;
    const outcome: StepOutcome = { attempt, state };
    const pid = await control.pid;
    // The host saw the group still there (kill -0 counts zombies too): confirm before tracking it.
    if (!stopReason && exit?.groupLeft && groupAlive(pid)) outcome.leftoverGroup = pid;
    return outcome;
  }

  /** Ends the host: no more requests, then SIGKILL if it does not leave on its own. */
  async close(): Promise<void> {
    if (this.dead) return;
    (this.child.stdio[HOST_REQUEST_FD] as Writable).end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 2_000);
    await this.exited;
    clearTimeout(timer);
    for (const fd of [1, 2, HOST_STATE_FD, HOST_CONTROL_FD]) pipe(this.child, fd).destroy();
  }

  private split(stream: Readable, sentinel: Buffer): SentinelStream {
    const split = new SentinelStream(sentinel);
    stream.on('error', () => {});
    stream.on('data', (chunk: Buffer) => split.push(chunk));
    return split;
  }

  private expectControl(): Control {
    const wait = (kind: 'P' | 'X') =>
      this.dead ? Promise.resolve(undefined) : new Promise<string | undefined>((resolve) => this.controlWaiters.push({ kind, resolve }));
    return {
      pid: wait('P').then((fields) => Number(fields ?? 0)),
      exit: wait('X').then((fields) => {
        if (fields === undefined) return undefined;
        const [status, left] = fields.split(' ');
        return { status: Number(status), groupLeft: left === '1' };
      }),
    };
  }

  private onControl(text: string): void {
    this.controlBuffer += text;
    let newline: number;
    while ((newline = this.controlBuffer.indexOf('\n')) >= 0) {
      const line = this.controlBuffer.slice(0, newline);
      this.controlBuffer = this.controlBuffer.slice(newline + 1);
      const index = this.controlWaiters.findIndex((waiter) => waiter.kind === line[0]);
      if (index >= 0) this.controlWaiters.splice(index, 1)[0]!.resolve(line.slice(2));
    }
  }
}

/** The child's pipe on `fd` (Node types only the first five). */
function pipe(child: ChildProcess, fd: number): Readable {
  return (child.stdio as unknown as Readable[])[fd]!;
}

function signalName(number: number): NodeJS.Signals | undefined {
  return (Object.entries(osConstants.signals) as [NodeJS.Signals, number][]).find(([, value]) => value === number)?.[0];
}

function existingDirectory(path: string): string | undefined {
  try {
    return statSync(path).isDirectory() ? path : undefined;
  } catch {
    return undefined;
  }
}
