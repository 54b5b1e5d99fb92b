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
 * How many line ends (`\n` bytes) `bytes` holds, four bytes at a time: a flood of 2-byte lines
 * has a line end every other byte, too many for a call (indexOf) or a branch per line.
 */
export function countLineEnds(bytes: Uint8Array): number {
  const length = bytes.length;
  // The bytes up to the first 4-byte boundary of the memory, then whole words, then the rest.
  const head = Math.min(length, (4 - (bytes.byteOffset & 3)) & 3);
  let count = 0;
  for (let i = 0; i < head; i++) if (bytes[i] === 10) count++;
  const words = (length - head) >> 2;
  const view = new Uint32Array(bytes.buffer, bytes.byteOffset + head, words);
  // Per word, a bit 7 set in each byte that is 10 (exactly: no carry between the bytes), summed
  // per byte lane; a lane holds at most 64 before it is added up, so the sum stays a small integer (V8 keeps it in a register).
  let lanes = 0;
  for (let k = 0; k < words; k++) {
    const x = view[k]! ^ 0x0a0a0a0a;
    lanes += (~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x) & 0x80808080) >>> 7;
    if ((k & 63) === 63) {
      count += sumLanes(lanes);
      lanes = 0;
    }
  }
  count += sumLanes(lanes);
  for (let i = head + words * 4; i < length; i++) if (bytes[i] === 10) count++;
  return count;
}

function sumLanes(lanes: number): number {
  return (lanes & 0xff) + ((lanes >>> 8) & 0xff) + ((lanes >>> 16) & 0xff) + (lanes >>> 24);
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
