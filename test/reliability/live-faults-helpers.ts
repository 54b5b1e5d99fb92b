// Shared by the live-fault suites (test/reliability/live-faults*.test.ts): a throwaway project whose
// labs/ holds the lab under test, the compiled CLI started as a real process, and a way to find
// every process a lab left behind. Each run gets a unique marker in its environment
// (LAB_FAULT_MARK); the steps inherit it, and so does everything they start (`&`, nohup, setsid),
// so a scan of /proc/*/environ finds leftovers whatever process group or session they moved to.
import { execa, type ResultPromise } from 'execa';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI } from '../helpers/cli.js';

/** `npm run test:stress` sets LAB_STRESS: every scenario then runs this many times. */
export const STRESS = Boolean(process.env.LAB_STRESS);
export const ROUNDS = STRESS ? 5 : 1;
export const rounds = (count = ROUNDS) => Array.from({ length: count }, (_unused, index) => index + 1);

export const MARK_VARIABLE = 'LAB_FAULT_MARK';

/** Faults injected and what they left, per suite; printed under LAB_STRESS for docs/reliability.md. */
export class Tally {
  faults = 0;
  leftovers = 0;
  constructor(private readonly name: string) {}
  print(): void {
    if (STRESS) console.log(`[live-faults] ${this.name}: ${this.faults} faults injected, ${this.leftovers} leftover processes`);
  }
}

export interface Project {
  dir: string;
  /** A scratch folder the steps write their evidence to (pids, markers). */
  work: string;
  /** XDG_STATE_HOME for walks. */
  state: string;
  /** Writes labs/NAME.md and returns its path relative to the project. */
  writeLab(name: string, text: string): string;
  remove(): void;
}

export function makeProject(): Project {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lab-faults-'));
  for (const sub of ['labs', 'work', 'state']) mkdirSync(path.join(dir, sub));
  // A package.json makes this folder the project root, so its labs/ is trusted for live runs.
  writeFileSync(path.join(dir, 'package.json'), '{ "name": "lab-faults", "private": true }\n');
  return {
    dir,
    work: path.join(dir, 'work'),
    state: path.join(dir, 'state'),
    writeLab(name, text) {
      writeFileSync(path.join(dir, 'labs', `${name}.md`), text);
      return `labs/${name}.md`;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function newMark(): string {
  return `lab-fault-${randomUUID()}`;
}

export interface LabProcess {
  child: ResultPromise;
  pid: number;
  mark: string;
  /** Highest VmHWM (peak resident memory) seen, in bytes; polled until the process exits. */
  peakBytes(): number;
  done: Promise<{ code: number | undefined; signal: string | undefined; stdout: string; stderr: string }>;
}

/**
 * Starts the compiled CLI in `cwd` with the marker in its environment. Its stdin is a pipe the test
 * never closes, so a step that inherited it would wait forever: steps must get EOF on their own.
 */
export function startLab(args: string[], options: { cwd: string; mark?: string; env?: Record<string, string>; quiet?: boolean }): LabProcess {
  const mark = options.mark ?? newMark();
  const child = execa(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    reject: false,
    stdin: 'pipe',
    stdout: options.quiet ? 'ignore' : 'pipe',
    stderr: 'pipe',
    env: { NO_COLOR: '1', CI: 'true', ...options.env, [MARK_VARIABLE]: mark },
    // A backstop only: a run that hangs this long has failed anyway, and the test says so.
    timeout: 120_000,
    // Signals the tests send are theirs to observe: execa must not follow a SIGTERM with SIGKILL.
    forceKillAfterDelay: false,
  });
  const pid = child.pid!;
  let peak = 0;
  const readPeak = () => {
    try {
      const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      peak = Math.max(peak, kb * 1024);
    } catch {
      // gone
    }
  };
  const poll = setInterval(readPeak, 20);
  const done = child.then((result) => {
    clearInterval(poll);
    return {
      code: result.exitCode,
      signal: result.signal,
      stdout: typeof result.stdout === 'string' ? result.stdout : '',
      stderr: String(result.stderr ?? ''),
    };
  });
  return { child, pid, mark, peakBytes: () => peak, done };
}

export interface MarkedProcess {
  pid: number;
  state: string;
  command: string;
}

/** Live (non-zombie) processes whose environment carries the marker, other than `exclude`. */
export function markedProcesses(mark: string, exclude: number[] = []): MarkedProcess[] {
  const wanted = `${MARK_VARIABLE}=${mark}`;
  const found: MarkedProcess[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid || exclude.includes(pid)) continue;
    try {
      if (!readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(wanted)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (state === 'Z' || state === 'X') continue; // a zombie runs nothing
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      found.push({ pid, state, command });
    } catch {
      // exited while we looked, or not ours to read
    }
  }
  return found;
}

/** Waits (generously) for every marked process to be gone; returns those still there. */
export async function leftoversAfter(mark: string, withinMs = 10_000): Promise<MarkedProcess[]> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const left = markedProcesses(mark);
    if (left.length === 0 || Date.now() >= deadline) return left;
    await sleep(100);
  }
}

/** SIGKILLs every marked process, by pid: a test cleans up what it started even when it fails. */
export function killMarked(mark: string): number {
  const left = markedProcesses(mark);
  for (const { pid } of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return left.length;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until `condition` holds; throws with `what` after a generous deadline. */
export async function waitUntil(what: string, condition: () => boolean, withinMs = 30_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!condition()) {
    if (Date.now() >= deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/**
 * Bash for a cleanup step: lists which of the pids in FILE still run (zombies excepted), so a test
 * can tell that a step's processes were gone before cleanup, not only after the lab ended.
 */
export function aliveCheck(pidsFile: string, outFile: string): string {
  return [
    `: > "${outFile}"`,
    `while read -r pid; do`,
    `  [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || continue`,
    `  state=$(sed 's/.*) //' "/proc/$pid/stat" | cut -c1)`,
    `  [ "$state" = Z ] || echo "$pid $state" >> "${outFile}"`,
    `done < "${pidsFile}"`,
  ].join('\n');
}

export const fence = '```';

/** A lab file: frontmatter with WORK, then the given blocks. */
export function labText(title: string, blocks: string[]): string {
  return [`---`, `title: ${title}`, `vars:`, `  WORK: { prompt: "A scratch directory" }`, `---`, '', ...blocks.flatMap((block) => [block, ''])].join('\n');
}

export function bash(attributes: string, body: string): string {
  return `${fence}bash ${attributes}\n${body}\n${fence}`;
}

export function expectBlock(info: string, body: string): string {
  return `${fence}expect${info ? ` ${info}` : ''}\n${body}\n${fence}`;
}

export function readJson(file: string): any {
  return JSON.parse(readFileSync(file, 'utf8'));
}

export interface ReportStep {
  id: string;
  status: string;
  exitCode: number | null;
  failures: Array<{ message: string; diff?: string; host?: string }>;
  hosts?: Array<{ host: string; status: string; error?: string; exitCode: number | null }>;
  skipReason?: string;
}

export function stepsOf(report: any): Record<string, ReportStep> {
  return Object.fromEntries((report.labs[0].steps as ReportStep[]).map((step) => [step.id, step]));
}
