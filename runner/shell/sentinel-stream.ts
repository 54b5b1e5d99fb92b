// One of the session host's output pipes, cut into steps: the host writes a sentinel after each
// step has been reaped, so the bytes before it are that step's, however it ended. Bytes that
// arrive between steps (a daemon an earlier step left writing) are dropped.
import type { OutputPressure } from '../model/events.js';

export class SentinelStream {
  private sink: ((chunk: Buffer) => OutputPressure) | undefined;
  private ended: (() => void) | undefined;
  /** Trailing bytes that may be the start of a sentinel split across two chunks. */
  private carry: Buffer | undefined;

  constructor(private readonly sentinel: Buffer) {}

  /** Routes the bytes up to the next sentinel to `sink`; resolves when the sentinel arrived. */
  next(sink: (chunk: Buffer) => OutputPressure): Promise<void> {
    this.sink = sink;
    return new Promise((resolve) => (this.ended = resolve));
  }

  /** The pipe closed (the host died): whatever was pending is complete. */
  close(): void {
    this.flushCarry();
    this.finishStep();
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
      const at = data.indexOf(this.sentinel);
      if (at < 0) break;
      if (at > 0) send(data.subarray(0, at));
      this.finishStep();
      data = data.subarray(at + this.sentinel.length);
    }
    const keep = this.partialSentinelLength(data);
    if (data.length > keep) send(data.subarray(0, data.length - keep));
    if (keep > 0) this.carry = Buffer.from(data.subarray(data.length - keep));
    return waits.length === 0 ? undefined : Promise.all(waits).then(() => {});
  }

  private finishStep(): void {
    const ended = this.ended;
    this.sink = undefined;
    this.ended = undefined;
    ended?.();
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
