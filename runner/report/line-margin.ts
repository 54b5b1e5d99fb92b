// The margin the pretty reporter puts on every line of a step's live output, as bytes in one pass
// over the chunk. A flood of short lines (`yes`) is millions of lines: a string replace per line
// end, and a result string made two-byte by the `│` of the margin, cost ~30 ms of CPU per MB of
// output; copying bytes into one buffer costs a few.

const encoder = new TextEncoder();

export class LineMargin {
  /** Reused between chunks: the encoded chunk, and the margined bytes before their copy goes out. */
  private source = new Uint8Array(0);
  private scratch = new Uint8Array(0);

  private readonly before: Uint8Array;
  private readonly after: Uint8Array;

  /** `before` goes in front of each line, `after` at its end (before the line end). */
  constructor(before: string, after: string) {
    // Plain Uint8Arrays, not Buffers: the loop below reads them per line, and V8 reads its own type fastest.
    this.before = encoder.encode(before);
    this.after = encoder.encode(after);
  }

  /** The bytes of `text` with the margin on every line; `\r\n` becomes `\n`, one trailing line end closes the last line. */
  apply(text: string): Buffer {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (this.source.length < text.length * 3) this.source = new Uint8Array(text.length * 3);
    const source = this.source;
    const length = encoder.encodeInto(text, source).written;
    const end = length > 0 && source[length - 1] === 10 ? length - 1 : length;
    const { before, after } = this;
    const size = end + (end + 1) * (before.length + after.length + 1);
    if (this.scratch.length < size) this.scratch = new Uint8Array(size);
    const out = this.scratch;
    let at = 0;
    for (let k = 0; k < before.length; k++) out[at++] = before[k]!;
    for (let i = 0; i < end; i++) {
      const byte = source[i]!;
      if (byte !== 10) {
        out[at++] = byte;
        continue;
      }
      if (i > 0 && source[i - 1] === 13) at--; // a CRLF line ends like the others
      for (let k = 0; k < after.length; k++) out[at++] = after[k]!;
      out[at++] = 10;
      for (let k = 0; k < before.length; k++) out[at++] = before[k]!;
    }
    if (end < length && end > 0 && source[end - 1] === 13) at--;
    for (let k = 0; k < after.length; k++) out[at++] = after[k]!;
    out[at++] = 10;
    // A copy goes out: the writer may keep it queued while the next chunk is built here.
    return Buffer.from(out.subarray(0, at));
  }
}
