// Offsets -> line/column. marked's tokens carry no positions, so the parser tracks the offset
// of each token by summing the lengths of the `raw` text before it.

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string, private readonly lineOffset = 0) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  /** 1-based line and column of an offset in the text given to the constructor. */
  at(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1 + this.lineOffset, column: offset - this.starts[low]! + 1 };
  }
}
