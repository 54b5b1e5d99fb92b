// The margin the pretty reporter puts on every line of a step's live output, as bytes in one pass
// over the chunk. A flood of short lines (`yes`) is millions of lines: a string replace per line
// end, and a result string made two-byte by the `│` of the margin, cost ~30 ms of CPU per MB of
// output; copying bytes into one buffer costs a few.

const encoder = new TextEncoder();

/** A joint (line end, margin) up to this long is written by fixed stores, the common case of a flood: 32 bytes hold the coloured margin too. */
const SHORT_JOINT = 32;

export class LineMargin {
  /** Reused between chunks: the encoded chunk. */
  private source = new Uint8Array(0);
  private readonly before: Uint8Array;
  private readonly after: Uint8Array;
  /** What goes between two lines: `after`, the line end, `before`; padded to SHORT_JOINT when it fits. */
  private readonly joint: Uint8Array;
  private readonly jointLength: number;
  /** The padded joint as little-endian 32-bit words, and how many of them cover the joint. */
  private readonly words: number[];
  private readonly wordCount: number;

  /** `before` goes in front of each line, `after` at its end (before the line end). */
  constructor(before: string, after: string) {
    // Plain Uint8Arrays, not Buffers: the loop below reads them per line, and V8 reads its own type fastest.
    this.before = encoder.encode(before);
    this.after = encoder.encode(after);
    const length = this.after.length + 1 + this.before.length;
    this.joint = new Uint8Array(Math.max(length, SHORT_JOINT));
    this.joint.set(this.after, 0);
    this.joint[this.after.length] = 10;
    this.joint.set(this.before, this.after.length + 1);
    this.jointLength = length;
    const view = new DataView(this.joint.buffer);
    this.words = Array.from({ length: SHORT_JOINT / 4 }, (_, k) => view.getUint32(k * 4, true));
    this.wordCount = Math.ceil(length / 4);
  }

  /** The bytes of `text` with the margin on every line; `\r\n` becomes `\n`, one trailing line end closes the last line. */
  apply(text: string): Buffer {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (this.source.length < text.length * 3) this.source = new Uint8Array(text.length * 3);
    const source = this.source;
    const length = encoder.encodeInto(text, source).written;
    const end = length > 0 && source[length - 1] === 10 ? length - 1 : length;
    const { before, after, joint, jointLength, wordCount } = this;
    let lineEnds = 0;
    for (let i = 0; i < end; i++) if (source[i] === 10) lineEnds++;
    // What is written, and room for the padding of the last joint's fixed stores: sized by the
    // line ends, a long line (a piece of up to 1 MiB) does not leave a buffer 17 times its size.
    // A new buffer per chunk, not a reused one copied out: the writer may keep it queued while the
    // next chunk is built, and the copy was an eighth of this function's time in a `yes` flood.
    const size = end + lineEnds * jointLength + before.length + after.length + 1 + SHORT_JOINT;
    const out = new Uint8Array(size);
    const view = new DataView(out.buffer);
    const short = jointLength <= SHORT_JOINT;
    // Per line, a loop over the joint cost twice the rest; 32-bit stores of the padded joint (the
    // padding is overwritten by what follows), only as many as cover it, do not. Up to 32 bytes,
    // so the coloured joint (17) is not looped over either: a coloured flood costs a quarter less
    // CPU; the plain one (9) costs what 16 byte stores did. Locals, so V8 keeps them in registers.
    const [w0, w1, w2, w3, w4, w5, w6, w7] = this.words as [number, number, number, number, number, number, number, number];
    let at = 0;
    for (let k = 0; k < before.length; k++) out[at++] = before[k]!;
    let previous = 0;
    for (let i = 0; i < end; i++) {
      const byte = source[i]!;
      if (byte !== 10) {
        out[at++] = byte;
        previous = byte;
        continue;
      }
      if (previous === 13) at--; // a CRLF line ends like the others
      previous = 10;
      if (short) {
        view.setUint32(at, w0, true);
        view.setUint32(at + 4, w1, true);
        if (wordCount > 2) {
          view.setUint32(at + 8, w2, true);
          if (wordCount > 3) {
            view.setUint32(at + 12, w3, true);
            if (wordCount > 4) {
              view.setUint32(at + 16, w4, true);
              view.setUint32(at + 20, w5, true);
              view.setUint32(at + 24, w6, true);
              view.setUint32(at + 28, w7, true);
            }
          }
        }
        at += jointLength;
      } else {
        for (let k = 0; k < jointLength; k++) out[at++] = joint[k]!;
      }
    }
    if (end < length && previous === 13) at--;
    for (let k = 0; k < after.length; k++) out[at++] = after[k]!;
    out[at++] = 10;
    return Buffer.from(out.buffer, 0, at);
  }
}
