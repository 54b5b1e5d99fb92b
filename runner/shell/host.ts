// The session host process: spawns the long-lived bash of shell-host-script.ts, sends it one
// step at a time, and turns what comes back (output up to the sentinels, the state dump, the
// step's process group and exit status) into a StepOutcome. Timeouts, for= and Ctrl-C signal
// the step's group only; the host and the state it holds survive them.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants as osConstants } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import { LabError } from '../errors/index.js';
import { holdBack } from '../process/backpressure.js';
import { escalate, groupAlive } from '../process/process-group.js';
import type { AttemptResult } from '../model/result.js';
import type { OutputPressure } from '../model/events.js';
import { SentinelStream } from './sentinel-stream.js';
import { existingDirectory } from './spawn.js';
import { HOST_REQUEST_FD, HOST_SCRIPT, HOST_STATE_FD } from './host-script.js';
import { DumpFile } from './dump-file.js';
import { parseStateDump } from './state.js';
import { MAX_STATE_BYTES, oversizedDump } from './state-limits.js';
import { ESCALATION, streamCapture, type OutputEvent, type StepOutcome, type StopReason } from './step.js';

export interface HostLaunch {
  bashPath: string;
  env: Record<string, string>;
  cwd: string;
}

export interface HostStepRequest {
  /** Evaluated by the host before forking the step (see host-sync.ts). */
  setup: string;
  script: string;
  /** The step cannot change the session's state (state-effects.ts): its subshell skips the dump. */
  cannotChangeState?: boolean;
  /** The options the step starts with and their key: its dump repeats them only if it changed them. */
  options: string;
  optionsKey: string;
  timeoutMs?: number;
  forMs?: number;
  graceMs: number;
  outputCapBytes: number;
  signal?: AbortSignal;
  onOutput?: (chunk: OutputEvent) => OutputPressure;
}

type StreamCapture = ReturnType<typeof streamCapture>;

/** `P\0<pid>\0` opens what a step writes, in the dump file or on the state pipe. */
const PID_RECORD = /^P\0(\d+)\0/;
/** How often a stop asked before the step announced its pid looks for it again (dump file only). */
const PID_POLL_MS = 2;

export class ShellHost {
  private readonly stdout: SentinelStream;
  private readonly stderr: SentinelStream;
  /** The step's pid and dump when there is no dump file; unused with one. */
  private readonly state: SentinelStream;
  private readonly exited: Promise<void>;
  private dead = false;

  private constructor(
    private readonly child: ChildProcess,
    sentinel: Buffer,
    /** Where steps write their pid and state dump; without it they come on the state pipe. */
    private readonly dumpFile: DumpFile | undefined,
  ) {
    this.stdout = this.split(child.stdout!, sentinel);
    this.stderr = this.split(child.stderr!, sentinel, true);
    this.state = this.split(pipe(child, HOST_STATE_FD), sentinel);
    (child.stdio[HOST_REQUEST_FD] as Writable).on('error', () => {});
    this.exited = new Promise((resolve) =>
      child.once('exit', () => {
        this.dead = true;
        this.dumpFile?.close();
        // Whatever was pending will never come: complete it with what arrived.
        for (const stream of [this.stdout, this.stderr, this.state]) stream.close();
        resolve();
      }),
    );
  }

  static start(launch: HostLaunch): Promise<ShellHost> {
    // The sentinel ends every step's output: random, so no output can contain it by chance.
    const sentinel = `\x1e\x1fLAB-${randomBytes(12).toString('hex')}\x1f\x1e`;
    // --norc: Debian's bash reads ~/.bashrc when stdin is a socket; the session has its own state.
    const dumpFile = DumpFile.open();
    const child = spawn(launch.bashPath, ['--norc', '--noprofile', '-c', HOST_SCRIPT, 'bash', sentinel, dumpFile ? '1' : ''], {
      cwd: existingDirectory(launch.cwd) ?? '/',
      env: launch.env,
      // Its own process group and session: no terminal signals; steps get groups of their own.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe', ...(dumpFile ? [dumpFile.fd] : [])],
    });
    return new Promise((resolve, reject) => {
      child.once('error', (error) => {
        dumpFile?.close();
        reject(new LabError('INTERNAL', `could not start ${launch.bashPath}: ${error.message}`, { cause: error }));
      });
      child.once('spawn', () => resolve(new ShellHost(child, Buffer.from(sentinel, 'latin1'), dumpFile)));
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
    const dumpFile = this.dumpFile;
    const stdout = streamCapture('stdout', request);
    const stderr = streamCapture('stderr', request);
    // Without a dump file: the pid and dump as they come on the state pipe, up to MAX_STATE_BYTES.
    const record: Buffer[] = [];
    let recordBytes = 0;
    let pid = 0;
    let onPid: (() => void) | undefined;
    const outputs = Promise.all([
      this.stdout.next((chunk) => stdout.append(chunk)),
      this.stderr.next((chunk) => stderr.append(chunk)),
      dumpFile ? undefined : this.state.next((chunk) => {
        // Past the cap the dump is dropped unread (the sentinel after it is still looked for).
        if (recordBytes > MAX_STATE_BYTES) return;
        recordBytes += chunk.length;
        record.push(Buffer.from(chunk.subarray(0, chunk.length - Math.max(0, recordBytes - MAX_STATE_BYTES - 1))));
        if (pid === 0) {
          const match = PID_RECORD.exec(Buffer.concat(record).toString('latin1'));
          if (match) {
            pid = Number(match[1]);
            onPid?.();
          }
        }
      }),
    ]);
    dumpFile?.reset();
    (this.child.stdio[HOST_REQUEST_FD] as Writable).write(`${request.setup}\0${request.cannotChangeState ? 'S' : 'D'}${request.script.replaceAll('\0', '')}\0`);

    let stopReason: StopReason | undefined;
    let stopping: Promise<void> | undefined;
    let finished = false;
    /** Resolves once the step's pid is known, or the step is over. Made only when a stop needs it. */
    const pidKnown = () => new Promise<void>((resolve) => {
      const found = () => {
        if (pid === 0 && dumpFile && !this.dead) pid = Number(PID_RECORD.exec(dumpFile.peek(64))?.[1] ?? 0);
        return pid > 0 || finished;
      };
      if (found()) return resolve();
      onPid = resolve;
      if (!dumpFile) return;
      // The step writes its pid first thing, into the file (which wakes no one): look again shortly.
      const poll = setInterval(() => {
        if (!found()) return;
        clearInterval(poll);
        resolve();
      }, PID_POLL_MS);
      void outputs.then(() => clearInterval(poll));
    });
    const stop = (reason: StopReason) => {
      if (stopReason || finished) return;
      stopReason = reason;
      // The step announces its pid first thing; a stop asked before that waits for it.
      stopping = Promise.race([pidKnown(), outputs]).then(() => (pid > 0 && !finished ? escalate(pid, ESCALATION[reason], request.graceMs) : undefined));
    };
    const timers: NodeJS.Timeout[] = [];
    if (request.timeoutMs !== undefined) timers.push(setTimeout(() => stop('timedOut'), request.timeoutMs));
    if (request.forMs !== undefined) timers.push(setTimeout(() => stop('stoppedAfterFor'), request.forMs));
    const onAbort = () => stop('interrupted');
    request.signal?.addEventListener('abort', onAbort, { once: true });

    const [, exit] = await outputs;
    finished = true;
    onPid?.();
    const durationMs = Math.round(performance.now() - started);
    for (const timer of timers) clearTimeout(timer);
    request.signal?.removeEventListener('abort', onAbort);
    if (stopping) await stopping;

    // The step has been reaped (its exit record came after it): its dump is complete. One held
    // past MAX_STATE_BYTES is refused unread beyond that.
    const dump = dumpFile ? (this.dead ? { text: '', cut: false } : dumpFile.read(MAX_STATE_BYTES)) : { text: Buffer.concat(record).toString('utf8'), cut: recordBytes > MAX_STATE_BYTES };
    if (dump.cut) return this.refusedState(dump.text, exit?.status, stdout, stderr, durationMs, stopReason);
    const status = exit?.status;
    const pidRecord = PID_RECORD.exec(dump.text);
    const written = pidRecord ? dump.text.slice(pidRecord[0].length) : dump.text;
    // `S\0`: the step's EXIT trap ran and, as asked, wrote no dump: the state is the one before.
    const unchanged = request.cannotChangeState === true && written === 'S\0';
    const state = unchanged ? undefined : parseStateDump(written, request);
    const attempt: AttemptResult = { stdout: stdout.buffer.text(), stderr: stderr.buffer.text(), exitCode: status ?? null, durationMs };
    // A step that left through its EXIT trap reports its own status, even `exit 137`; one that
    // could not (SIGKILL) died of the signal its status encodes.
    if (status === undefined) {
      attempt.signal = 'SIGKILL';
      attempt.stderr += `${attempt.stderr && !attempt.stderr.endsWith('\n') ? '\n' : ''}lab: the session's shell died during this step\n`;
    } else if (!state && !unchanged && status > 128 && signalName(status - 128)) {
      attempt.exitCode = null;
      attempt.signal = signalName(status - 128);
    }
    if (stopReason) attempt[stopReason] = true;
    if (stopReason === 'timedOut') attempt.timeoutMs = request.timeoutMs;
    const outcome: StepOutcome = { attempt, state };
    // Processes the step left in its group (daemons): tracked so close() stops them. The check
    // is one kill(-group, 0) when the group is gone, as it is after most steps.
    const group = pid || Number(pidRecord?.[1] ?? 0);
    if (!stopReason && exit && group > 0 && groupAlive(group)) outcome.leftoverGroup = group;
    return outcome;
  }

  /** The step's state dump was past MAX_STATE_BYTES: the step fails naming the variable, the session keeps its previous state. */
  private refusedState(head: string, status: number | undefined, stdout: StreamCapture, stderr: StreamCapture, durationMs: number, stopReason: StopReason | undefined): StepOutcome {
    const attempt: AttemptResult = { stdout: stdout.buffer.text(), stderr: stderr.buffer.text(), exitCode: status ?? null, durationMs, refused: oversizedDump(head) };
    if (stopReason) attempt[stopReason] = true;
    return { attempt, state: undefined };
  }

  /** Ends the host: no more requests, then SIGKILL if it does not leave on its own. */
  async close(): Promise<void> {
    if (this.dead) return;
    (this.child.stdio[HOST_REQUEST_FD] as Writable).end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 2_000);
    await this.exited;
    clearTimeout(timer);
    for (const fd of [1, 2, HOST_STATE_FD]) pipe(this.child, fd).destroy();
  }

  private split(stream: Readable, sentinel: Buffer, exitRecords = false): SentinelStream {
    const split = new SentinelStream(sentinel, exitRecords);
    stream.on('error', () => {});
    // Backpressure: while whoever shows the output cannot take more, the pipe is not read, so the
    // kernel's pipe fills and the step blocks in write() like it would on a slow terminal.
    stream.on('data', (chunk: Buffer) => holdBack(stream, split.push(chunk)));
    return split;
  }
}

/** The child's pipe on `fd` (Node types only the first five). */
function pipe(child: ChildProcess, fd: number): Readable {
  return (child.stdio as unknown as Readable[])[fd]!;
}

function signalName(number: number): NodeJS.Signals | undefined {
  return (Object.entries(osConstants.signals) as [NodeJS.Signals, number][]).find(([, value]) => value === number)?.[0];
}
