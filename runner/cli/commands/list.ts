// `lab list`: the catalogue by folder (week) with id, title, steps, durations and provenance.
import path from 'node:path';
import type { Lab } from '../../model/lab.js';
import { formatDuration } from '../../text/duration.js';
import { checkedProfile } from '../../project/apply.js';
import { loadProjectLabs } from '../../project/load.js';
import { loadFixtureFor } from '../../replay/load.js';
import { formatProvenance, summarizeFixture, type FixtureSummary } from '../../replay/summary.js';
import { LabError } from '../../errors/index.js';
import { enableContentCache } from '../../fs/content-cache.js';

interface Entry {
  lab: Lab;
  errors: number;
  fixture?: FixtureSummary;
  fixtureProblem?: string;
}

export async function listCommand(paths: string[], options: { json?: boolean; profile?: string }): Promise<number> {
  const entries: Entry[] = [];
  enableContentCache();
  // In catalogue order already (the project's profile decides which order).
  for (const { lab, diagnostics } of (await loadProjectLabs(paths, { profile: checkedProfile(options.profile) })).labs) {
    const entry: Entry = { lab, errors: diagnostics.filter((d) => d.severity === 'error').length };
    try {
      const loaded = await loadFixtureFor(lab);
      if (loaded.fixture) entry.fixture = summarizeFixture(loaded.fixture);
    } catch (error) {
      if (!(error instanceof LabError)) throw error;
      // Where, so the catalogue points at the file to fix (`lab lint` says what is wrong).
      const where = error.position ? `${error.position.file}:${error.position.line}` : undefined;
      entry.fixtureProblem = where ? `fixture unreadable (${where})` : 'fixture unreadable';
    }
    entries.push(entry);
  }
  const sorted = entries;
  if (options.json) {
    const rows = sorted.map(({ lab, errors, fixture }) => ({
      id: lab.meta.id, title: lab.meta.title, file: lab.displayPath, folder: folderOf(lab), steps: lab.steps.length,
      estimateMinutes: lab.meta.estimate, recordedDurationMs: fixture?.hasRecorded ? fixture.durationMs : undefined, recordedAt: fixture?.hasRecorded ? fixture.recordedAt : undefined, provenance: fixture?.provenance, errors,
    }));
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  let folder: string | undefined;
  const idWidth = Math.max(...sorted.map((e) => e.lab.meta.id.length), 2);
  for (const entry of sorted) {
    const current = folderOf(entry.lab);
    if (current !== folder) {
      process.stdout.write(`${folder === undefined ? '' : '\n'}${current}\n`);
      folder = current;
    }
    const { lab, fixture } = entry;
    const facts = [`${lab.steps.length} step${lab.steps.length === 1 ? '' : 's'}`];
    if (lab.meta.estimate) facts.push(`~${lab.meta.estimate} min`);
    // Only a live run has a duration worth summing and a date worth showing; a hand-written
    // fixture says so instead of adding up invented durations.
    if (fixture?.hasRecorded) facts.push(`recorded ${formatDuration(fixture.durationMs)}`, formatProvenance(fixture.provenance), `run of ${fixture.recordedAt.slice(0, 10)}`);
    else if (fixture) facts.push(formatProvenance(fixture.provenance), 'written by hand, not recorded live');
    else facts.push(entry.fixtureProblem ?? 'no fixture');
    if (entry.errors) facts.push(`${entry.errors} lint error${entry.errors === 1 ? '' : 's'}`);
    process.stdout.write(`  ${lab.meta.id.padEnd(idWidth)}  ${lab.meta.title}\n  ${' '.repeat(idWidth)}  ${facts.filter(Boolean).join(' · ')}\n`);
  }
  if (sorted.length === 0) process.stdout.write('no labs found\n');
  return 0;
}

function folderOf(lab: Lab): string {
  const parts = lab.meta.id.split('/');
  return parts.length > 1 ? parts.slice(0, -1).join('/') : path.basename(path.dirname(lab.file));
}
