// A `background` step (port-forward, a local server): started with the session state in its own
// process group, its output kept in bounded memory, stopped with its whole group.
import type { ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { BoundedOutput } from '../process/output-buffer.js';
import { holdBack } from '../process/backpressure.js';
import { stopGroup } from '../process/process-group.js';
import { launchBash } from './spawn.js';
import type { OutputPressure } from '../model/events.js';
import type { OutputEvent } from './step.js';

export interface BackgroundHandle {
  readonly id: string;
  readonly pid: number;
  /** True until the job's bash exited. */
  running(): boolean;
  /** stdout and stderr interleaved as they came, head and tail kept when large. */
  log(): string;
  /** Stops the job's whole group (SIGTERM, then SIGKILL after the grace period). */
  stop(): Promise<void>;
}

export interface BackgroundLaunch {
  id: string;
  bashPath: string;
  script: string;
  prelude: string;
  env: Record<string, string>;
  cwd: string;
  graceMs: number;
  logCapBytes: number;
  /** Streams the job's output; a promise back (the consumer is full) pauses that pipe until it settles. */
  onOutput?: (chunk: OutputEvent) => OutputPressure;
}

export async function startBackgroundJob(launch: BackgroundLaunch): Promise<BackgroundHandle> {
  const child = await launchBash({ ...launch, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  return new BackgroundJob(launch, child);
}

class BackgroundJob implements BackgroundHandle {
  readonly id: string;
  readonly pid: number;
  private readonly output: BoundedOutput;
  private exited = false;
  private readonly exitedPromise: Promise<void>;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly launch: BackgroundLaunch,
    private readonly child: ChildProcess,
  ) {
    this.id = launch.id;
    this.pid = child.pid!;
    this.output = new BoundedOutput(launch.logCapBytes);
    this.listen(child.stdout!, 'stdout');
    this.listen(child.stderr!, 'stderr');
    this.exitedPromise = new Promise((resolve) =>
      child.once('exit', () => {
        this.exited = true;
        resolve();
      }),
    );
  }

  running(): boolean {
    return !this.exited;
  }

  log(): string {
    return this.output.text();
  }

  stop(): Promise<void> {
    this.stopping ??= stopGroup(this.pid, { graceMs: this.launch.graceMs })
      // The group is gone; let Node reap bash too, so `running()` is false once stop() resolves.
      .then(() => this.exitedPromise)
      .finally(() => {
        // Whatever still holds the pipes is gone or ignored: stop reading.
        this.child.stdout?.destroy();
        this.child.stderr?.destroy();
      });
    return this.stopping;
  }

  /**
   * The log alone never holds the job back (a port-forward blocked in write() would stop
   * forwarding): it keeps head and tail within its cap however much comes. A consumer of the live
   * output that is full does: the pipe is not read until it has taken the chunk, as for a step.
   */
  private listen(stream: Readable, name: 'stdout' | 'stderr'): void {
    stream.on('error', () => {});
    const onOutput = this.launch.onOutput;
    // The bytes as read, like a step's (shell/step.ts): the output stage decodes them.
    stream.on('data', (chunk: Buffer) => {
      this.output.append(chunk);
      if (onOutput) holdBack(stream, onOutput({ stream: name, data: chunk }));
    });
  }
}
