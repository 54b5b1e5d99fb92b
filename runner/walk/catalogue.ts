// The catalogue a learner picks from: labs grouped by week (folder), each with its title, step
// count, estimated and recorded duration, and the learner's progress on it.
import path from 'node:path';
import { formatDuration, type Diagnostic, type Lab, type Profile } from '../lab/index.js';
import { loadProjectLabs } from '../project/load.js';
import { loadFixtureFor } from '../replay/load.js';
import { summarizeFixture } from '../replay/summary.js';
import { loadProgress, progressKey, resumeIndex, type LabProgress, type WalkMode } from './state.js';
import type { Choice, ChoiceGroup } from './prompter.js';
import { MARKS } from '../text/marks.js';

export interface CatalogueEntry {
  lab: Lab;
  errors: Diagnostic[];
  recordedMs?: number;
  /** How many of the fixture's steps were recorded (the rest transcribed or written by hand). */
  recordedSteps?: number;
  fixtureSteps?: number;
  progress?: LabProgress;
}

/** `mode`: whose progress each entry shows (a practice walk's list shows practice progress). */
export async function loadCatalogue(paths: string[], cwd: string, env: NodeJS.ProcessEnv, profile?: Profile, mode: WalkMode = 'replay'): Promise<CatalogueEntry[]> {
  const entries: CatalogueEntry[] = [];
  // In catalogue order already (the project's profile decides which order).
  for (const { lab, diagnostics } of (await loadProjectLabs(paths, { profile, cwd })).labs) {
    const entry: CatalogueEntry = { lab, errors: diagnostics.filter((d) => d.severity === 'error') };
    const fixture = await loadFixtureFor(lab).catch(() => undefined);
    if (fixture?.fixture) {
      const summary = summarizeFixture(fixture.fixture);
      if (summary.hasRecorded) entry.recordedMs = summary.durationMs;
      entry.recordedSteps = summary.provenance.recorded ?? 0;
      entry.fixtureSteps = fixture.fixture.steps.length;
    }
    entry.progress = await loadProgress(progressKey(lab, mode), env);
    entries.push(entry);
  }
  return entries;
}

/** The week a lab belongs to: its id's folder, else its file's folder. */
export function weekOf(lab: Lab): string {
  const parts = lab.meta.id.split('/');
  return parts.length > 1 ? parts.slice(0, -1).join('/') : path.basename(path.dirname(lab.file));
}

export function progressLabel(lab: Lab, progress: LabProgress | undefined): string {
  if (!progress) return 'new';
  if (progress.completedAt) return `${MARKS.passed} done`;
  const next = resumeIndex(lab, progress);
  return next === 0 ? 'new' : `at step ${next + 1}/${lab.steps.length}`;
}

/** One line per lab: the title (shortened to fit the width) and its facts. */
export function catalogueChoices(entries: CatalogueEntry[], width = 80): Array<Choice<string> | ChoiceGroup> {
  const choices: Array<Choice<string> | ChoiceGroup> = [];
  let week: string | undefined;
  for (const { lab, errors, recordedMs, recordedSteps, fixtureSteps, progress } of entries) {
    if (weekOf(lab) !== week) {
      week = weekOf(lab);
      choices.push({ separator: `── ${week} ──` });
    }
    const facts = [`${lab.steps.length} step${lab.steps.length === 1 ? '' : 's'}`];
    if (lab.meta.estimate) facts.push(`~${lab.meta.estimate} min`);
    if (recordedMs !== undefined) {
      const partly = recordedSteps !== undefined && fixtureSteps !== undefined && recordedSteps < fixtureSteps;
      facts.push(partly ? `${recordedSteps}/${fixtureSteps} steps recorded` : `recorded ${formatDuration(recordedMs)}`);
    }
    facts.push(progressLabel(lab, progress));
    choices.push({
      value: lab.file,
      name: fitTitle(lab.meta.title, ` · ${facts.join(' · ')}`, width - 4),
      description: [lab.meta.id, lab.meta.description].filter(Boolean).join(': '),
      ...(errors.length > 0 ? { disabled: `${errors.length} lint error${errors.length === 1 ? '' : 's'}: run lab lint` } : {}),
    });
  }
  return choices;
}

/** The lab after this one in its week, in catalogue order. */
export function nextLabOfWeek(entries: CatalogueEntry[], lab: Lab): Lab | undefined {
  const week = entries.filter((entry) => weekOf(entry.lab) === weekOf(lab));
  const index = week.findIndex((entry) => entry.lab.file === lab.file);
  return index >= 0 ? week[index + 1]?.lab : undefined;
}

function fitTitle(title: string, facts: string, width: number): string {
  const room = width - facts.length;
  if (title.length <= room) return title + facts;
  if (room < 12) return title + facts; // too narrow to shorten usefully: let the prompt wrap
  return `${title.slice(0, room - 1)}…${facts}`;
}
