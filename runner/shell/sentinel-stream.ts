// One of the session host's output pipes, cut into steps: the host writes a sentinel after each
// step has been reaped, so the bytes before it are that step's, however it ended. Bytes that
// arrive between steps (a daemon an earlier step left writing) are dropped. On the pipe that
// carries it, the sentinel is followed by the step's exit record (`X\0<status>\0`, see
// host-script.ts), written with it in one write(): the step's end costs the runner one wake-up.
import type { OutputPressure } from '../model/events.js';

/** The exit record after a sentinel: the step's status. */
const EXIT_RECORD = /^X\0(\d+)\0/;
/** Longer than any exit record: past this many bytes without one, there is none. */
const MAX_RECORD_BYTES = 24;

export interface StepEnd {
  status: number;
}

export class SentinelStream {
  private sink: ((chunk: Buffer) => OutputPressure) | undefined;
  private ended: ((end: StepEnd | undefined) => void) | undefined;
  /** Trailing bytes that may be the start of a sentinel split across two chunks. */
  private carry: Buffer | undefined;
  /** After a sentinel, on a stream with exit records: the bytes of the record so far. */
  private record: Buffer | undefined;

  constructor(
    private readonly sentinel: Buffer,
    private readonly exitRecords = false,
  ) {}

  /**
   * Routes the bytes up to the next sentinel to `sink`; resolves when the sentinel arrived, with
   * the exit record that followed it (undefined without one, or when the pipe closed first).
   */
  next(sink: (chunk: Buffer) => OutputPressure): Promise<StepEnd | undefined> {
    this.sink = sink;
    return new Promise((resolve) => (this.ended = resolve));
  }

  /** The pipe closed (the host died): whatever was pending is complete. */
  close(): void {
    this.flushCarry();
    this.record = undefined;
    this.finishStep(undefined);
  }

  /** A promise when the step's sink is full: the caller reads no more until it settles. */
  push(chunk: Buffer): OutputPressure {
    const waits: Promise<void>[] = [];
    const send = (bytes: Buffer) => {
      const wait = this.sink?.(bytes);
      if (wait) waits.push(wait);
    };
    let data = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = undefined;
    for (;;) {
      if (this.record) {
        const taken = this.takeRecord(data);
        data = data.subarray(taken < 0 ? data.length : taken);
        if (taken < 0) break;
      }
      const at = data.indexOf(this.sentinel);
      if (at < 0) break;
      if (at > 0) send(data.subarray(0, at));
      data = data.subarray(at + this.sentinel.length);
      if (this.exitRecords) this.record = Buffer.alloc(0);
      else this.finishStep(undefined);
    }
    const keep = this.partialSentinelLength(data);
    if (data.length > keep) send(data.subarray(0, data.length - keep));
    if (keep > 0) this.carry = Buffer.from(data.subarray(data.length - keep));
    return waits.length === 0 ? undefined : Promise.all(waits).then(() => {});
  }

  /** Reads the exit record after a sentinel: how many bytes of `data` it took, -1 if it needs more. */
  private takeRecord(data: Buffer): number {
    const before = this.record!.length;
    const bytes = before === 0 ? data : Buffer.concat([this.record!, data]);
    const match = EXIT_RECORD.exec(bytes.subarray(0, MAX_RECORD_BYTES).toString('latin1'));
    if (!match && bytes.length < MAX_RECORD_BYTES) {
      this.record = Buffer.from(bytes);
      return -1;
    }
    this.record = undefined;
    this.finishStep(match ? { status: Number(match[1]) } : undefined);
    return match ? match[0].length - before : 0;
  }

  private finishStep(end: StepEnd | undefined): void {
    const ended = this.ended;
    this.sink = undefined;
    this.ended = undefined;
    ended?.(end);
  }

  private flushCarry(): void {
    if (this.carry) void this.sink?.(this.carry);
    this.carry = undefined;
  }

  /** How many trailing bytes of `data` are a proper prefix of the sentinel. */
  private partialSentinelLength(data: Buffer): number {
    const first = this.sentinel[0]!;
    for (let start = Math.max(0, data.length - this.sentinel.length + 1); start < data.length; start++) {
      if (data[start] !== first) continue;
      const tail = data.subarray(start);
      if (this.sentinel.subarray(0, tail.length).equals(tail)) return tail.length;
    }
    return 0;
  }
}
