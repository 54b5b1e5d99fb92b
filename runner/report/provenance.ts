// The words for where a replayed output came from: only a live run is "recorded"; a transcript
// names its source, a hand-written output says so (its duration is invented, never shown).
import type { OutputProvenance } from '../model/result.js';
import { formatDuration } from '../text/duration.js';

export function provenanceWords(provenance: OutputProvenance, recordedDurationMs?: number): string {
  if (provenance.kind === 'recorded') {
    const took = recordedDurationMs !== undefined ? ` ${formatDuration(recordedDurationMs)}` : '';
    return `recorded${took}${provenance.date ? ` on ${provenance.date}` : ''}`;
  }
  if (provenance.kind === 'transcribed') {
    const where = provenance.from ? ` from ${provenance.from}${provenance.line ? `:${provenance.line}` : ''}` : '';
    return `transcribed${where}${provenance.date ? ` (${provenance.date})` : ''}`;
  }
  return 'written by hand';
}
