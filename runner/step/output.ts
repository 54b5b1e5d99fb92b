// The output stage between a target and whoever shows a step's output (reporters, the walk):
// output is cut into whole lines per remote and stream, then redacted, so a secret split across
// two chunks is still seen whole. This is the only place output is cut into lines.
import type { OutputChunk } from '../model/events.js';
import { LineRedactor, type Redactor } from '../redact/index.js';

export class OutputStage {
  private readonly streams = new Map<string, { chunk: Omit<OutputChunk, 'text'>; lines: LineRedactor }>();

  /** `redactor` is asked for each block of lines: secret values can change while a step runs. */
  constructor(private readonly sink: ((chunk: OutputChunk) => void) | undefined, private readonly redactor: () => Redactor) {}

  /** Where one remote's (or the session's) raw output goes. */
  writer(remote: string | undefined): (stream: 'stdout' | 'stderr', text: string) => void {
    const sink = this.sink;
    if (!sink) return () => {};
    return (stream, text) => {
      const key = `${remote ?? ''}\u0000${stream}`;
      let entry = this.streams.get(key);
      if (!entry) {
        entry = { chunk: { stream, ...(remote === undefined ? {} : { remote }) }, lines: new LineRedactor(() => (line) => this.redactor().redact(line)) };
        this.streams.set(key, entry);
      }
      const lines = entry.lines.push(text);
      if (lines) sink({ ...entry.chunk, text: lines });
    };
  }

  /** The step ended: what is left of each stream's last line. */
  flush(): void {
    for (const { chunk, lines } of this.streams.values()) {
      const text = lines.flush();
      if (text) this.sink?.({ ...chunk, text });
    }
    this.streams.clear();
  }
}
