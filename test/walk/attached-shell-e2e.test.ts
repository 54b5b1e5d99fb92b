// The walk's Terminal key and `lab shell`, end to end in a real terminal (tmux) under CI=true: an
// interactive bash with the lab's state (the learner's ~/.bashrc read first, the lab's values
// winning), what the learner changes there seen by the next step and saved for `lab shell` and a
// resumed walk; practice's Terminal holds only the learner's own answers; secrets never shown.
import { execa } from 'execa';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI, ROOT, lab } from '../helpers/cli.js';
import { TmuxSession } from '../helpers/tmux.js';

const SECRET = 's3cr3t-token-value-987';
const PROMPT = 'learner-prompt$';

const TERMINAL_LAB = `---
id: practice/terminal
title: A shell of the lab's own
order: 9
vars:
  API_TOKEN: { secret: true }
---

# A shell of the lab's own

\`\`\`bash id=setup
export GREETING=from-lab; hello() { echo "hello from the lab's function"; }
\`\`\`

\`\`\`bash id=show
echo "$GREETING $PWD"; hello
\`\`\`

\`\`\`bash id=last
echo "extra is $EXTRA"
\`\`\`
`;

const OPTIONS_LAB = `---
id: practice/options
title: Options from the prompt
order: 10
---

# Options from the prompt

\`\`\`bash id=first
shopt -s extglob; echo first-ran
\`\`\`

\`\`\`bash id=second
false | true; echo "status=$?"; shopt -q nullglob && echo nullglob-on; shopt -q extglob && echo extglob-on; [[ $- == *u* ]] && echo nounset-on; [[ -o vi || -o history ]] || echo no-line-editing
\`\`\`
`;

let base: string;
let project: string;
let state: string;
let home: string;
let elsewhere: string;
const sessions: TmuxSession[] = [];

beforeEach(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'lab-shell-e2e-'));
  project = path.join(base, 'project');
  state = path.join(base, 'state');
  home = path.join(base, 'home');
  elsewhere = path.join(base, 'x');
  await cp(path.join(ROOT, 'test/samples/walk'), project, { recursive: true });
  await writeFile(path.join(project, 'labs/practice/terminal.md'), TERMINAL_LAB);
  await writeFile(path.join(project, 'labs/practice/options.md'), OPTIONS_LAB);
  await mkdir(home);
  await mkdir(elsewhere);
  // The learner's own rc file: its prompt and alias work in the Terminal, its GREETING loses to the lab's.
  await writeFile(path.join(home, '.bashrc'), `PS1='${PROMPT} '\nexport GREETING=from-bashrc\nalias here='echo "alias from bashrc"'\n`);
});

afterEach(async () => {
  for (const session of sessions.splice(0)) await session.kill();
  await rm(base, { recursive: true, force: true });
});

async function start(args: string[], extraEnv: Record<string, string> = {}): Promise<TmuxSession> {
  const session = await TmuxSession.start([process.execPath, CLI, ...args], {
    cwd: project,
    // NODE as the learner's own environment has it (npm sets one too): the fixture's never replaces it.
    env: { CI: 'true', XDG_STATE_HOME: state, HOME: home, TERM: 'xterm-256color', NODE: 'from-the-environment', ...extraEnv },
  });
  sessions.push(session);
  return session;
}

/** A live walk, past its go-ahead question. */
async function walkLive(args: string[], extraEnv: Record<string, string> = {}): Promise<TmuxSession> {
  const walk = await start(['walk', '--live', ...args], extraEnv);
  await walk.waitFor('Run this lab for real?');
  await walk.send('Enter');
  return walk;
}

/** A live walk of the terminal lab with its first step run and the Terminal opened at the second, at the learner's prompt. */
async function terminalAtShow(extraEnv: Record<string, string> = {}): Promise<TmuxSession> {
  const walk = await walkLive(['labs/practice/terminal.md', '--var', `API_TOKEN=${SECRET}`], extraEnv);
  await walk.waitFor('setup:');
  await walk.send('r');
  await walk.waitFor('show:');
  await walk.send('t');
  await walk.waitFor(PROMPT);
  return walk;
}

async function realBash(): Promise<string> {
  return (await execa('bash', ['-c', 'command -v bash'])).stdout.trim();
}

/** The screen with the walk's own line breaks as spaces (a message wrapped at the width). */
function oneLine(screen: string): string {
  return screen.replace(/\s+/g, ' ');
}

/** Types a line at the attached shell's prompt. */
async function typeLine(session: TmuxSession, line: string): Promise<void> {
  await session.type(line);
  await session.send('Enter');
}

async function progressOf(mode: 'live' | 'replay', id: string): Promise<Record<string, unknown>> {
  const dir = path.join(state, 'lab');
  const file = (await readdir(dir)).find((name) => name.startsWith(`${id.replace('/', '__')}.${mode}.`))!;
  return JSON.parse(await readFile(path.join(dir, file), 'utf8')) as Record<string, unknown>;
}

describe('the attached shell', () => {
  it('live: t opens the lab\'s shell (bashrc first, the lab\'s values win, secret present but never shown); the next step sees the change; lab shell --live reads and writes it back', async () => {
    const walk = await walkLive(['labs/practice/terminal.md', '--var', `API_TOKEN=${SECRET}`]);
    await walk.waitFor('setup:');
    await walk.send('r');
    let screen = await walk.waitFor('show:');
    expect(screen).toContain('[t] Terminal');
    await walk.send('t');
    screen = await walk.waitFor(PROMPT);
    expect(screen).toMatch(/── Terminal · step 2\/3 · practice\/terminal/);
    expect(screen).toContain('`exit` or Ctrl-D brings you back to the walk');
    await typeLine(walk, 'echo "in-shell:$GREETING:${#API_TOKEN}"; hello; here');
    await walk.waitFor('in-shell:from-lab:22');
    await walk.waitFor('alias from bashrc');
    await typeLine(walk, `export GREETING=changed EXTRA=by-hand; cd ${elsewhere}; exit`);
    screen = await walk.waitFor('show:', { count: 2 });
    expect(screen).toContain("hello from the lab's function");
    expect(screen).toMatch(/The next steps see what you changed: GREETING, EXTRA, the directory\./);
    expect(screen).toMatch(/^\s+GREETING = changed$/m);
    await walk.send('r');
    screen = await walk.waitFor('last:');
    expect(screen).toContain(`│ changed ${elsewhere}`);
    await walk.send('q');
    expect(await walk.exitCode()).toBe(0);
    expect(await walk.screen()).not.toContain(SECRET);
    const saved = await progressOf('live', 'practice/terminal');
    expect(saved).toMatchObject({ variables: { GREETING: 'changed' }, cwd: elsewhere, terminal: { variables: { EXTRA: 'by-hand' } } });
    expect(JSON.stringify(saved)).not.toContain(SECRET);

    const shell = await start(['shell', '--live', 'labs/practice/terminal.md']);
    screen = await shell.waitFor(PROMPT);
    expect(screen).toContain('Your saved walk, before step 3/3 (last).');
    expect(screen).toContain('Secrets are never saved with progress: API_TOKEN is not set here.');
    await typeLine(shell, 'echo "saved:[$GREETING] [$EXTRA] $PWD"');
    await shell.waitFor(`saved:[changed] [by-hand] ${elsewhere}`);
    await typeLine(shell, 'export GREETING=again EXTRA=second; cd ..; exit');
    expect(await shell.exitCode()).toBe(0);
    expect(await shell.screen()).toContain('Saved. `lab walk practice/terminal --live` resumes with what you changed');
    expect(await progressOf('live', 'practice/terminal')).toMatchObject({ variables: { GREETING: 'again' }, cwd: base, terminal: { variables: { EXTRA: 'second' } } });

    // The walk resumes with what lab shell changed: a value by hand included, in its directory.
    const resumed = await walkLive(['labs/practice/terminal.md', '--var', `API_TOKEN=${SECRET}`]);
    await resumed.waitFor('Pick up where you left off?');
    await resumed.send('r');
    await resumed.waitFor('last:');
    await resumed.send('r');
    screen = await resumed.waitFor('Done · A shell of the lab');
    expect(screen).toContain('│ extra is second');
    expect(await resumed.exitCode()).toBe(0);
  }, 120_000);

  it('practice: the Terminal holds the learner\'s answers, never a replayed value; lab shell reads practice progress only, and --live without live progress is exit 2 naming the command', async () => {
    const walk = await start(['walk', 'labs/practice/basics.md', '--var', 'ZONE=ap-northeast-2a']);
    await walk.waitFor('Use these values?');
    await walk.send('Enter');
    await walk.waitFor('greet:');
    await walk.send('r');
    await walk.waitFor('capture-node:');
    await walk.send('r');
    await walk.waitFor('wait-ready:');
    await walk.send('t');
    let screen: string;
    screen = await walk.waitFor(PROMPT);
    expect(screen).toContain('Practice: this shell has only your own answers (LEARNER, ZONE), not the recording\'s values');
    await typeLine(walk, 'echo "node=[$NODE] zone=[$ZONE]"; export MINE=mine; exit');
    await walk.waitFor('node=[from-the-environment] zone=[ap-northeast-2a]');
    screen = await walk.waitFor('wait-ready:', { count: 2 });
    expect(screen).toContain('Kept in this Terminal for next time: MINE.');
    // The walk itself has the fixture's capture: it never reached the Terminal.
    await walk.send('r');
    screen = await walk.waitFor('show-node:');
    expect(screen).toMatch(/^\s+NODE = ip-192-168-1-10\.ec2\.internal$/m);
    await walk.send('q');
    expect(await walk.exitCode()).toBe(0);
    const saved = await progressOf('replay', 'practice/basics');
    expect(saved).toMatchObject({ terminal: { variables: { MINE: 'mine' } } });

    const shell = await start(['shell', 'labs/practice/basics.md']);
    await shell.waitFor(PROMPT);
    await typeLine(shell, 'echo "again=[$MINE] [$NODE] [$ZONE]"; exit');
    await shell.waitFor('again=[mine] [from-the-environment] [ap-northeast-2a]');
    expect(await shell.exitCode()).toBe(0);

    const live = await lab(['shell', '--live', 'labs/practice/basics.md'], { cwd: project, env: { CI: 'true', XDG_STATE_HOME: state, HOME: home } });
    expect(live.code).toBe(2);
    expect(live.stderr).toContain('no saved live walk of practice/basics to open a shell from');
    expect(live.stderr).toContain('`lab walk practice/basics --live`');
    expect(live.stderr).toContain('`lab shell practice/basics`');
  }, 120_000);

  it('live: a task done in the Terminal passes its Check (the check runs where the learner went)', async () => {
    const work = path.join(base, 'work');
    await mkdir(work);
    const walk = await walkLive(['labs/practice/checks.md', '--var', `WORK=${work}`, '--from', 'check-answer']);
    await walk.waitFor('Use these values?');
    await walk.send('Enter');
    let screen = await walk.waitFor('check-answer:');
    expect(screen).toContain('Terminal opens a shell with the lab\'s state');
    await walk.send('t');
    await walk.waitFor(PROMPT);
    await typeLine(walk, 'cd "$WORK" && echo 42 > answer.txt; exit');
    await walk.waitFor('check-answer:', { count: 2 });
    await walk.send('c');
    screen = await walk.waitFor('Done · Checks that wait for you');
    expect(screen).toContain('Task passed');
    expect(await walk.exitCode()).toBe(0);
  }, 120_000);

  it('live: a Terminal bash killed from outside (SIGKILL) gives the terminal back: the walk says so, its keys work, the next step runs', async () => {
    const walk = await terminalAtShow();
    await typeLine(walk, 'echo "pid=[$$]"');
    const pid = Number(/pid=\[(\d+)\]/.exec(await walk.waitFor(/pid=\[\d+\]/))![1]);
    process.kill(pid, 'SIGKILL');
    let screen = await walk.waitFor('show:', { count: 2 });
    expect(screen).toContain('The shell was killed (SIGKILL)');
    await walk.send('r');
    screen = await walk.waitFor('last:');
    expect(screen).toContain('│ from-lab');
    await walk.send('q');
    expect(await walk.exitCode()).toBe(0);
  }, 120_000);

  it('live: options set at the Terminal prompt (pipefail, nounset, nullglob) reach the next step, with the lab\'s own; line editing and history do not', async () => {
    const walk = await walkLive(['labs/practice/options.md']);
    await walk.waitFor('first:');
    await walk.send('r');
    await walk.waitFor('second:');
    await walk.send('t');
    await walk.waitFor(PROMPT);
    await typeLine(walk, 'set -o pipefail; set -u; shopt -s nullglob; set -o vi; exit');
    let screen = await walk.waitFor('second:', { count: 2 });
    expect(oneLine(screen)).toContain('The next steps see what you changed: `set -o nounset`, `set -o pipefail`, `shopt -s nullglob`.');
    await walk.send('r');
    screen = await walk.waitFor('Done · Options from the prompt');
    expect(screen).toContain('│ status=1');
    expect(screen).toContain('│ nullglob-on');
    expect(screen).toContain('│ extglob-on');
    expect(screen).toContain('│ nounset-on');
    expect(screen).toContain('│ no-line-editing');
    expect(await walk.exitCode()).toBe(0);
  }, 120_000);

  it('live: a value past the 4 MiB cap set at the Terminal (20 MB, 5 MB) is refused naming the variable; nothing of that shell is taken, the walk goes on', async () => {
    const walk = await terminalAtShow();
    await typeLine(walk, "export EXTRA=not-taken BIG=$(head -c 20000000 /dev/zero | tr '\\0' x); exit");
    let screen = await walk.waitFor('show:', { count: 2 });
    expect(oneLine(screen)).toContain('Back in the walk. Nothing was taken from the shell: variable BIG holds more than 12 MiB, more than the 4.0 MiB a lab variable may hold');
    await walk.send('t');
    await walk.waitFor(PROMPT, { count: 2 });
    await typeLine(walk, "export EXTRA=not-taken BIG=$(head -c 5000000 /dev/zero | tr '\\0' y); exit");
    screen = await walk.waitFor('show:', { count: 3 });
    expect(oneLine(screen)).toContain('Nothing was taken from the shell: variable BIG holds 4.8 MiB, more than the 4.0 MiB');
    await walk.send('r');
    await walk.waitFor('last:');
    await walk.send('r');
    screen = await walk.waitFor('Done · A shell of the lab');
    expect(screen).toMatch(/│ extra is $/m);
    expect(await walk.exitCode()).toBe(0);
  }, 120_000);

  it('live: functions and aliases defined at the Terminal are saved and come back in lab shell; bash-completion\'s `_` names (sourced or loaded on Tab) never, the learner\'s own `_x` always', async () => {
    // A completion setup as ~/.bashrc sources one, and a completion file as Tab would load it.
    await writeFile(path.join(home, 'completion.bash'), '_comp_fake() { :; }\n_oldstyle() { :; }\n_comp_cache=1\n');
    await writeFile(path.join(home, 'lazy.bash'), '_lazy() { :; }\n_comp_lazy_state=2\n');
    await writeFile(path.join(home, '.bashrc'), `PS1='${PROMPT} '\n. ${path.join(home, 'completion.bash')}\n`);
    const walk = await terminalAtShow();
    await typeLine(walk, `. ${path.join(home, 'lazy.bash')}; greet() { echo "hi-from-terminal"; }; _mine() { echo "mine-fn"; }; _x=own; alias ll='echo ll-alias'; exit`);
    const screen = await walk.waitFor('show:', { count: 2 });
    expect(oneLine(screen)).toContain('The next steps see what you changed: _x, functions or aliases.');
    await walk.send('q');
    expect(await walk.exitCode()).toBe(0);
    const saved = await progressOf('live', 'practice/terminal') as { terminal: { variables: Record<string, string>; functions: Record<string, string>; aliases: Record<string, string> } };
    expect(Object.keys(saved.terminal.functions).sort()).toEqual(['_mine', 'greet']);
    expect(Object.keys(saved.terminal.aliases)).toEqual(['ll']);
    expect(saved.terminal.variables).toEqual({ _x: 'own' });

    const shell = await start(['shell', '--live', 'labs/practice/terminal.md']);
    await shell.waitFor(PROMPT);
    await typeLine(shell, 'greet; _mine; ll; echo "x=[$_x] lazy=[$(type -t _lazy)] comp=[${_comp_lazy_state-}]"; exit');
    await shell.waitFor('x=[own] lazy=[] comp=[]');
    const text = await shell.screen();
    expect(text).toContain('hi-from-terminal');
    expect(text).toContain('mine-fn');
    expect(text).toContain('ll-alias');
    expect(await shell.exitCode()).toBe(0);
  }, 120_000);

  it('live: killed where lab cannot take the terminal back (no perl nor python3 on PATH): a clear error, exit 130, progress saved', async () => {
    const bin = path.join(base, 'bin');
    await mkdir(bin);
    await symlink(await realBash(), path.join(bin, 'bash'));
    const walk = await terminalAtShow({ PATH: bin });
    await typeLine(walk, 'echo "pid=[$$]"');
    process.kill(Number(/pid=\[(\d+)\]/.exec(await walk.waitFor(/pid=\[\d+\]/))![1]), 'SIGKILL');
    expect(await walk.exitCode()).toBe(130);
    const screen = await walk.screen();
    expect(screen).toContain("error: the Terminal's bash was killed (SIGKILL) and lab could not take the terminal back from it");
    expect(screen).toContain('lab needs perl or python3 on PATH');
    expect(await progressOf('live', 'practice/terminal')).toMatchObject({ nextStepId: 'show' });
  }, 120_000);

  it('lab shell without any progress: exit 2, naming the walk to start', async () => {
    const result = await lab(['shell', 'labs/practice/basics.md'], { cwd: project, input: '', env: { CI: 'true', XDG_STATE_HOME: state, HOME: home } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('labs/practice/basics.md:1:1: error: no saved practice walk of practice/basics to open a shell from');
    expect(result.stderr).toContain('start one with `lab walk practice/basics`');
  });
});
