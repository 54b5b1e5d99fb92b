// The session behaves like one terminal: what a step sets is there in the next one.
import { mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStateDump } from '../../runner/shell/state.js';
import { hostSetup, optionsKeyLines } from '../../runner/shell/host-sync.js';
import { openSession, tempDir } from './helpers.js';

describe('ShellSession state across steps', () => {
  it('keeps exported and plain variables, cd, functions and aliases', async () => {
    const session = await openSession();
    const dir = tempDir();
    const first = await session.run(
      `export REGION=ap-northeast-2\nN1=10.0.1.5\ncd ${dir}\ngreet() { echo "hello $1"; }\nalias k='echo kubectl'`,
    );
    expect(first.exitCode).toBe(0);
    const second = await session.run('echo "$REGION $N1"; pwd; greet lab; k get nodes; bash -c \'echo "child:$REGION:$N1"\'');
    expect(second.stdout).toBe(`ap-northeast-2 10.0.1.5\n${dir}\nhello lab\nkubectl get nodes\nchild:ap-northeast-2:\n`);
    expect(session.cwd).toBe(dir);
  });

  it('keeps arrays, integers, exported functions, shell options and umask', async () => {
    const session = await openSession();
    await session.run('NODES=(n1 "n 2" n3); declare -i COUNT=4; up() { echo UP; }; export -f up; set -o pipefail; umask 027');
    const run = await session.run('echo "${#NODES[@]} ${NODES[1]}"; COUNT+=1; echo $COUNT; bash -c up; false | true; echo "pipe=$?"; umask');
    expect(run.stdout).toBe('3 n 2\n5\nUP\npipe=1\n0027\n');
  });

  it('ends with the exit code of `exit 3` and keeps what the step set before it', async () => {
    const session = await openSession();
    const run = await session.run('KEPT=yes\nexit 3\necho never');
    expect(run.exitCode).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.variables).toEqual({ KEPT: 'yes' });
    expect((await session.run('echo $KEPT')).stdout).toBe('yes\n');
  });

  it('reports only the variables the step created or changed', async () => {
    const session = await openSession();
    await session.run('export SAME=1 CHANGED=a');
    const run = await session.run('SAME=1; CHANGED=b; NEW="two words"; export EXPORTED=x; unset NOPE; cd /');
    expect(run.variables).toEqual({ CHANGED: 'b', NEW: 'two words', EXPORTED: 'x' });
    expect(session.variables()).toMatchObject({ SAME: '1', CHANGED: 'b', NEW: 'two words', EXPORTED: 'x', LAB_RUNNER: '1' });
    expect(session.variables()).not.toHaveProperty('RANDOM');
    expect(session.variables()).not.toHaveProperty('BASHPID');
  });

  it('forgets an unset variable, even one from the runner environment', async () => {
    const session = await openSession({ env: { ...process.env, FROM_RUNNER: 'r' } });
    expect((await session.run('echo "[$FROM_RUNNER]"; unset FROM_RUNNER')).stdout).toBe('[r]\n');
    expect((await session.run('echo "[$FROM_RUNNER]"; printenv FROM_RUNNER || echo none')).stdout).toBe('[]\nnone\n');
  });

  it('sets LAB_RUNNER=1 and variables from the runner, exported or not', async () => {
    const session = await openSession();
    session.setVariables({ CLUSTER_NAME: 'myeks', QUOTE: `it's "x" $HOME \\` }, { export: true });
    session.setVariables({ LOCAL_ONLY: 'here' }, { export: false });
    const run = await session.run('echo "$LAB_RUNNER $CLUSTER_NAME $LOCAL_ONLY"; echo "$QUOTE"; bash -c \'echo "[$CLUSTER_NAME][$LOCAL_ONLY]"\'');
    expect(run.stdout).toBe(`1 myeks here\nit's "x" $HOME \\\n[myeks][]\n`);
    expect(() => session.setVariables({ 'BAD-NAME': 'x' }, { export: true })).toThrow(/not a valid shell variable name/);
    expect(() => session.setVariables({ BASHPID: '1' }, { export: true })).toThrow(/bash manages itself/);
  });

  it('runs a step in its cwd= but keeps the session directory unless the step itself cd-ed', async () => {
    const session = await openSession();
    const home = session.cwd;
    mkdirSync(join(home, 'terraform', 'modules'), { recursive: true });
    expect((await session.run('pwd', { cwd: 'terraform' })).stdout).toBe(`${join(home, 'terraform')}\n`);
    expect(session.cwd).toBe(home);
    await session.run('cd modules', { cwd: 'terraform' });
    expect(session.cwd).toBe(join(home, 'terraform', 'modules'));
    const missing = await session.run('echo ran', { cwd: 'no-such-dir' });
    expect(missing.exitCode).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/no-such-dir/);
  });

  it('survives a step that deletes the session directory', async () => {
    const session = await openSession();
    const dir = tempDir();
    await session.run(`cd ${dir} && rmdir ${dir}`);
    const run = await session.run('echo still here');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe('still here\n');
    expect(run.stderr).toMatch(/is gone/);
    expect(realpathSync('/')).toBe('/');
  });

  it('does not trace its own machinery when a step turns on set -x', async () => {
    const session = await openSession();
    const run = await session.run('set -x\necho traced');
    // One `+` more than a terminal would print: the step runs inside one eval.
    expect(run.stderr).toBe('++ echo traced\n');
    const next = await session.run('echo again');
    expect(next.stdout).toBe('again\n');
    // xtrace persists like in a terminal, and still only the step's commands are traced.
    expect(next.stderr).toBe('++ echo again\n');
    // The runner's switch that turned it on is gone before the script (and before the trace) starts.
    const third = await session.run('echo "${__lab_xtrace-none}"');
    expect([third.stdout, third.stderr]).toEqual(['none\n', '++ echo none\n']);
  });

  it("runs a step's own EXIT trap and still keeps the state", async () => {
    const session = await openSession();
    const run = await session.run('TMP_MARK=set\ntrap \'echo "cleanup $?"; echo bye >&2\' EXIT\nexit 5');
    expect(run).toMatchObject({ stdout: 'cleanup 5\n', stderr: 'bye\n', exitCode: 5, variables: { TMP_MARK: 'set' } });
    // The step's trap does not follow it into the next step: each step is a fresh bash.
    const next = await session.run('echo "$TMP_MARK"');
    expect(next.stdout).toBe('set\n');
  });

  it('keeps a variable the runner sets while a step is running', async () => {
    const session = await openSession();
    const running = session.run('sleep 0.5; FROM_STEP=1');
    await new Promise((resolve) => setTimeout(resolve, 100));
    session.setVariables({ FROM_RUNNER: 'r' }, { export: true });
    expect((await running).variables).toEqual({ FROM_STEP: '1' });
    expect((await session.run('echo "$FROM_STEP $FROM_RUNNER"')).stdout).toBe('1 r\n');
  });

  it('a step that changed no variable dumps the same text and the runner parses, compares and sends none of it again', async () => {
    const dump = (value: string) => `K\0k\0U\0umask 0022\n\0C\0/\0D\0declare -x HOME="/root"\ndeclare -- N="${value}"\n\0F\0\0A\0\0E\0`;
    const first = parseStateDump(dump('1'))!;
    const same = parseStateDump(dump('1'))!;
    expect(same.variables).toBe(first.variables);
    expect(parseStateDump(dump('2'))!.variables.get('N')?.value).toBe('2');
    const host = { cwd: '/', variables: first.variables, functions: '', aliases: '', options: same.options };
    expect(hostSetup(host, same, {}).script).toBe('');
  });

  it('keeps the options and their key a step started with when its dump has neither, and takes both when it has them', () => {
    const previous = { options: 'set -o errexit\nshopt -s extglob\n', optionsKey: 'errexit|extglob' };
    const kept = parseStateDump('U\0umask 0022\n\0C\0/\0D\0\0F\0\0A\0\0E\0', previous)!;
    expect(kept).toMatchObject({ options: 'set -o errexit\nshopt -s extglob\numask 0022\n', optionsKey: 'errexit|extglob' });
    const changed = parseStateDump('O\0set +o errexit\n\0K\0|extglob\0U\0umask 0022\n\0C\0/\0D\0\0F\0\0A\0\0E\0', previous)!;
    expect(changed).toMatchObject({ options: 'set +o errexit\numask 0022\n', optionsKey: '|extglob' });
  });

  it('keeps a variable the runner set during a step while the next steps dump the same variables', async () => {
    const session = await openSession();
    await session.run('true');
    const running = session.run('sleep 0.3');
    await new Promise((resolve) => setTimeout(resolve, 100));
    session.setVariables({ LATE: 'r' }, { export: false });
    await running;
    await session.run('true');
    await session.run('true');
    expect(session.variables().LATE).toBe('r');
    expect((await session.run('echo "${LATE-none}"; unset LATE')).stdout).toBe('r\n');
    await session.run('true');
    expect(session.variables().LATE).toBeUndefined();
    expect((await session.run('echo "${LATE-none}"')).stdout).toBe('none\n');
  });
});

describe('the options key the host holds', () => {
  it('is sent as its two halves, and empty (so the step dumps its options) when it could be a pattern', () => {
    expect(optionsKeyLines('braceexpand:hashall|extglob:nocasematch')).toEqual([
      '__lab_shellopts_key=braceexpand:hashall', '__lab_bashopts_key=extglob:nocasematch',
    ]);
    for (const key of ['', 'braceexpand*|extglob', 'braceexpand', 'a|b|c', 'a?|b']) {
      expect(optionsKeyLines(key)).toEqual(["__lab_shellopts_key=''", "__lab_bashopts_key=''"]);
    }
  });
});
