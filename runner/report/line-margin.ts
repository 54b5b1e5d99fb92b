// The margin the pretty reporter puts on every line of a step's live output, as bytes in one pass
// over the chunk. A flood of short lines (`yes`) is millions of lines: a string replace per line
// end, and a result string made two-byte by the `│` of the margin, cost ~30 ms of CPU per MB of
// output; copying bytes into one buffer costs a few.

const encoder = new TextEncoder();

/** A joint (line end, margin) up to this long is written by fixed stores, the common case of a flood. */
const SHORT_JOINT = 16;

export class LineMargin {
  /** Reused between chunks: the encoded chunk, and the margined bytes before their copy goes out. */
  private source = new Uint8Array(0);
  private scratch = new Uint8Array(0);
  private readonly before: Uint8Array;
  private readonly after: Uint8Array;
  /** What goes between two lines: `after`, the line end, `before`; padded to SHORT_JOINT when it fits. */
  private readonly joint: Uint8Array;

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
  }

  private readonly jointLength: number;

  /** The bytes of `text` with the margin on every line; `\r\n` becomes `\n`, one trailing line end closes the last line. */
  apply(text: string): Buffer {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (this.source.length < text.length * 3) this.source = new Uint8Array(text.length * 3);
    const source = this.source;
    const length = encoder.encodeInto(text, source).written;
    const end = length > 0 && source[length - 1] === 10 ? length - 1 : length;
    const { before, after, joint, jointLength } = this;
    let lineEnds = 0;
    for (let i = 0; i < end; i++) if (source[i] === 10) lineEnds++;
    // What is written, and room for the padding of the last joint's fixed stores: sized by the
    // line ends, a long line (a piece of up to 1 MiB) does not leave a buffer 17 times its size.
    const size = end + lineEnds * jointLength + before.length + after.length + 1 + SHORT_JOINT;
    if (this.scratch.length < size) this.scratch = new Uint8Array(size);
    const out = this.scratch;
    const short = jointLength <= SHORT_JOINT;
    // Per line, a loop over the joint cost twice the rest; fixed stores of the padded joint (the
    // padding is overwritten by what follows) do not. Locals, so V8 keeps them in registers.
    const j0 = joint[0]!, j1 = joint[1]!, j2 = joint[2]!, j3 = joint[3]!, j4 = joint[4]!, j5 = joint[5]!, j6 = joint[6]!, j7 = joint[7]!;
    const j8 = joint[8]!, j9 = joint[9]!, j10 = joint[10]!, j11 = joint[11]!, j12 = joint[12]!, j13 = joint[13]!, j14 = joint[14]!, j15 = joint[15]!;
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
        out[at] = j0; out[at + 1] = j1; out[at + 2] = j2; out[at + 3] = j3; out[at + 4] = j4; out[at + 5] = j5; out[at + 6] = j6; out[at + 7] = j7;
        out[at + 8] = j8; out[at + 9] = j9; out[at + 10] = j10; out[at + 11] = j11; out[at + 12] = j12; out[at + 13] = j13; out[at + 14] = j14; out[at + 15] = j15;
        at += jointLength;
      } else {
        for (let k = 0; k < jointLength; k++) out[at++] = joint[k]!;
      }
    }
    if (end < length && previous === 13) at--;
    for (let k = 0; k < after.length; k++) out[at++] = after[k]!;
    out[at++] = 10;
    // A copy goes out: the writer may keep it queued while the next chunk is built here.
    return Buffer.from(out.subarray(0, at));
  }
}
