// Keeps one stream's output in bounded memory: the head and the tail up to a byte cap, with a
// marker saying how much was dropped in between, so a step printing 200 MB cannot exhaust the runner.

// 4 MiB per stream: far more than any expectation reads, and small enough that a flood of hundreds
// of MB keeps the runner under 200 MB (the copies a result goes through multiply it).
export const DEFAULT_OUTPUT_CAP_BYTES = 4 * 1024 * 1024;

export class BoundedOutput {
  private readonly headCap: number;
  private readonly tailCap: number;
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private droppedBytes = 0;

  constructor(capBytes: number = DEFAULT_OUTPUT_CAP_BYTES) {
    const cap = Math.max(2, Math.floor(capBytes));
    this.headCap = Math.ceil(cap / 2);
    this.tailCap = cap - this.headCap;
  }

  /** Bytes seen so far, kept or not. */
  get totalBytes(): number {
    return this.headBytes + this.droppedBytes + this.tailBytes;
  }

  append(chunk: Buffer): void {
    let rest = chunk;
    if (this.headBytes < this.headCap) {
      const taken = rest.subarray(0, this.headCap - this.headBytes);
      this.head.push(ownedBytes(taken));
      this.headBytes += taken.length;
      rest = rest.subarray(taken.length);
    }
    if (rest.length === 0) return;
    this.appendTail(rest);
  }

  private appendTail(chunk: Buffer): void {
    if (chunk.length >= this.tailCap) {
      this.droppedBytes += this.tailBytes + chunk.length - this.tailCap;
      this.tail = [Buffer.from(chunk.subarray(chunk.length - this.tailCap))];
      this.tailBytes = this.tailCap;
      return;
    }
    this.tail.push(ownedBytes(chunk));
    this.tailBytes += chunk.length;
    while (this.tailBytes > this.tailCap) {
      const first = this.tail[0]!;
      const excess = this.tailBytes - this.tailCap;
      if (first.length <= excess) {
        this.tail.shift();
        this.tailBytes -= first.length;
        this.droppedBytes += first.length;
      } else {
        this.tail[0] = first.subarray(excess);
        this.tailBytes -= excess;
        this.droppedBytes += excess;
      }
    }
  }

  /** The kept text; when bytes were dropped, a `[... N bytes not kept ...]` line marks where. */
  text(): string {
    const head = Buffer.concat(this.head, this.headBytes);
    const tail = Buffer.concat(this.tail, this.tailBytes);
    if (this.droppedBytes === 0) return Buffer.concat([head, tail]).toString('utf8');
    const headText = trimIncompleteEnd(head).toString('utf8');
    const tailText = trimIncompleteStart(tail).toString('utf8');
    const dropped = this.droppedBytes + (head.length - trimIncompleteEnd(head).length) + (tail.length - trimIncompleteStart(tail).length);
    const before = headText.endsWith('\n') ? '' : '\n';
    const after = tailText.startsWith('\n') ? '' : '\n';
    return `${headText}${before}[... ${dropped} bytes not kept ...]${after}${tailText}`;
  }
}

/**
 * `bytes` itself when it fills most of its memory (a pipe's read: a flood of chunks is kept
 * without copying each), else a copy: a small slice of a larger (pooled) allocation would pin all of it.
 */
export function ownedBytes(bytes: Buffer): Buffer {
  return bytes.buffer.byteLength <= 2 * bytes.length ? bytes : Buffer.from(bytes);
}

/**
 * How many line ends (`\n` bytes) `bytes` holds. A flood of 2-byte lines has one every other
 * byte: too many for a call (indexOf) or a branch per line, and a loop over the bytes in JS costs
 * ~0.5 ms per MB (a flood's largest cost past the display cap). A 16-byte SIMD compare in
 * WebAssembly, copy included, costs a twelfth of that. Short buffers, and a Node without
 * WebAssembly (--jitless), take the plain loop.
 */
export function countLineEnds(bytes: Uint8Array): number {
  const counter = bytes.length >= 256 ? simdCounter() : undefined;
  if (!counter) return countLoop(bytes, 0);
  if (bytes.length > counter.view.length) {
    counter.memory.grow(Math.ceil((bytes.length - counter.view.length) / 65_536));
    counter.view = new Uint8Array(counter.memory.buffer);
  }
  counter.view.set(bytes);
  return counter.count(bytes.length) + countLoop(bytes, bytes.length & ~15);
}

function countLoop(bytes: Uint8Array, from: number): number {
  let count = 0;
  for (let i = from; i < bytes.length; i++) if (bytes[i] === 10) count++;
  return count;
}

/**
 * `count(length)`: the `\n` bytes in whole 16-byte blocks of memory from 0 (the last `length % 16`
 * bytes are the caller's). In the text format:
 *
 *   (func (export "count") (param $length i32) (result i32)
 *     (local $at i32) (local $total i32) (local $end i32) (local $stop i32) (local $sum v128) (local $newlines v128)
 *     (local.set $newlines (i8x16.splat (i32.const 10)))
 *     (local.set $end (i32.and (local.get $length) (i32.const -16)))
 *     (block $done (loop $blocks
 *       (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
 *       ;; 255 vectors at most per round: a byte lane counts up to 255 before it is added up
 *       (local.set $stop (select (local.tee $stop (i32.add (local.get $at) (i32.const 4080))) (local.get $end)
 *                                (i32.lt_u (local.get $stop) (local.get $end))))
 *       (local.set $sum (v128.const i64x2 0 0))
 *       (loop $vectors ;; an equal lane is -1: subtracting it counts it
 *         (local.set $sum (i8x16.sub (local.get $sum) (i8x16.eq (v128.load (local.get $at)) (local.get $newlines))))
 *         (br_if $vectors (i32.lt_u (local.tee $at (i32.add (local.get $at) (i32.const 16))) (local.get $stop))))
 *       (local.set $sum (i32x4.extadd_pairwise_i16x8_u (i16x8.extadd_pairwise_i8x16_u (local.get $sum))))
 *       (local.set $total (i32.add (local.get $total) (i32.add (i32.add (i32.add
 *         (i32x4.extract_lane 0 (local.get $sum)) (i32x4.extract_lane 1 (local.get $sum)))
 *         (i32x4.extract_lane 2 (local.get $sum))) (i32x4.extract_lane 3 (local.get $sum)))))
 *       (br $blocks)))
 *     (local.get $total))
 *   (memory (export "memory") 2) ;; 2 pages, grown for a larger chunk
 *
 * test/process/count-line-ends.test.ts checks it against the plain loop.
 */
const COUNTER_MODULE = 'AGFzbQEAAAABBgFgAX8BfwMCAQAFAwEAAgcSAgZtZW1vcnkCAAVjb3VudAAACo4BAYsBAgR/AntBCv0PIQYgAEFwcSEDAkADQCABIANPDQEgAUHwH2oiBCADIAQgA0kbIQT9DAAAAAAAAAAAAAAAAAAAAAAhBQNAIAUgAf0AAAAgBv0j/XEhBSABQRBqIgEgBEkNAAsgAiAF/X39fyIF/RsAIAX9GwFqIAX9GwJqIAX9GwNqaiECDAALCyACCw==';

interface SimdCounter {
  memory: WebAssembly.Memory;
  view: Uint8Array;
  count: (length: number) => number;
}

let counter: SimdCounter | null | undefined;

/** Whether countLineEnds counts with the SIMD module here (not the plain loop). */
export function simdCounting(): boolean {
  return simdCounter() !== null;
}

/** Compiled on first use (190 bytes, well under a millisecond); null where WebAssembly is not there. */
function simdCounter(): SimdCounter | null {
  if (counter !== undefined) return counter;
  try {
    const { exports } = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(COUNTER_MODULE, 'base64')));
    const memory = exports.memory as WebAssembly.Memory;
    counter = { memory, view: new Uint8Array(memory.buffer), count: exports.count as (length: number) => number };
  } catch {
    counter = null;
  }
  return counter;
}

/** Drops a UTF-8 sequence cut short at the end, so the kept head decodes cleanly. */
export function trimIncompleteEnd(bytes: Buffer): Buffer {
  for (let back = 1; back <= Math.min(4, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const expected = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return expected > back ? bytes.subarray(0, bytes.length - back) : bytes;
  }
  return bytes;
}

/** Drops continuation bytes at the start, left over from a character cut in the middle. */
function trimIncompleteStart(bytes: Buffer): Buffer {
  let start = 0;
  while (start < Math.min(4, bytes.length) && (bytes[start]! & 0xc0) === 0x80) start++;
  return bytes.subarray(start);
}
