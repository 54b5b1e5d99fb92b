// Long outputs in a side file: an attempt may say `stdout-file: outputs/x.txt` (or `stderr-file:`)
// instead of an inline `stdout: |`, the path relative to the fixture's folder and never out of
// it. Reading fills the attempt's `stdout` from the file, so everything above the reader (replay,
// lint, `lab steps`, accept, the walk) sees the output as if inline; writing puts the (redacted)
// text back in the same file and keeps the reference, so a long paste is never inlined.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LabError, type SourcePosition } from '../errors/index.js';
import { isWithin, realpathOfDeepestExisting } from '../fs/project.js';
import { textProblem } from '../lab/text-file.js';
import type { Fixture, FixtureAttempt, FixtureStep } from './model.js';

const STREAMS = ['stdout', 'stderr'] as const;
type Stream = (typeof STREAMS)[number];
const FILE_KEY = { stdout: 'stdout-file', stderr: 'stderr-file' } as const;

/**
 * `lab record` moves an output to a side file of its own only in a step that already keeps one
 * in a side file, and only past this size: the author chose side files for that step, and short
 * outputs stay readable inline.
 */
export const SIDE_FILE_THRESHOLD_BYTES = 4096;

const SIDE_FILE_KEY = /^[ \t-]*(?:stdout|stderr)-file:/m;

/** Whether a fixture's text names a side file (then it depends on other files than itself). */
export function mentionsSideFiles(text: string | Buffer): boolean {
  if (typeof text !== 'string') return text.includes('-file:') && SIDE_FILE_KEY.test(text.toString('utf8'));
  return SIDE_FILE_KEY.test(text);
}

type PathKeys = (string | number)[];

/**
 * Reads every side file a parsed (not yet validated) fixture names into its attempt, in place.
 * `positionOf` gives the fixture's line of a key. Throws FIXTURE_INVALID naming that line.
 */
export function readSideFiles(data: unknown, fixtureFile: string, positionOf: (keys: PathKeys) => SourcePosition): void {
  const steps = isRecord(data) && Array.isArray(data['steps']) ? data['steps'] : [];
  steps.forEach((step, index) => {
    for (const { attempt, keys } of rawAttempts(step, ['steps', index])) {
      for (const stream of STREAMS) {
        const key = FILE_KEY[stream];
        if (!(key in attempt)) continue;
        const at = positionOf([...keys, key]);
        const written = attempt[key];
        if (typeof written !== 'string' || written.trim() === '') {
          throw sideError(`\`${key}:\` must be a file path relative to the fixture (e.g. outputs/${String(isRecord(step) ? step['id'] : 'step')}.txt)`, at, 'give the side file as a relative path, or write the output inline under `' + stream + ': |`');
        }
        if (stream in attempt) {
          throw sideError(`an attempt has both \`${stream}:\` and \`${key}:\``, at, `keep one: delete \`${stream}:\` to read the output from ${written}, or delete \`${key}:\` to keep it inline`);
        }
        attempt[stream] = readSideFile(fixtureFile, written, key, at);
      }
    }
  });
}

/** The side file's text; FIXTURE_INVALID (at the fixture's `key:` line) when it cannot be used. */
function readSideFile(fixtureFile: string, written: string, key: string, at: SourcePosition): string {
  const file = sideFilePath(fixtureFile, written, (why) => sideError(`\`${key}: ${written}\` ${why}`, at, `keep side files in the fixture's folder (${displayFolder(fixtureFile)}) or below it, e.g. \`${key}: outputs/${path.basename(written)}\``));
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw sideError(`side file ${written} (\`${key}:\`) does not exist`, at, `create it with the output, or fix the path (it is relative to the fixture's folder, ${displayFolder(fixtureFile)})`);
    throw sideError(`side file ${written} (\`${key}:\`) cannot be read (${code === 'EISDIR' ? 'it is a folder' : code ?? (error as Error).message})`, at, 'point it at the file that holds the output');
  }
  const problem = textProblem(bytes);
  if (problem) {
    const what = problem.kind === 'binary' ? 'a NUL byte' : 'bytes that are not UTF-8';
    throw sideError(`side file ${written} (\`${key}:\`) is not UTF-8 text: ${what} at its line ${problem.line}, column ${problem.column}`, at, 'save the output as UTF-8 text (a side file holds the output exactly, as `stdout: |` would)');
  }
  return bytes.toString('utf8');
}

/** The absolute path of a side file, or `refuse(why)` when it leaves the fixture's folder. */
function sideFilePath(fixtureFile: string, written: string, refuse: (why: string) => LabError): string {
  const folder = path.dirname(path.resolve(fixtureFile));
  if (path.isAbsolute(written) || path.win32.isAbsolute(written)) throw refuse('is an absolute path');
  const target = path.resolve(folder, written);
  if (!isWithin(folder, target)) throw refuse("climbs out of the fixture's folder (`..`)");
  if (!isWithin(realpathOfDeepestExisting(folder), realpathOfDeepestExisting(target))) throw refuse("leads outside the fixture's folder through a symbolic link");
  return target;
}

/** Each attempt of a raw step (its own, its hosts', its pods', its hooks') with its path of keys. */
function rawAttempts(step: unknown, at: PathKeys): Array<{ attempt: Record<string, unknown>; keys: PathKeys }> {
  if (!isRecord(step)) return [];
  const found: Array<{ attempt: Record<string, unknown>; keys: PathKeys }> = [];
  const collect = (holder: unknown, keys: PathKeys) => {
    if (!isRecord(holder) || !Array.isArray(holder['attempts'])) return;
    holder['attempts'].forEach((attempt, index) => {
      if (isRecord(attempt)) found.push({ attempt, keys: [...keys, 'attempts', index] });
    });
  };
  collect(step, at);
  for (const list of ['hosts', 'pods', 'hooks'] as const) {
    const entries = step[list];
    if (Array.isArray(entries)) entries.forEach((entry, index) => collect(entry, [...at, list, index]));
  }
  return found;
}

/** Every attempt of a fixture step: its own, its hosts', its pods', its hooks', each under a stable place name. */
function attemptsOf(step: FixtureStep): Array<{ place: string; attempts: FixtureAttempt[] }> {
  return [
    { place: '', attempts: step.attempts },
    ...(step.hosts ?? []).map((host) => ({ place: `host ${host.host}`, attempts: host.attempts })),
    ...(step.pods ?? []).map((pod) => ({ place: `pod ${pod.pod}`, attempts: pod.attempts })),
    ...(step.hooks ?? []).map((hook) => ({ place: `hook ${hook.phase} ${hook.name}`, attempts: hook.attempts })),
  ];
}

export interface SideFile {
  /** Absolute path. */
  file: string;
  /** As written in the fixture. */
  written: string;
  text: string;
}

/** The side files a fixture about to be written names, with their text. Throws BAD_INPUT for a path out of the folder or one file given two texts. */
export function sideFilesOf(fixture: Fixture, fixtureFile: string): SideFile[] {
  const files = new Map<string, SideFile>();
  for (const step of fixture.steps) {
    for (const { attempts } of attemptsOf(step)) {
      for (const attempt of attempts) {
        for (const stream of STREAMS) {
          const written = attempt[FILE_KEY[stream]];
          if (written === undefined) continue;
          const refuse = (why: string) => new LabError('BAD_INPUT', `step \`${step.id}\`: side file \`${written}\` ${why}; nothing was written`, { hint: "keep side files in the fixture's folder or below it" });
          const file = sideFilePath(fixtureFile, written, refuse);
          const text = attempt[stream];
          const seen = files.get(file);
          if (seen && seen.text !== text) throw refuse('would get two different outputs (two attempts name it)');
          files.set(file, { file, written, text });
        }
      }
    }
  }
  return [...files.values()];
}

/** Does the side file already hold exactly `text`? (An unchanged side file is left alone.) */
export async function holds(file: string, text: string): Promise<boolean> {
  try {
    return (await readFile(file, 'utf8')) === text;
  } catch {
    return false;
  }
}

/**
 * A re-recording keeps the side files of the entries it replaces: a step's new attempt N keeps the
 * file its attempt N had (per host, pod and hook, per stream), and in a step that keeps any output
 * in a side file, an output longer than SIDE_FILE_THRESHOLD_BYTES with no file yet gets one beside
 * the step's first. Steps that used none stay inline.
 */
export function keepSideFiles(previous: Fixture | undefined, next: Fixture): Fixture {
  if (!previous) return next;
  const before = new Map(previous.steps.map((step) => [step.id, step]));
  const taken = new Set([...previous.steps, ...next.steps].flatMap((step) => attemptsOf(step).flatMap(({ attempts }) => attempts.flatMap((a) => STREAMS.map((s) => a[FILE_KEY[s]]).filter((w): w is string => w !== undefined)))));
  const steps = next.steps.map((step) => {
    const old = before.get(step.id);
    if (!old || old === step) return step;
    const oldPlaces = new Map(attemptsOf(old).map(({ place, attempts }) => [place, attempts]));
    const firstFile = attemptsOf(old).flatMap(({ attempts }) => attempts.flatMap((a) => STREAMS.map((s) => a[FILE_KEY[s]]))).find((w) => w !== undefined);
    if (firstFile === undefined) return step;
    const folder = path.posix.dirname(firstFile.split(path.sep).join('/'));
    const withFiles = (place: string, attempts: FixtureAttempt[]): FixtureAttempt[] =>
      attempts.map((attempt, index) => {
        const kept: FixtureAttempt = { ...attempt };
        for (const stream of STREAMS) {
          const key = FILE_KEY[stream];
          const oldFile = oldPlaces.get(place)?.[index]?.[key];
          if (oldFile !== undefined) kept[key] = oldFile;
          else if (Buffer.byteLength(attempt[stream]) > SIDE_FILE_THRESHOLD_BYTES) kept[key] = freshName(folder, step.id, place, index, stream, taken);
        }
        return kept;
      });
    return {
      ...step,
      attempts: withFiles('', step.attempts),
      ...(step.hosts ? { hosts: step.hosts.map((host) => ({ ...host, attempts: withFiles(`host ${host.host}`, host.attempts) })) } : {}),
      ...(step.pods ? { pods: step.pods.map((pod) => ({ ...pod, attempts: withFiles(`pod ${pod.pod}`, pod.attempts) })) } : {}),
      ...(step.hooks ? { hooks: step.hooks.map((hook) => ({ ...hook, attempts: withFiles(`hook ${hook.phase} ${hook.name}`, hook.attempts) })) } : {}),
    };
  });
  return { ...next, steps };
}

/** `outputs/list-pods.host-n1.2.stdout.txt`: unique in the fixture, safe as a file name. */
function freshName(folder: string, stepId: string, place: string, index: number, stream: Stream, taken: Set<string>): string {
  const slug = (text: string) => text.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[.-]+/, '');
  const base = [slug(stepId) || 'step', place ? slug(place) : '', String(index + 1), stream].filter(Boolean).join('.');
  let name = path.posix.join(folder, `${base}.txt`);
  for (let n = 2; taken.has(name); n++) name = path.posix.join(folder, `${base}-${n}.txt`);
  taken.add(name);
  return name;
}

function sideError(message: string, position: SourcePosition, hint: string): LabError {
  return new LabError('FIXTURE_INVALID', message, { hint, position });
}

function displayFolder(fixtureFile: string): string {
  const relative = path.relative(process.cwd(), path.dirname(path.resolve(fixtureFile)));
  return relative === '' ? '.' : relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : path.dirname(path.resolve(fixtureFile));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
