// The session host: one bash holds the state and forks each step; what that design must keep.
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Readable } from 'node:stream';
import { SentinelStream } from '../../runner/shell/sentinel-stream.js';
import { ShellHost } from '../../runner/shell/host.js';
import { DumpFile } from '../../runner/shell/dump-file.js';
import { findBash } from '../../runner/shell/spawn.js';
import { HOOK_FUNCTIONS } from '../../runner/shell/exit-hooks.js';
import { openSession } from './helpers.js';
import { processAlive } from '../helpers/process-alive.js';

/** Pids whose command line contains `pattern` (pgrep never lists itself). */
function pgrep(pattern: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).trim().split('\n').map(Number);
  } catch {
    return [];
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the session host', () => {
  it('keeps $$ the same across steps, like one terminal, while each step has its own process', async () => {
    const session = await openSession();
    const first = (await session.run('echo $$ $BASHPID')).stdout.trim().split(' ');
    const second = (await session.run('echo $$ $BASHPID')).stdout.trim().split(' ');
    expect(first[0]).toBe(second[0]);
    expect(first[1]).not.toBe(second[1]);
  });

  it('gives a step no positional parameters, as a terminal has none (the host\'s own arguments once leaked, the sentinel among them)', async () => {
    const session = await openSession();
    const step = await session.run('echo "[$#] [$*]"; test -n $@ && echo not-empty; echo after');
    expect(step.stdout).toBe('[0] []\nnot-empty\nafter\n');
    expect(step.stderr).toBe('');
    expect((await session.run('echo next')).stdout).toBe('next\n');
  });

  it('survives `kill $$` and even `kill -9 $$`: the next step gets the state back', async () => {
    const session = await openSession();
    await session.run('KEPT=yes; greet() { echo "hi $1"; }; alias say=echo; cd /');
    const terminated = await session.run('kill $$; echo after-term');
    expect(terminated.stdout).toBe('after-term\n');
    const killed = await session.run('kill -9 $$; sleep 5');
    expect(killed.exitCode).toBeNull();
    expect(killed.stderr).toMatch(/shell died/);
    const next = await session.run('echo "$KEPT $PWD"; greet you; say aliased');
    expect(next.stdout).toBe('yes /\nhi you\naliased\n');
  });

  it('tells the host what was unset, unexported or changed in kind', async () => {
    const session = await openSession();
    await session.run('export GONE=1 UNEXPORTED=2; LIST=(a b c); f() { :; }; alias a1=true');
    await session.run('unset GONE; export -n UNEXPORTED; unset LIST; LIST=scalar; unset -f f; unalias a1');
    const check = await session.run(
      'echo "${GONE-unset}"; env | grep -c ^UNEXPORTED= || true; declare -p LIST; type -t f || echo no-f; alias a1 2>/dev/null || echo no-alias',
    );
    expect(check.stdout).toBe('unset\n0\ndeclare -- LIST="scalar"\nno-f\nno-alias\n');
  });

  it('carries options, a large script and large variables', async () => {
    const session = await openSession();
    const big = 'x'.repeat(200_000);
    await session.run(`BIG='${big}'; set -o pipefail; shopt -s nullglob`);
    const lines = Array.from({ length: 2_000 }, (_, i) => `N=$((\${N:-0} + ${i % 2}))`).join('\n');
    const run = await session.run(`${lines}\necho "$N \${#BIG}"; set -o | grep -E '^pipefail'; shopt nullglob`);
    expect(run.stdout).toMatch(/^1000 200000\npipefail\s+on\nnullglob\s+on\n$/);
  });

  it('reads each script verbatim, its leading blank lines kept, whatever IFS the session set', async () => {
    const session = await openSession();
    const line = async (script: string) => Number((await session.run(script)).stdout.trim().split(' ').pop());
    expect((await line('\n\n  echo $LINENO  \n')) - (await line('echo $LINENO'))).toBe(2);
    await session.run("IFS=': '");
    expect((await session.run('echo "[$IFS]"')).stdout).toBe('[: ]\n');
    expect((await line('\n\n\techo "$IFS" $LINENO')) - (await line('echo $LINENO'))).toBe(2);
  });

  it('turns options on and back off again, across several steps each', async () => {
    const session = await openSession();
    const flags = async () => (await session.run('echo "$-"; shopt -p nullglob')).stdout;
    await session.run('set -eu; shopt -s nullglob');
    expect(await flags()).toMatch(/^[^\n]*e[^\n]*u[^\n]*\nshopt -s nullglob\n$/);
    expect(await flags()).toMatch(/^[^\n]*e[^\n]*u/);
    await session.run('set +eu; shopt -u nullglob');
    for (let i = 0; i < 2; i++) {
      const now = await flags();
      expect(now).not.toMatch(/^[^\n]*[eu]/);
      expect(now).toMatch(/shopt -u nullglob\n$/);
    }
    // Job control never reaches a step: its commands stay in its process group.
    expect((await session.run('echo "$-"')).stdout).not.toContain('m');
  });

  it('sees an option turned off while extglob and nocasematch, which change how bash matches, are on', async () => {
    const session = await openSession();
    const shopts = async () => (await session.run('shopt -p extglob nocasematch; set -o | grep -E "^pipefail"')).stdout;
    await session.run('shopt -s extglob nocasematch; set -o pipefail');
    expect(await shopts()).toMatch(/^shopt -s extglob\nshopt -s nocasematch\npipefail\s+on\n$/);
    await session.run('shopt -u nocasematch');
    expect(await shopts()).toMatch(/^shopt -s extglob\nshopt -u nocasematch\npipefail\s+on\n$/);
    await session.run('set +o pipefail');
    expect(await shopts()).toMatch(/^shopt -s extglob\nshopt -u nocasematch\npipefail\s+off\n$/);
  });

  it("hands a step its stdin, cwd and options without the host's copies of them, which its dump need not unset", async () => {
    const session = await openSession();
    await session.run('mkdir -p sub; set -o pipefail');
    const leftovers = 'echo "${__lab_stdin-none} ${__lab_step_cwd-none} ${__lab_options-none}"';
    const run = await session.run(`${leftovers}; cat; pwd; set -o | grep -E '^pipefail'`, { stdin: 'fed\n', cwd: 'sub' });
    expect(run.stdout).toMatch(/^none none none\nfed\n\/.*\/sub\npipefail\s+on\n$/);
    // The host still holds them: the next step with the same stdin and cwd gets them again.
    expect((await session.run('cat; pwd', { stdin: 'fed\n', cwd: 'sub' })).stdout).toMatch(/^fed\n\/.*\/sub\n$/);
  });

  it('stops a daemon that left its process group with setsid when the session closes', async () => {
    const session = await openSession();
    const marker = `lab-setsid-${process.pid}-${Date.now()}`;
    const run = await session.run(`setsid bash -c 'exec -a ${marker} sleep 1000' </dev/null >/dev/null 2>&1 & sleep 0.3; pgrep -f ${marker}`);
    const pid = Number(run.stdout.trim().split('\n')[0]);
    expect(pid).toBeGreaterThan(1);
    expect(processAlive(pid)).toBe(true);
    await session.close();
    for (let i = 0; i < 50 && processAlive(pid); i++) await sleep(100);
    expect(processAlive(pid)).toBe(false);
    expect(pgrep(marker)).toEqual([]);
  });

  it('drops what a daemon prints after its step ended instead of mixing it into the next step', async () => {
    const session = await openSession();
    const first = await session.run('(sleep 0.3; echo late; echo late-err >&2) & echo first');
    expect(first.stdout).toBe('first\n');
    // The daemon writes between the two steps: neither step may own those bytes.
    await sleep(800);
    const next = await session.run('echo mine');
    expect(next.stdout).toBe('mine\n');
    expect(next.stderr).toBe('');
  });
});

const onLinuxTmpfs = DumpFile.open();
onLinuxTmpfs?.close();

/** A bare host (no session around it), its child's pipes, closed after `use`. */
async function withHost(use: (host: ShellHost, pipes: Readable[]) => Promise<void>): Promise<void> {
  const host = await ShellHost.start({ bashPath: findBash(), env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, cwd: '/' });
  try {
    await use(host, (host as unknown as { child: { stdio: Readable[] } }).child.stdio);
  } finally {
    await host.close();
  }
}

const plainStep = { setup: '', options: '', optionsKey: '', graceMs: 1_000, outputCapBytes: 1024 * 1024 };

describe('the session host, per step', () => {
  it.runIf(onLinuxTmpfs)('wakes the runner twice at the end of a step (stdout, then stderr with the exit status) and never on the state pipe', async () => {
    await withHost(async (host, pipes) => {
      await host.run({ ...plainStep, script: 'true' });
      const reads = { stdout: 0, stderr: 0, state: 0 };
      pipes[1]!.on('data', () => reads.stdout++);
      pipes[2]!.on('data', () => reads.stderr++);
      pipes[4]!.on('data', () => reads.state++);
      const statuses: Array<number | null> = [];
      for (let i = 0; i < 20; i++) statuses.push((await host.run({ ...plainStep, script: `exit ${i % 3}` })).attempt.exitCode);
      expect(statuses).toEqual(Array.from({ length: 20 }, (_, i) => i % 3));
      expect(reads.state).toBe(0);
      expect(reads.stdout).toBeLessThanOrEqual(20);
      expect(reads.stderr).toBeLessThanOrEqual(20);
    });
  });

  it('keeps a step\'s own stderr, its status and the setup\'s messages apart from the host\'s job notices', async () => {
    await withHost(async (host) => {
      const run = await host.run({ ...plainStep, setup: "builtin cd -- /nonexistent-lab-dir || builtin printf 'gone\\n' >&2\n", script: 'echo out; echo err >&2; exit 7' });
      expect(run.attempt).toMatchObject({ stdout: 'out\n', exitCode: 7 });
      expect(run.attempt.stderr).toMatch(/^[^\n]*cd: \/nonexistent-lab-dir: No such file or directory\ngone\nerr\n$/);
      // No "[1]+ Done" and no message of the host's `kill -0` after the step reach its stderr.
      const next = await host.run({ ...plainStep, script: 'sleep 0.1 & wait' });
      expect(next.attempt).toMatchObject({ stdout: '', stderr: '', exitCode: 0 });
    });
  });

  it.runIf(onLinuxTmpfs)('dumps the same declarations after steps that changed nothing, whatever their script, status or EXIT trap, and the runner keeps none of bash\'s own or its helpers\' variables', async () => {
    await withHost(async (host) => {
      const declarations = () => (host as unknown as { dumpFile: DumpFile }).dumpFile.read().text.split('\0D\0')[1]!.split('\0F\0')[0]!;
      const run = await host.run({ ...plainStep, script: 'MINE=1; BASH_MINE=2; declare -a LIST=(a b)' });
      expect(run.state?.variables.get('MINE')?.value).toBe('1');
      expect(run.state?.variables.get('LIST')?.value).toBe('a');
      // bash's read-only and undeletable variables are in the dump, as before (unset refused them), and never kept.
      const kept = [...run.state!.variables.keys()];
      expect(kept.filter((name) => /^(BASH|__lab_)|^(EUID|UID|PPID|SHELLOPTS|RANDOM|FUNCNAME|SHLVL|PIPESTATUS|_)$/.test(name))).toEqual([]);
      expect(declarations()).toMatch(/^declare -- MINE="1"$/m);
      // A bare host is told nothing between steps: the next ones start from its own variables.
      await host.run({ ...plainStep, script: 'true' });
      const first = declarations();
      expect(first).toMatch(/^declare -r BASHOPTS=/m);
      // Neither the host's script nor the step's own text is repeated in it.
      expect(first).not.toMatch(/BASH_EXECUTION_STRING|__lab_script|__lab_setup|BASHPID/);
      for (const script of ['echo hi; exit 3', "trap 'echo bye' EXIT; false", 'f() { :; }; unset -f f; true | false']) {
        await host.run({ ...plainStep, script });
        expect(declarations()).toBe(first);
      }
    });
  });

  it('dumps the state without an error from bash (no variable it refuses to unset)', () => {
    const { stderr, status } = spawnSync(findBash(), ['--norc', '--noprofile', '-c', `${HOOK_FUNCTIONS}\n__lab_dump 0 >/dev/null`], { encoding: 'utf8' });
    expect(status).toBe(0);
    expect(stderr).toBe('');
  });

  it('stops a step that is timed out as soon as it started, its pid read from where the step wrote it', async () => {
    await withHost(async (host) => {
      const started = Date.now();
      const run = await host.run({ ...plainStep, script: 'sleep 30', timeoutMs: 1 });
      expect(run.attempt.timedOut).toBe(true);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect((await host.run({ ...plainStep, script: 'echo alive' })).attempt.stdout).toBe('alive\n');
    });
  });
});

describe('SentinelStream', () => {
  const sentinel = Buffer.from('\x1e\x1fEND\x1f\x1e');

  it('finds a sentinel split across chunks and hands on the bytes before it', async () => {
    const stream = new SentinelStream(sentinel);
    const got: string[] = [];
    const done = stream.next((chunk) => void got.push(chunk.toString()));
    stream.push(Buffer.from('hello \x1e'));
    stream.push(Buffer.from('x\x1e\x1fE'));
    stream.push(Buffer.from('ND\x1f\x1etrailing'));
    await done;
    expect(got.join('')).toBe('hello \x1ex');
  });

  it('reads the exit record after the sentinel, split across chunks, and drops what follows it', async () => {
    const stream = new SentinelStream(sentinel, true);
    const got: string[] = [];
    const done = stream.next((chunk) => void got.push(chunk.toString()));
    stream.push(Buffer.from('err\x1e\x1fEND\x1f'));
    stream.push(Buffer.from('\x1eX\x0012'));
    stream.push(Buffer.from('7\x00late'));
    expect(await done).toEqual({ status: 127 });
    expect(got.join('')).toBe('err');
    const next: string[] = [];
    const second = stream.next((chunk) => void next.push(chunk.toString()));
    stream.push(Buffer.from('two\x1e\x1fEND\x1f\x1eX\x000\x00'));
    expect(await second).toEqual({ status: 0 });
    expect(next.join('')).toBe('two');
  });

  it('completes a pending step with what arrived when the pipe closes', async () => {
    const stream = new SentinelStream(sentinel);
    const got: string[] = [];
    const done = stream.next((chunk) => void got.push(chunk.toString()));
    stream.push(Buffer.from('partial\x1e\x1f'));
    stream.close();
    await done;
    expect(got.join('')).toBe('partial\x1e\x1f');
  });
});
