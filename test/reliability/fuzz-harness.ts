// Shared by the fuzz suites: case counts and seeds (LAB_STRESS), a scratch project on disk, the
// CLI driven in-process through runCli (the same edge as the binary) with its output captured,
// and the oracle every command's outcome must satisfy whatever the input.
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { runCli } from '../../runner/cli/program.js';

export const STRESS = Boolean(process.env.LAB_STRESS) && process.env.LAB_STRESS !== '0';

/** Cases for one property: `normal` in `npm test`, `stress` under LAB_STRESS=1. */
export function runs(normal: number, stress: number): number {
  return STRESS ? stress : normal;
}

/**
 * Fixed seeds in the normal run (reproducible); under stress a fresh seed each run, printed, so
 * repeated stress runs explore new inputs. LAB_FUZZ_SEED=n replays a given seed.
 */
export function seedFor(name: string, fixed: number): number {
  if (process.env.LAB_FUZZ_SEED) return Number(process.env.LAB_FUZZ_SEED);
  const seed = STRESS ? (Date.now() ^ hash(name)) | 0 : fixed;
  return seed;
}

function hash(text: string): number {
  let h = 0;
  for (const char of text) h = (h * 31 + char.charCodeAt(0)) | 0;
  return h;
}

/** LAB_FUZZ_TRACE=file: each case is written there before it runs, to find one that hangs. */
const TRACE = process.env.LAB_FUZZ_TRACE;

const tally = new Map<string, { cases: number; ms: number; seed: number }>();
let current = '';

/** fc.assert with a fixed seed and case count, printed; the counterexample is fast-check's own report. */
export async function property<T>(name: string, fixedSeed: number, numRuns: number, arbitrary: fc.Arbitrary<T>, check: (value: T) => Promise<void>): Promise<void> {
  const seed = seedFor(name, fixedSeed);
  current = name;
  // Printed before the cases too: a case that hangs can still be replayed from this seed.
  if (STRESS) process.stderr.write(`fuzz ${name}: starting ${numRuns} cases, seed ${seed}\n`);
  const started = performance.now();
  let cases = 0;
  try {
    await fc.assert(
      fc.asyncProperty(arbitrary, async (value) => {
        cases++;
        if (TRACE) writeFileSync(TRACE, `${name} #${cases}\n${fc.stringify(value)}\n`);
        await check(value);
      }),
      { seed, numRuns, endOnFailure: !STRESS, verbose: 1 },
    );
  } finally {
    const ms = performance.now() - started;
    tally.set(name, { cases, ms, seed });
    console.log(`fuzz ${name}: ${cases} cases, seed ${seed}, ${(ms / 1000).toFixed(1)}s (LAB_FUZZ_SEED=${seed} replays it)`);
  }
}

const outcomes = new Map<string, number>();

/** Counts what the cases led to (`run exit 1`...), to see that the inputs reach deep paths. */
export function count(label: string): void {
  const key = `${current}: ${label}`;
  outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
}

/** Totals of this file's properties, printed once at the end. */
export function printTally(file: string): void {
  let cases = 0;
  let ms = 0;
  for (const entry of tally.values()) {
    cases += entry.cases;
    ms += entry.ms;
  }
  console.log(`fuzz total ${file}: ${cases} cases in ${(ms / 1000).toFixed(1)}s${STRESS ? ' (LAB_STRESS)' : ''}`);
  console.log(`fuzz outcomes ${file}:\n${[...outcomes].sort().map(([label, n]) => `  ${label}: ${n}`).join('\n')}`);
}

/** A throwaway project: `labs/` and `fixtures/` under a temporary folder. */
export class Project {
  readonly root: string;

  constructor(prefix: string) {
    this.root = mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
    mkdirSync(path.join(this.root, 'labs'), { recursive: true });
    mkdirSync(path.join(this.root, 'fixtures'), { recursive: true });
  }

  /** Writes `labs/<id>.md` (and `fixtures/<id>.yaml`, or removes it when undefined). */
  write(id: string, lab: string | Uint8Array, fixture?: string | Uint8Array): { lab: string; fixture: string } {
    const labFile = path.join(this.root, 'labs', `${id}.md`);
    const fixtureFile = path.join(this.root, 'fixtures', `${id}.yaml`);
    mkdirSync(path.dirname(labFile), { recursive: true });
    mkdirSync(path.dirname(fixtureFile), { recursive: true });
    writeFileSync(labFile, lab);
    if (fixture === undefined) rmSync(fixtureFile, { force: true });
    else writeFileSync(fixtureFile, fixture);
    return { lab: labFile, fixture: fixtureFile };
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export interface CliOutcome {
  argv: string[];
  code: number | undefined;
  stdout: string;
  stderr: string;
  /** Anything runCli let escape: there must never be any. */
  thrown?: unknown;
}

type Write = typeof process.stdout.write;

/** Runs `lab ARGV` in this process, exactly as the binary does, capturing stdout and stderr. */
export async function cli(argv: string[]): Promise<CliOutcome> {
  const outcome: CliOutcome = { argv, code: undefined, stdout: '', stderr: '' };
  const writeOut = process.stdout.write;
  const writeErr = process.stderr.write;
  const capture = (key: 'stdout' | 'stderr'): Write =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      outcome[key] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as Write;
  process.stdout.write = capture('stdout');
  process.stderr.write = capture('stderr');
  try {
    outcome.code = await runCli(argv);
  } catch (error) {
    outcome.thrown = error;
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
  }
  return outcome;
}

/** A Node stack frame: `    at fn (file:///x.js:1:2)`, `    at node:internal/...`, `    at /x.js:1:2`. */
const STACK_FRAME = /^\s*at (?:.+ \()?(?:file:\/\/|node:|\/|[A-Za-z]:\\).*:\d+(?::\d+)?\)?$/m;

export function describeOutcome(outcome: CliOutcome): string {
  const cut = (text: string) => (text.length > 3000 ? `${text.slice(0, 1500)}\n…\n${text.slice(-1500)}` : text);
  return `lab ${outcome.argv.join(' ')} -> exit ${outcome.code}${outcome.thrown ? `, threw ${String((outcome.thrown as Error)?.stack ?? outcome.thrown)}` : ''}\n--- stdout\n${cut(outcome.stdout)}\n--- stderr\n${cut(outcome.stderr)}`;
}

/**
 * What every command must do with any input: return (never throw), exit 0, 1 or 2, print no stack
 * trace and no internal error, and, when it fails, name one of `files` with a line number.
 */
export function expectWellBehaved(outcome: CliOutcome, files: string[], allowed: number[] = [0, 1, 2]): void {
  const context = describeOutcome(outcome);
  expect(outcome.thrown, context).toBeUndefined();
  expect(allowed, context).toContain(outcome.code);
  const all = `${outcome.stdout}\n${outcome.stderr}`;
  expect(STACK_FRAME.test(all), `stack trace in the output\n${context}`).toBe(false);
  expect(all, context).not.toMatch(/internal error|this is a bug in lab/i);
  if (outcome.code !== 0) expect(namesAFileAndLine(all, files), `no file:line in the output\n${context}`).toBe(true);
}

/** Whether `text` holds `FILE:LINE` for one of `files`; an entry ending in `/` stands for any file below it. */
export function namesAFileAndLine(text: string, files: string[]): boolean {
  return files.some((file) => text.includes(file) && new RegExp(`${escapeRegex(file)}${file.endsWith(path.sep) ? '[^\\s:]*' : ''}:\\d+`).test(text));
}

export interface LintLine {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warning';
  message: string;
  rule: string;
}

const DIAGNOSTIC = /^(.+?):(\d+):(\d+): (error|warning): (.+) \[([a-z0-9-]+)\]$/;

/**
 * Every stdout line of `lab lint` is one diagnostic, `file:line:col: severity: message [rule]`, for
 * a file `linesOf` knows (it returns the file's line count), at a line inside it.
 */
export function parseLintOutput(outcome: CliOutcome, linesOf: (file: string) => number | undefined): LintLine[] {
  const lines = outcome.stdout.split('\n').filter((line) => line !== '');
  return lines.map((text) => {
    const match = DIAGNOSTIC.exec(text);
    expect(match, `not a diagnostic line: ${JSON.stringify(text.slice(0, 300))}\n${describeOutcome(outcome)}`).not.toBeNull();
    const [, file, line, column, severity, message, rule] = match!;
    const lineCount = linesOf(file!);
    expect(lineCount, `diagnostic for an unknown file ${file}\n${describeOutcome(outcome)}`).toBeDefined();
    expect(Number(line), `line out of range: ${text}\n${describeOutcome(outcome)}`).toBeGreaterThanOrEqual(1);
    expect(Number(line), `line out of range: ${text}\n${describeOutcome(outcome)}`).toBeLessThanOrEqual(lineCount! + 1);
    expect(Number(column), `column out of range: ${text}`).toBeGreaterThanOrEqual(1);
    return { file: file!, line: Number(line), column: Number(column), severity: severity as LintLine['severity'], message: message!, rule: rule! };
  });
}

/** Lines in a file as an editor counts them (CRLF, CR and LF all end a line). */
export function lineCount(file: string): number {
  try {
    const text = readFileSync(file, 'utf8');
    return text.split(/\r\n|\r|\n/).length;
  } catch {
    return 0;
  }
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
