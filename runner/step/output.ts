// The output stage between a target and whoever shows a step's output (reporters, the walk):
// output is cut into whole lines per remote and stream, then redacted, so a secret split across
// two chunks is still seen whole. This is the only place output is cut into lines. What the sink
// gives back (a promise while its writer is full) goes back to the target, which stops reading.
import type { OutputChunk, OutputPressure } from '../model/events.js';
import { LineRedactor, type LineRedaction } from '../redact/index.js';

export class OutputStage {
  private readonly streams = new Map<string, { chunk: Omit<OutputChunk, 'text'>; lines: LineRedactor }>();

  /** `redaction` is asked for each block of lines: secret values can change while a step runs. */
  constructor(private readonly sink: ((chunk: OutputChunk) => OutputPressure) | undefined, private readonly redaction: () => LineRedaction) {}

  /** Where one remote's (or the session's) raw output goes. */
  writer(remote: string | undefined): (stream: 'stdout' | 'stderr', text: string) => OutputPressure {
    const sink = this.sink;
    if (!sink) return () => {};
    return (stream, text) => {
      const key = `${remote ?? ''}\u0000${stream}`;
      let entry = this.streams.get(key);
      if (!entry) {
        entry = { chunk: { stream, ...(remote === undefined ? {} : { remote }) }, lines: new LineRedactor(this.redaction) };
        this.streams.set(key, entry);
      }
      const lines = entry.lines.push(text);
      return lines ? sink({ ...entry.chunk, text: lines }) : undefined;
    };
  }

  /** The step ended: what is left of each stream's last line. */
  flush(): void {
    for (const { chunk, lines } of this.streams.values()) {
      const text = lines.flush();
      if (text) void this.sink?.({ ...chunk, text });
    }
    this.streams.clear();
  }
}
