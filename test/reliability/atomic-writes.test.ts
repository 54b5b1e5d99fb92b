// Nothing lost: every fixture, progress and report file is replaced atomically. A writer killed
// with SIGKILL at random moments never leaves a torn file; a full disk (RLIMIT_FSIZE) or a folder
// the process may not write to fails with exit 2, a message naming the file and what to do, and
// the previous file byte for byte as it was. LAB_STRESS=1 scales the kills up.
import { execa } from 'execa';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LabError } from '../../runner/errors/index.js';
import { writeFileAtomic } from '../../runner/fs/atomic-write.js';
import { newProgress, progressFile, progressKey, saveProgress } from '../../runner/walk/state.js';
import { loadLab } from '../../runner/lab/index.js';
import { CLI, ROOT, lab } from '../helpers/cli.js';
import { TmuxSession } from '../helpers/tmux.js';

const STRESS = Boolean(process.env.LAB_STRESS);
const KILLS = STRESS ? 300 : 30;
const WRITER = path.join(ROOT, 'test/samples/atomic/writer.mjs');
const TEMP_NAME = /^\.(.+)\.\d+\.[0-9a-f]+\.tmp$/;

let base: string;
beforeEach(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'lab-atomic-'));
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

/** Version k as the writer script writes it. */
function expectedContent(version: number, size: number): string {
  const line = `${'x'.repeat(1023)}\n`;
  return `BEGIN ${version}\n${line.repeat(Math.ceil(size / line.length)).slice(0, size)}END ${version}\n`;
}

/** Starts the writer, waits until it is about to write, kills it after `delayMs`; resolves when it is gone. */
async function killWriterAfter(target: string, size: number, firstVersion: number, delayMs: number): Promise<void> {
  const child = spawn(process.execPath, [WRITER, target, String(size), String(firstVersion)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', () => reject(new Error(`writer exited before it was ready: ${stderr}`)));
  });
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  child.kill('SIGKILL');
  const signal = await exited;
  expect(signal, stderr).toBe('SIGKILL');
}

describe('SIGKILL at random moments during repeated large writes', () => {
  it(`leaves the complete old or the complete new file every time (${KILLS} kills), and no temp file a reader could take for it`, async () => {
    const dir = path.join(base, 'fixtures');
    const target = path.join(dir, 'big.yaml');
    let version = 0;
    let midWrite = 0;
    let changed = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      const size = (1 + Math.floor(Math.random() * 4)) * 1024 * 1024; // 1-4 MiB: a write takes a while
      await killWriterAfter(target, size, version + 1, Math.floor(Math.random() * 120));
      const names = existsSync(dir) ? await readdir(dir) : [];
      const temps = names.filter((name) => name !== 'big.yaml');
      // Leftovers are hidden `.big.yaml.PID.HEX.tmp` files of the killed writer only: never `big.yaml`-like.
      for (const name of temps) expect(name, `unexpected file ${name}`).toMatch(TEMP_NAME);
      expect(temps.length, 'dead writers\' temp files are swept by the next write').toBeLessThanOrEqual(1);
      if (temps.length) midWrite++;
      if (!names.includes('big.yaml')) {
        expect(version, 'the file disappeared after it had been written').toBe(0);
        continue;
      }
      const text = await readFile(target, 'utf8');
      const match = /^BEGIN (\d+)\n/.exec(text);
      expect(match, `torn file after kill ${kill + 1}: starts ${JSON.stringify(text.slice(0, 20))}`).not.toBeNull();
      const seen = Number(match![1]);
      expect(seen, 'went back to an older version').toBeGreaterThanOrEqual(version);
      const sizeOf = (text.length - `BEGIN ${seen}\nEND ${seen}\n`.length);
      expect(text === expectedContent(seen, sizeOf), `torn file after kill ${kill + 1} (version ${seen}, ${text.length} bytes)`).toBe(true);
      if (seen !== version) changed++;
      version = seen;
    }
    // One clean write afterwards leaves exactly the file: the dead writer's temp file is swept.
    await writeFileAtomic(target, 'final\n');
    expect(await readdir(dir)).toEqual(['big.yaml']);
    expect(await readFile(target, 'utf8')).toBe('final\n');
    console.log(`atomic writes: ${KILLS} SIGKILLs, ${midWrite} landed mid-write (temp file left), the file changed version ${changed} times, 0 torn`);
    expect(changed, 'the writers did replace the file between kills').toBeGreaterThan(0);
  }, STRESS ? 600_000 : 60_000);
});

describe('write failures are values naming the file, and keep the old file', () => {
  it('a folder path whose parent is a regular file: WRITE_FAILED, nothing written', async () => {
    const blocker = path.join(base, 'state');
    await writeFile(blocker, 'a file where a folder should be');
    const { lab: flow } = await loadLab(path.join(ROOT, 'test/samples/walk/unit/flow.md'));
    const error = await saveProgress(newProgress(flow, 'replay'), { XDG_STATE_HOME: blocker }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabError);
    expect(error).toMatchObject({ code: 'WRITE_FAILED' });
    expect((error as LabError).message).toContain(`cannot write walk progress ${progressFile(progressKey(flow, 'replay'), { XDG_STATE_HOME: blocker })}`);
    expect((error as LabError).message).toContain('ENOTDIR');
    expect((error as LabError).hint).toMatch(/remove or rename the file/);
    expect(await readFile(blocker, 'utf8')).toBe('a file where a folder should be');
  });

  it('lab new never replaces an existing lab, even racing: the link fails, nothing is left behind', async () => {
    const file = path.join(base, 'labs', 'a.md');
    await writeFileAtomic(file, 'first\n', { overwrite: false });
    const error = await writeFileAtomic(file, 'second\n', { overwrite: false }).catch((e: unknown) => e as LabError);
    expect(error?.code).toBe('WRITE_FAILED');
    expect(await readFile(file, 'utf8')).toBe('first\n');
    expect(await readdir(path.dirname(file))).toEqual(['a.md']);
  });
});

// ---- Disk full and read-only, through the real CLI ----------------------------------------------

const BIG_LAB = `---
title: Big output
vars:
  NOTE: { default: "${'n'.repeat(1500)}" }
---

# Big output

\`\`\`bash id=big
head -c 3000 /dev/zero | tr '\\0' 'y'; echo
\`\`\`
`;

let project: string;
let fixture: string;
let before: Buffer;

/** A project with one lab whose fixture (and walk progress) is well over 1 KiB. */
async function bigProject(): Promise<void> {
  project = path.join(base, 'project');
  await mkdir(path.join(project, 'labs'), { recursive: true });
  await writeFile(path.join(project, 'labs', 'big.md'), BIG_LAB);
  const recorded = await lab(['record', 'labs/big.md'], { cwd: project, env: { CI: '', NO_COLOR: '1' } });
  expect(recorded.code, recorded.stderr).toBe(0);
  fixture = path.join(project, 'fixtures', 'big.yaml');
  before = await readFile(fixture);
  expect(before.length).toBeGreaterThan(3000);
}

async function expectUnchanged(file: string, content: Buffer): Promise<void> {
  expect(await readFile(file)).toEqual(content);
  expect((await readdir(path.dirname(file))).filter((name) => TEMP_NAME.test(name))).toEqual([]);
}

/**
 * RLIMIT_FSIZE of 1 KiB: any write past it fails with EFBIG, like a full disk. (The kernel also
 * sends SIGXFSZ; Node ignores it, and lab keeps it handled so no library turns it into death.)
 */
const diskFull = (argv: string[]) => ['bash', '-c', 'ulimit -f 1; exec "$@"', 'bash', ...argv];

/**
 * A way to run a child that cannot write to a root-owned 0755 folder. Root ignores permissions,
 * so as root the child runs as `nobody` through setpriv; otherwise the user already cannot.
 */
let dropPrivileges: string[] | undefined;
let noDropReason = '';
beforeAll(async () => {
  if (process.getuid?.() !== 0) {
    dropPrivileges = [];
    return;
  }
  const probe = await execa('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '--', 'true'], { reject: false }).catch(() => undefined);
  if (probe?.exitCode === 0) dropPrivileges = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'];
  else noDropReason = 'running as root without a working setpriv: cannot make a folder unwritable';
});

/** Readable by anyone, writable only by its owner (root): the tree a dropped child sees read-only. */
async function readOnlyTree(dir: string): Promise<void> {
  await chmod(base, 0o755);
  for (let at = dir; at.startsWith(base) && at !== base; at = path.dirname(at)) await chmod(at, 0o755);
  const walk = async (folder: string): Promise<void> => {
    await chmod(folder, process.getuid?.() === 0 ? 0o755 : 0o555);
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      if (entry.isDirectory()) await walk(path.join(folder, entry.name));
      else await chmod(path.join(folder, entry.name), 0o644);
    }
  };
  await walk(dir);
}

async function cli(argv: string[], wrap: (argv: string[]) => string[]) {
  const [command, ...rest] = wrap([process.execPath, CLI, ...argv]);
  const result = await execa(command!, rest, { cwd: project, reject: false, env: { CI: '', NO_COLOR: '1', HOME: base }, timeout: 60_000 });
  return { code: result.exitCode, stderr: String(result.stderr), stdout: String(result.stdout) };
}

describe('a full disk (RLIMIT_FSIZE) when writing a fixture', () => {
  beforeEach(bigProject);

  it('lab accept: exit 2, the file and EFBIG named with what to do, the old fixture intact', async () => {
    const result = await cli(['accept', 'labs/big.md'], diskFull);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('error: cannot write fixture fixtures/big.yaml: the file is larger than this process may write (file size limit) (EFBIG); the previous file, if any, is unchanged');
    expect(result.stderr).toContain('hint: raise the limit');
    await expectUnchanged(fixture, before);
  });

  it('lab record: the live run happens, the write fails with exit 2, the old fixture intact', async () => {
    const result = await cli(['record', 'labs/big.md'], diskFull);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('cannot write fixture fixtures/big.yaml');
    expect(result.stderr).toContain('(EFBIG)');
    await expectUnchanged(fixture, before);
  });
});

describe('a folder the process may not write to', () => {
  beforeEach(bigProject);

  it('lab accept and lab record: exit 2 naming the fixture (EACCES), the old fixture intact', async (context) => {
    if (!dropPrivileges) context.skip(noDropReason);
    await readOnlyTree(path.join(project, 'fixtures'));
    const drop = (argv: string[]) => [...dropPrivileges!, ...argv];
    for (const command of [['accept', 'labs/big.md'], ['record', 'labs/big.md']]) {
      const result = await cli(command, drop);
      expect(result.code, `${command[0]}: ${result.stderr}`).toBe(2);
      expect(result.stderr).toContain('error: cannot write fixture fixtures/big.yaml: permission denied (EACCES); the previous file, if any, is unchanged');
      expect(result.stderr).toContain('hint: make the folder writable');
      await expectUnchanged(fixture, before);
    }
  });
});

describe('saving walk progress fails mid-walk', () => {
  let state: string;
  let progress: string;
  let saved: Buffer;
  const sessions: TmuxSession[] = [];

  beforeEach(async () => {
    await bigProject();
    state = path.join(base, 'state');
    const { lab: big } = await loadLab(path.join(project, 'labs', 'big.md'));
    const done = { ...newProgress(big, 'live'), completedAt: '2026-01-01T00:00:00.000Z', variables: { NOTE: 'n'.repeat(1500) } };
    await saveProgress(done, { XDG_STATE_HOME: state });
    progress = progressFile(progressKey(big, 'live'), { XDG_STATE_HOME: state });
    saved = await readFile(progress);
    expect(saved.length).toBeGreaterThan(1024);
  });
  afterAll(async () => {
    for (const session of sessions.splice(0)) await session.kill();
  });

  async function walkUntilItFails(wrap: (argv: string[]) => string[]): Promise<string> {
    const session = await TmuxSession.start(wrap([process.execPath, CLI, 'walk', 'labs/big.md', '--live']), {
      cwd: project, env: { CI: 'true', XDG_STATE_HOME: state, HOME: base, TERM: 'xterm-256color', NO_COLOR: '1' },
    });
    sessions.push(session);
    await session.waitFor('Run this lab for real?');
    await session.send('Enter');
    await session.waitFor('Use these values?');
    await session.send('Enter');
    const code = await session.exitCode();
    const screen = await session.screen();
    expect(code, screen).toBe(2);
    return screen;
  }

  it('on a full disk: exit 2 naming the progress file, the saved progress intact', async () => {
    const screen = await walkUntilItFails(diskFull);
    expect(screen).toContain(`cannot write walk progress ${progress}`);
    expect(screen).toContain('(EFBIG)');
    await expectUnchanged(progress, saved);
  });

  it('in a folder it may not write to: exit 2 naming the progress file, the saved progress intact', async (context) => {
    if (!dropPrivileges) context.skip(noDropReason);
    await readOnlyTree(state);
    const screen = await walkUntilItFails((argv) => [...dropPrivileges!, ...argv]);
    expect(screen).toContain(`cannot write walk progress ${progress}`);
    expect(screen).toContain('(EACCES)');
    await expectUnchanged(progress, saved);
  });
});
