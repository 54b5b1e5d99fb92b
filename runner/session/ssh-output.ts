// Keeps one output stream of a remote step in bounded memory: the head and the tail survive, the
// middle of a runaway output (hundreds of MiB) is dropped and replaced by a note saying how much.

export const DEFAULT_OUTPUT_LIMIT_CHARS = 16 * 1024 * 1024;

export class BoundedOutput {
  private head = '';
  private tailChunks: string[] = [];
  private tailLength = 0;
  private droppedChars = 0;
  private readonly headLimit: number;
  private readonly tailLimit: number;

  constructor(limitChars: number = DEFAULT_OUTPUT_LIMIT_CHARS) {
    this.headLimit = Math.floor(limitChars / 2);
    this.tailLimit = limitChars - this.headLimit;
  }

  append(text: string): void {
    if (this.head.length < this.headLimit) {
      const room = this.headLimit - this.head.length;
      this.head += text.slice(0, room);
      text = text.slice(room);
    }
    if (text.length === 0) return;
    this.tailChunks.push(text);
    this.tailLength += text.length;
    this.trimTail();
  }

  /** Drops whole chunks, then a prefix of the oldest one, until the tail fits. */
  private trimTail(): void {
    while (this.tailLength > this.tailLimit) {
      const oldest = this.tailChunks[0];
      const excess = this.tailLength - this.tailLimit;
      if (oldest.length <= excess) {
        this.tailChunks.shift();
        this.tailLength -= oldest.length;
        this.droppedChars += oldest.length;
      } else {
        this.tailChunks[0] = oldest.slice(excess);
        this.tailLength -= excess;
        this.droppedChars += excess;
      }
    }
  }

  get truncated(): boolean {
    return this.droppedChars > 0;
  }

  toString(): string {
    const tail = this.tailChunks.join('');
    if (this.droppedChars === 0) return this.head + tail;
    return `${this.head}\n[... ${this.droppedChars} characters omitted ...]\n${tail}`;
  }
}
