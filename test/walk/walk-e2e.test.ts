// `lab walk` end to end in a real terminal (tmux), under CI=true, as a learner would use it:
// the compiled CLI, a copy of the test project in a temp dir, progress under a temp XDG_STATE_HOME.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI, ROOT, lab } from '../helpers/cli.js';
import { TmuxSession, occurrences } from '../helpers/tmux.js';

let project: string;
let state: string;
const sessions: TmuxSession[] = [];

beforeEach(async () => {
  const base = await mkdtemp(path.join(os.tmpdir(), 'lab-walk-'));
  project = path.join(base, 'project');
  state = path.join(base, 'state');
  await cp(path.join(ROOT, 'test/samples/walk'), project, { recursive: true });
});

afterEach(async () => {
  for (const session of sessions.splice(0)) await session.kill();
  await rm(path.dirname(project), { recursive: true, force: true });
});

async function walk(args: string[], env: Record<string, string> = {}): Promise<TmuxSession> {
  const session = await TmuxSession.start([process.execPath, CLI, 'walk', ...args], {
    cwd: project,
    env: { CI: 'true', XDG_STATE_HOME: state, TERM: 'xterm-256color', ...env },
  });
  sessions.push(session);
  return session;
}

/** A live walk of labs/practice/checks.md, started (both questions answered) and at its first step. */
async function liveChecks(work: string): Promise<TmuxSession> {
  const session = await walk(['--live', 'labs/practice/checks.md', '--var', `WORK=${work}`]);
  await session.waitFor('Run this lab for real?');
  await session.send('Enter');
  await session.waitFor('Use these values?');
  await session.send('Enter');
  await session.waitFor('make-work:');
  return session;
}

/** `g` Steps, `down` rows down the list, then "Just go there" to that step. */
async function justGoThere(session: TmuxSession, down: number, step: string): Promise<void> {
  await session.send('g');
  await session.waitFor('Go to which step?');
  for (let i = 0; i < down; i++) await session.send('Down');
  await session.send('Enter');
  await session.waitFor(step);
  await session.send('g');
}

describe('lab walk in a terminal', () => {
  it('picks a lab from the list, runs steps, quits midway and resumes with variables restored, passes the task', async () => {
    const first = await walk([]);
    await first.waitFor('Which lab?');
    const catalogue = await first.screen();
    expect(catalogue).toMatch(/── practice ──/);
    expect(catalogue).toMatch(/Walk basics on a pretend cluster · 5 steps · ~5 min · recorded \S+ · new/);
    await first.send('Enter');

    await first.waitFor('(ZONE)');
    await first.type('ap-northeast-2a');
    await first.send('Enter');
    await first.waitFor('Use these values?');
    await first.send('Enter');

    let screen = await first.waitFor('greet:');
    expect(screen).toContain('── Step 1/5 · greet · Say hello');
    // One pair of marks: an answered prompt shows the walk's ✓, never inquirer's ✔.
    expect(screen).toMatch(/✓ Use these values\? Yes/);
    expect(screen).not.toMatch(/[✔✘]/);
    // As written, the values below it.
    expect(screen).toContain('$ echo "Hello, $LEARNER from $ZONE"');
    expect(screen).toMatch(/^\s+LEARNER = learner$/m);
    expect(screen).toMatch(/^\s+ZONE\s+= ap-northeast-2a$/m);

    await first.send('r');
    screen = await first.waitFor('capture-node:');
    expect(screen).toContain('│ Hello, learner from ap-northeast-2a');
    expect(screen).toContain('✓ stdout matches these lines');
    await first.send('r');
    await first.waitFor('wait-ready:');
    await first.send('r');
    screen = await first.waitFor('show-node:');
    expect(screen).toContain('↻ attempt 2/3');
    expect(screen).toContain('passed after 2 attempts');
    expect(screen).toContain('$ echo "node is $NODE"');
    expect(screen).toMatch(/^\s+NODE = ip-192-168-1-10\.ec2\.internal$/m);
    await first.send('q');
    expect(await first.exitCode()).toBe(0);
    expect(await first.screen()).toContain('`lab walk practice/basics` resumes at step 4/5');

    const second = await walk(['labs/practice/basics.md']);
    await second.waitFor('Pick up where you left off?');
    expect(await second.screen()).toContain('You stopped before step 4/5 (show-node)');
    await second.send('r');
    await second.waitFor('Use these values?');
    expect(await second.screen()).toMatch(/ZONE\s+ap-northeast-2a/); // the answer was remembered
    await second.send('Enter');
    screen = await second.waitFor('show-node:');
    expect(screen).not.toContain('Step 1/5');
    // NODE was captured in the first walk: restored, the command shows its value.
    expect(screen).toMatch(/^\s+NODE = ip-192-168-1-10\.ec2\.internal$/m);
    await second.send('r');
    screen = await second.waitFor('check-answer:');
    expect(screen).toContain('│ node is ip-192-168-1-10.ec2.internal');
    expect(screen).toContain('Your task');
    await second.send('o');
    await second.waitFor('$ ANSWER=42');
    await second.send('c');
    screen = await second.waitFor('Done · Walk basics on a pretend cluster');
    expect(screen).toContain('Task passed');
    expect(screen).toMatch(/5 passed · 0 failed · 0 skipped/);
    expect(screen).toContain('Next this week: Checks that wait for you');
    expect(screen).toContain('lab walk practice/checks');
    expect(await second.exitCode()).toBe(0);
  }, 120_000);

  it('live: a mismatch shows the diff and Retry passes once fixed, Ctrl-C stops one step, a task is not yet then passed', async () => {
    const work = path.join(path.dirname(project), 'work');
    const session = await liveChecks(work);
    await session.send('r');
    await session.waitFor('read-state:');
    await session.send('r');
    let screen = await session.waitFor('Not as expected:');
    expect(screen).toContain('No such file');
    expect(screen).toMatch(/✗ stdout matches these lines/);
    expect(screen).toMatch(/^\s*-ready$/m); // the diff: expected line missing
    await session.send('o');
    screen = await session.waitFor('[exit 1]');
    await writeFile(path.join(work, 'state.txt'), 'ready\n');
    await session.send('r');
    screen = await session.waitFor('capture-token:');
    expect(occurrences(screen, 'Not as expected:')).toBe(2); // once after the run, once after Show output
    expect(screen).toMatch(/✓ passed/);

    await session.send('r');
    await session.waitFor('slow-step:');
    await session.send('r');
    await session.waitFor('│ started');
    await session.waitFor('Ctrl-C stops this step');
    await session.send('C-c');
    screen = await session.waitFor('Stopped:');
    expect(screen).toContain('Stopped (Ctrl-C). The walk goes on.');
    await session.send('s');

    screen = await session.waitFor('use-token:');
    expect(screen).toContain('$ echo "token is $TOKEN"');
    expect(screen).toMatch(/^\s+TOKEN = tok-\d+$/m);
    await session.send('r');
    await session.waitFor('check-answer:');
    await session.send('c');
    screen = await session.waitFor('Not yet.');
    await session.waitFor('check-answer:', { count: 2 });
    screen = await session.screen();
    expect(screen).toContain('Hint: echo 42 > answer.txt does it.');
    await writeFile(path.join(work, 'answer.txt'), '42\n');
    await session.send('c');
    screen = await session.waitFor('Done · Checks that wait for you');
    expect(screen).toContain('Task passed');
    expect(screen).toMatch(/5 passed · 0 failed · 1 skipped/);
    expect(await session.exitCode()).toBe(0);
  }, 120_000);

  it('renders the prose before the steps: lists, nested lists, tables, headings, no raw ** or backticks', async () => {
    const session = await walk(['labs/practice/basics.md', '--var', 'ZONE=ap-northeast-2a']);
    await session.waitFor('Use these values?');
    await session.send('Enter');
    const screen = await session.waitFor('greet:');
    const prose = screen.slice(screen.indexOf('Practice mode'), screen.indexOf('Step 1/5'));
    expect(prose).toContain('Walk basics');
    expect(prose).toMatch(/This lab is practice for the walk\. It uses echo and friends:\s*\n/);
    expect(prose).toMatch(/^\s*\* a list item with bold and inline code$/m);
    expect(prose).toMatch(/^\s*\* a nested item with kubectl get nodes and more bold$/m);
    expect(prose).toMatch(/endpointPublicAccess\s*│\s*true/);
    expect(prose).toContain('apiVersion: v1');
    expect(prose).not.toContain('**');
    expect(prose).not.toContain('`');
    await session.send('q');
    expect(await session.exitCode()).toBe(0);
  });

  it('practice: a step changed since the recording is replayed from the old command, said so, and the walk goes on; lab run still fails it', async () => {
    const file = path.join(project, 'labs/practice/basics.md');
    const source = await readFile(file, 'utf8');
    await writeFile(file, source.replace('echo "Hello, $LEARNER from $ZONE"', 'echo "Hello, $LEARNER from $ZONE" # edited after the recording'));
    const session = await walk(['labs/practice/basics.md', '--var', 'ZONE=ap-northeast-2a']);
    await session.waitFor('Use these values?');
    await session.send('Enter');
    let screen = await session.waitFor('greet:');
    expect(screen).toContain('changed since the recording; output replayed is from the old command');
    expect(screen).not.toContain('CI never re-records');
    await session.send('r');
    screen = await session.waitFor('capture-node:');
    expect(screen).toContain('│ Hello, learner from ap-northeast-2a');
    expect(occurrences(screen, 'changed since the recording')).toBe(1); // only the edited step
    await session.send('q');
    expect(await session.exitCode()).toBe(0);

    const ci = await lab(['run', 'labs/practice/basics.md', '--var', 'ZONE=ap-northeast-2a'], { cwd: project, env: { CI: 'true', XDG_STATE_HOME: state } });
    expect(ci.code).not.toBe(0);
    expect(ci.stderr + ci.stdout).toContain('greet');
    expect(ci.stderr + ci.stdout).toContain('CI never re-records');
  }, 120_000);

  it('practice says where each output came from: transcribed with the fixture\'s note in Details, written by hand, never "the recorded run"', async () => {
    const session = await walk(['labs/remote/nodes.md']);
    let screen = await session.waitFor('find-node:');
    expect(screen).toContain('remote/nodes · 3 steps');
    expect(screen).toContain('Practice mode: outputs come from the fixture, not one live run (2 transcribed, 1 written by hand)');
    expect(screen).not.toContain('recorded run');
    await session.send('d');
    screen = await session.waitFor("replayed output: transcribed (note: the walk's tests:");
    await session.waitFor('find-node:', { count: 2 });
    await session.send('r');
    screen = await session.waitFor('node-uname:');
    expect(screen).toContain('✓ passed (transcribed)');
    await session.send('r');
    await session.waitFor('after:');
    await session.send('r');
    screen = await session.waitFor('Done · Reach a node over ssh');
    expect(screen).toContain('✓ passed (written by hand)');
    expect(screen).not.toMatch(/written by hand.*\d+ms|recorded 0ms/);
    expect(await session.exitCode()).toBe(0);
  }, 120_000);

  it('Run all stops at the task; the step list shows statuses and jumps back; Back goes one step up', async () => {
    const session = await walk(['labs/practice/basics.md', '--var', 'ZONE=ap-northeast-2a']);
    await session.waitFor('Use these values?');
    await session.send('Enter');
    let screen = await session.waitFor('greet:');
    expect(screen).toContain('[a] Run all');
    await session.send('a');
    screen = await session.waitFor('check-answer:');
    expect(screen).toContain('│ node is ip-192-168-1-10.ec2.internal'); // show-node ran unasked
    expect(screen).toContain('Run all stops here: a task for you.');
    for (const id of ['capture-node', 'wait-ready', 'show-node']) expect(occurrences(screen, `${id}:`)).toBe(0); // never asked
    await session.send('g');
    screen = await session.waitFor('Go to which step?');
    expect(screen).toMatch(/1\. greet\s+✓ passed/);
    expect(screen).toMatch(/5\. check-answer\s+▶ here/);
    await session.send('Up');
    await session.send('Up');
    await session.send('Up');
    await session.send('Enter');
    screen = await session.waitFor('capture-node:');
    expect(occurrences(screen, '── Step 2/5 · capture-node')).toBe(2);
    await session.send('b');
    screen = await session.waitFor('greet:', { count: 2 });
    expect(occurrences(screen, '── Step 1/5 · greet')).toBe(2);
    await session.send('q');
    expect(await session.exitCode()).toBe(0);
  }, 120_000);

  it('practice, Just go there: what the steps gone past recorded is filled in, so a later step has its value', async () => {
    const session = await walk(['labs/practice/basics.md', '--var', 'ZONE=ap-northeast-2a']);
    await session.waitFor('Use these values?');
    await session.send('Enter');
    await session.waitFor('greet:');
    await justGoThere(session, 3, 'Step 4 (show-node):');
    let screen = await session.waitFor('show-node:');
    expect(screen).toContain('Filled in from the recording of the steps gone past: NODE, POLLS.');
    expect(screen).toMatch(/^\s+NODE = ip-192-168-1-10\.ec2\.internal$/m);
    await session.send('r');
    screen = await session.waitFor('check-answer:');
    expect(screen).toContain('│ node is ip-192-168-1-10.ec2.internal');
    expect(screen).not.toContain('Not as expected');
    await session.send('q');
    expect(await session.exitCode()).toBe(0);
  }, 120_000);

  it('live: Back to a step that ran asks before running it again (No keeps it, Yes runs it); Just go there names the values not set', async () => {
    const work = path.join(path.dirname(project), 'work');
    const session = await liveChecks(work);
    await session.send('r');
    await session.waitFor('read-state:');
    await session.send('b');
    await session.waitFor('make-work:', { count: 2 });
    await session.send('r');
    let screen = await session.waitFor('This step already ran for real (passed). Run it again?');
    await session.send('Enter'); // the default: No
    screen = await session.waitFor('make-work:', { count: 3 });
    expect(occurrences(screen, `│ working in ${work}`)).toBe(1);
    await session.send('r');
    await session.waitFor('This step already ran for real (passed). Run it again?', { count: 2 });
    await session.type('y');
    await session.send('Enter');
    screen = await session.waitFor('read-state:', { count: 2 });
    expect(occurrences(screen, `│ working in ${work}`)).toBe(2);

    await justGoThere(session, 3, 'Step 5 (use-token):');
    screen = await session.waitFor('use-token:');
    // Live invents nothing: TOKEN, which capture-token sets, is named as missing.
    expect(screen).toContain('Not set: TOKEN (the steps gone past set it');
    expect(screen).not.toContain('Filled in from the recording');
    await session.send('q');
    expect(await session.exitCode()).toBe(0);
  }, 120_000);

  it('NO_COLOR: headings carry a rule under them and inline code its backticks, so neither reads as prose', async () => {
    const session = await walk(['labs/practice/basics.md', '--var', 'ZONE=ap-northeast-2a'], { NO_COLOR: '1' });
    await session.waitFor('Use these values?');
    await session.send('Enter');
    const screen = await session.waitFor('greet:');
    expect(await session.screen({ escapes: true })).not.toMatch(/\x1b\[(?:1|2|3\d)m/); // no colour at all
    const lines = screen.split('\n').map((line) => line.trimEnd());
    const heading = lines.indexOf('Walk basics');
    expect(heading).toBeGreaterThan(0);
    expect(lines[heading + 1]).toBe('═'.repeat('Walk basics'.length));
    const section = lines.indexOf('Say hello');
    expect(lines[section + 1]).toBe('─'.repeat('Say hello'.length));
    expect(screen).toContain('This lab is practice for the walk. It uses `echo` and friends:');
    expect(screen).toMatch(/^\s*\* a list item with bold and `inline code`$/m);
    expect(screen).not.toContain('**');
    await session.send('q');
    expect(await session.exitCode()).toBe(0);
  }, 120_000);

  it('--from STEP starts there, practice filling in what earlier steps recorded; an unknown step is exit 2 with did-you-mean', async () => {
    const session = await walk(['labs/practice/basics.md', '--from', 'show-node', '--var', 'ZONE=ap-northeast-2a']);
    await session.waitFor('Use these values?');
    await session.send('Enter');
    const screen = await session.waitFor('show-node:');
    expect(screen).not.toContain('Step 1/5');
    expect(screen).toContain('── Step 4/5 · show-node');
    expect(screen).toMatch(/^\s+NODE = ip-192-168-1-10\.ec2\.internal$/m); // from the fixture's capture-node
    await session.send('q');
    expect(await session.exitCode()).toBe(0);

    const wrong = await walk(['labs/practice/basics.md', '--from', 'shw-node']);
    expect(await wrong.exitCode()).toBe(2);
    expect(await wrong.screen()).toContain('has no step `shw-node` (did you mean `show-node`?)');
  }, 120_000);

  it('40 columns: the header fits, the command is cut with a marker (never reflowed), its variables listed (secret masked), and copied without the secret', async () => {
    const secret = 's3cr3t-token-value-987';
    const session = await TmuxSession.start([process.execPath, CLI, 'walk', 'labs/remote/long.md', '--var', `API_TOKEN=${secret}`], {
      cwd: project, width: 40, height: 40,
      env: { CI: 'true', XDG_STATE_HOME: state, TERM: 'xterm-256color', LAB_CLIPBOARD: 'file' },
    });
    sessions.push(session);
    await session.waitFor('Use these values?');
    await session.send('Enter');
    let screen = await session.waitFor('list-public-addresses:');
    // capture-pane -J joins wrapped lines: a line longer than 40 is one the terminal had to wrap.
    const long = screen.split('\n').filter((line) => line.trimEnd().length > 40);
    expect(long).toEqual([]);
    // The row of keys breaks between choices, never inside one (`[e] Edit (live only)` whole).
    for (const choice of ['[r] Run', '[a] Run all', '[e] Edit (live only)', '[d] Details', '[y] Copy', '[g] Steps', '[q] Quit']) {
      expect(screen).toContain(choice);
    }
    expect(screen).toMatch(/^── Step 1\/1 · list-public-addresses ─+$/m);
    const cut = screen.split('\n').filter((line) => line.trimEnd().endsWith('↩'));
    expect(cut.length).toBeGreaterThan(1);
    // Glued back at the markers, the pieces are the command exactly as written.
    const start = screen.indexOf('$ curl');
    const pieces = screen.slice(start).split('\n').slice(0, cut.length + 1).map((line) => line.slice(2).replace(/ ↩\s*$/, ''));
    expect(pieces.join('')).toBe('curl -s -H "Authorization: Bearer $API_TOKEN" "https://api.example.test/clusters/$CLUSTER_NAME/nodes?fields=publicIp&format=text"');
    expect(screen).toMatch(/^\s+API_TOKEN\s+= •••••• \(secret/m);
    expect(screen).toMatch(/^\s+CLUSTER_NAME = myeks$/m);
    await session.send('y');
    screen = await session.waitFor(/command is in\s+(\S+command\.sh)/);
    const file = /command is in\s+(\S+command\.sh)/.exec(screen)![1]!;
    const copied = await readFile(file, 'utf8');
    expect(copied).toBe('curl -s -H "Authorization: Bearer $API_TOKEN" "https://api.example.test/clusters/myeks/nodes?fields=publicIp&format=text"\n');
    expect(copied).not.toContain(secret);
    expect(await session.screen()).not.toContain(secret);
    await rm(path.dirname(file), { recursive: true, force: true });
    await session.send('q');
    expect(await session.exitCode()).toBe(0);
  }, 120_000);

  it('refuses without a terminal and points at lab run', async () => {
    const result = await lab(['walk', 'labs/practice/basics.md'], { cwd: project, input: '', env: { CI: 'true', XDG_STATE_HOME: state } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('needs a terminal');
    expect(result.stderr).toContain('lab run');
  });
});
