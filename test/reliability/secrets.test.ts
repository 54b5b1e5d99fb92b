// Secrets: every shape in test/samples/secrets/corpus.yaml (fake values), planted in a live run's
// stdout, stderr, command text, environment and error messages, must reach none of what lab
// writes or shows: the fixture, the report files (json, junit, tap, github), the walk's saved
// progress, and the terminal (stdout and stderr of the lab process, the walk's screen).
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CLI, ROOT } from '../helpers/cli.js';
import { TmuxSession } from '../helpers/tmux.js';

interface Secret {
  kind: string;
  note: string;
  value: string;
  /** The text around the secret as a program prints it (`{}` stands for the value), for shapes known by their context. */
  context?: string;
}

/** What a step prints or holds: the secret in its context. */
const planted = (secret: Secret) => (secret.context ? secret.context.replace('{}', secret.value) : secret.value);

const corpus = parse(readFileSync(path.join(ROOT, 'test/samples/secrets/corpus.yaml'), 'utf8')) as Secret[];
const shapes = corpus.filter((secret) => !secret.kind.startsWith('secret-variable'));
const secretVariables = corpus.filter((secret) => secret.kind.startsWith('secret-variable')).map((secret) => ({ ...secret, name: secret.kind.split(' ')[1]! }));
const TOKEN = secretVariables.find((v) => v.name === 'TOKEN')!;
const DB_PASSWORD = secretVariables.find((v) => v.name === 'DB_PASSWORD')!;
const PLACES = ['stdout', 'stderr', 'command text', 'environment', 'error message'] as const;

/**
 * What would betray a secret: every 16-character window (step 8) of each of its lines, so a leak
 * cut by line wrapping, quoting or truncation is still found. Short values count whole; PEM
 * BEGIN/END lines name a kind, not a secret.
 */
function fingerprints(value: string): string[] {
  const found = new Set<string>();
  // Printed through JSON, a value holding `"` or `\` shows escaped: that form betrays it as well.
  const escaped = JSON.stringify(value).slice(1, -1);
  for (const line of [...value.split('\n'), ...(escaped === value ? [] : [escaped])]) {
    if (/^-----(BEGIN|END) /.test(line)) continue;
    if (line.length <= 16) {
      if (line.length >= 4) found.add(line);
      continue;
    }
    for (let at = 0; at + 16 <= line.length; at += 8) found.add(line.slice(at, at + 16));
    found.add(line.slice(-16));
  }
  return [...found];
}

/** The text as a reader would decode it: no colours, no XML entities, no workflow-command escapes. */
function decoded(text: string): string {
  return text
    .replace(/\u001b\[[0-9;]*[A-Za-z]/g, '')
    .replace(/&#10;/g, '\n').replace(/&#13;/g, '\r').replace(/&#9;/g, '\t')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')
    .replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%')
    .replace(/\\n/g, '\n');
}

let base: string;
let project: string;
let secretsDir: string;
let out: string;
let state: string;
/** Every place lab wrote or showed something, by name. */
const outputs = new Map<string, string>();
const sessions: TmuxSession[] = [];

const fence = '```';
const singleLine = shapes.filter((secret) => !secret.value.includes('\n')).map((secret) => ({ ...secret, value: planted(secret) }));
const multiLine = shapes.filter((secret) => secret.value.includes('\n'));

const frontmatter = (title: string) => `---
title: ${title}
vars:
  PLANT_DIR: { description: the folder of planted secrets }
  TOKEN: { secret: true }
  DB_PASSWORD: { secret: true }
---
`;

/** Passes: the secrets go to stdout, stderr, the command text and the environment. */
function plantLab(): string {
  const quoted = singleLine.map((secret) => `'${secret.value}'`).join(' \\\n  ');
  const heredocs = multiLine.map((secret) => `cat > /dev/null <<'EOF'\n${secret.value}\nEOF`).join('\n');
  const exports = shapes.map((_, index) => `export EXPORTED_${index}="$(cat "$PLANT_DIR/${index}.txt")"`).join('\n');
  return `${frontmatter('Planted secrets')}
# Planted secrets

Every shape of secret, in every place a live run can show it.

${fence}bash id=in-stdout
for f in "$PLANT_DIR"/*.txt; do cat "$f"; done
echo "token $TOKEN password $DB_PASSWORD"
printf '{"password": "%s"}\n' "$(printf '%s' "$DB_PASSWORD" | sed 's/[\\\\"]/\\\\&/g')"
${fence}

${fence}bash id=in-stderr
for f in "$PLANT_DIR"/*.txt; do cat "$f" >&2; done
echo "token $TOKEN password $DB_PASSWORD" >&2
${fence}

${fence}bash id=in-command
: ${quoted}
${heredocs}
: "$TOKEN" "$DB_PASSWORD"
${fence}

${fence}bash id=in-environment
${exports}
export EXPORTED_TOKEN="$TOKEN" EXPORTED_PASSWORD="$DB_PASSWORD"
env
${fence}
`;
}

/** Fails: each secret is an expectation the output does not meet, so it is in the failure message. */
function errorLab(): string {
  const expectations = [...shapes.map(planted), '{{TOKEN}}', '{{DB_PASSWORD}}']
    .map((text) => `${fence}expect contains\n${text}\n${fence}\n`).join('\n');
  return `${frontmatter('Planted secrets in error messages')}
# Error messages

${fence}bash id=in-errors
echo "none of the secrets is here"
${fence}

${expectations}`;
}

const processEnv = () => ({
  ...Object.fromEntries(shapes.map((secret, index) => [`PLANTED_${index}`, planted(secret)])),
  DB_PASSWORD: DB_PASSWORD.value, NO_COLOR: '1', HOME: base,
});

async function run(name: string, args: string[], env: Record<string, string> = {}) {
  const result = await execa(process.execPath, [CLI, ...args], { cwd: project, reject: false, env: { ...processEnv(), CI: 'true', ...env }, timeout: 60_000 });
  outputs.set(`terminal: ${name}`, `${String(result.stdout)}\n${String(result.stderr)}`);
  return { code: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
}

const reporters = (name: string) => ['json', 'junit', 'tap', 'github'].flatMap((kind) => ['--reporter', `${kind}:${path.join(out, `${name}.${kind}`)}`]);
const vars = () => ['--var', `PLANT_DIR=${secretsDir}`, '--var', `TOKEN=${TOKEN.value}`];

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'lab-secrets-'));
  project = path.join(base, 'project');
  secretsDir = path.join(base, 'secrets');
  out = path.join(base, 'out');
  state = path.join(base, 'state');
  for (const dir of [path.join(project, 'labs'), secretsDir, out]) await mkdir(dir, { recursive: true });
  await writeFile(path.join(project, 'package.json'), '{}\n');
  await writeFile(path.join(project, 'labs', 'plant.md'), plantLab());
  await writeFile(path.join(project, 'labs', 'plant-errors.md'), errorLab());
  for (const [index, secret] of shapes.entries()) await writeFile(path.join(secretsDir, `${index}.txt`), `${planted(secret)}\n`);
}, 60_000);

afterAll(async () => {
  for (const session of sessions.splice(0)) await session.kill();
  await rm(base, { recursive: true, force: true });
});

describe('planted secrets', () => {
  it('lab run --live: all reporters, plain and coloured', async () => {
    const plain = await run('run --live', ['run', '--live', 'labs/plant.md', 'labs/plant-errors.md', ...vars(), '--reporter', 'pretty', ...reporters('run')]);
    expect(plain.code, plain.stderr).toBe(1);
    // The plants did run: their placeholders are on the terminal.
    for (const placeholder of ['<AWS_ACCESS_KEY_ID>', '<AWS_SECRET_ACCESS_KEY>', '<AWS_SESSION_TOKEN>', '<K8S_AWS_TOKEN>', '<JWT>', '<PRIVATE_KEY>', '<CERTIFICATE_DATA>', '<GITHUB_TOKEN>', '<SECRET:TOKEN>', '<SECRET:DB_PASSWORD>']) {
      expect(plain.stdout, placeholder).toContain(placeholder);
    }
    const json = JSON.parse(await readFile(path.join(out, 'run.json'), 'utf8'));
    const status = Object.fromEntries(json.labs.map((l: { id: string; status: string }) => [l.id, l.status]));
    expect(status).toEqual({ plant: 'passed', 'plant-errors': 'failed' });
    const errors = json.labs.find((l: { id: string }) => l.id === 'plant-errors');
    expect(errors.steps[0].failures).toHaveLength(corpus.length);

    const coloured = await run('run --live (colour)', ['run', '--live', 'labs/plant.md', 'labs/plant-errors.md', ...vars(), '--reporter', 'pretty', '--reporter', 'github'], { FORCE_COLOR: '1', NO_COLOR: '' });
    expect(coloured.code).toBe(1);
    expect(coloured.stdout).toMatch(/\u001b\[/);
  });

  it('lab record: the fixture, the reports and the terminal; a failing recording writes nothing', async () => {
    const recorded = await run('record', ['record', 'labs/plant.md', ...vars(), ...reporters('record')], { CI: '' });
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(recorded.stderr).toMatch(/recorded 4 steps to fixtures\/plant\.yaml \(\d+ redactions\)/);
    const fixture = await readFile(path.join(project, 'fixtures', 'plant.yaml'), 'utf8');
    outputs.set('fixture', fixture);
    expect(fixture).toContain('<PRIVATE_KEY>');
    expect(fixture).toContain('EXPORTED_0:');

    const failed = await run('record (failing)', ['record', 'labs/plant-errors.md', ...vars(), ...reporters('record-errors')], { CI: '' });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('not recorded: a step failed');
    expect(await readdir(path.join(project, 'fixtures'))).toEqual(['plant.yaml']);

    const replay = await run('run (replay)', ['run', 'labs/plant.md', ...vars(), ...reporters('replay')]);
    expect(replay.code, replay.stderr).toBe(0);
  });

  it('bad input quoting a secret (a --var without NAME=) is masked in the error', async () => {
    // (A value that happens to read as NAME=VALUE, like base64 ending in `=`, is a valid --var: left out.)
    const malformed = singleLine.filter((secret) => !secret.context && !/^[A-Za-z_][A-Za-z0-9_-]*=/.test(secret.value));
    expect(malformed.length).toBeGreaterThan(10);
    const results = await Promise.all(malformed.map((secret, index) => run(`--var error ${index}`, ['run', '--live', 'labs/plant.md', '--var', secret.value])));
    for (const result of results) {
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/error: bad --var `<[A-Z0-9_]+>`: write --var NAME=VALUE/);
    }
  });

  it('lab walk --live: the screen and the saved progress', async () => {
    const walk = async (file: string) => {
      const env = Object.fromEntries(Object.entries({ ...processEnv(), CI: 'true', XDG_STATE_HOME: state, TERM: 'xterm-256color' }).map(([k, v]) => [k, String(v)]));
      const session = await TmuxSession.start([process.execPath, CLI, 'walk', '--live', file, ...vars()], { cwd: project, env, width: 160 });
      sessions.push(session);
      await session.waitFor('Run this lab for real?');
      await session.send('Enter');
      await session.waitFor('Use these values?');
      await session.send('Enter');
      return session;
    };
    const passing = await walk('labs/plant.md');
    for (const step of ['in-stdout', 'in-stderr', 'in-command', 'in-environment']) {
      await passing.waitFor(`${step}:`);
      await passing.send('r');
    }
    expect(await passing.exitCode()).toBe(0);
    const screen = await passing.screen();
    outputs.set('walk screen (plant)', screen);
    expect(screen).toContain('│ <PRIVATE_KEY>');
    expect(screen).toContain('token <SECRET:TOKEN> password <SECRET:DB_PASSWORD>');

    const failing = await walk('labs/plant-errors.md');
    await failing.waitFor('in-errors:');
    await failing.send('r');
    await failing.waitFor('Not as expected:');
    await failing.send('o');
    await failing.waitFor('Not as expected:', { count: 2 });
    await failing.send('q');
    expect(await failing.exitCode()).toBe(0);
    const errorsScreen = await failing.screen();
    outputs.set('walk screen (errors)', errorsScreen);
    expect(errorsScreen).toContain('does not contain the expected line "<SECRET:TOKEN>"');

    const saved = await readdir(path.join(state, 'lab'));
    // Progress is kept per lab file and mode: <id>.live.<file hash>.json.
    expect(saved.sort()).toEqual([expect.stringMatching(/^plant-errors\.live\.[0-9a-f]+\.json$/), expect.stringMatching(/^plant\.live\.[0-9a-f]+\.json$/)]);
    const plantProgress = saved.find((name) => name.startsWith('plant.live.'))!;
    for (const name of saved) outputs.set(`walk progress ${name}`, await readFile(path.join(state, 'lab', name), 'utf8'));
    // Remembered: the folder and the loop variable; not one EXPORTED_* (each holds a secret), nor TOKEN or DB_PASSWORD.
    expect(Object.keys(JSON.parse(outputs.get(`walk progress ${plantProgress}`)!).variables).sort()).toEqual(['PLANT_DIR', 'f']);
  }, 60_000);

  it('reach none of the fixture, the reports, the saved progress or the terminal', async () => {
    for (const name of await readdir(out)) outputs.set(`report ${name}`, await readFile(path.join(out, name), 'utf8'));
    expect([...outputs.keys()].filter((key) => key.startsWith('report ')).length).toBe(16);
    const leaks: string[] = [];
    let checks = 0;
    for (const secret of corpus) {
      const prints = fingerprints(secret.value);
      for (const [where, text] of outputs) {
        const readable = decoded(text);
        checks++;
        const leaked = prints.find((print) => text.includes(print) || readable.includes(print));
        if (leaked) leaks.push(`${secret.kind} (${secret.note}) in ${where}: …${leaked}…`);
      }
    }
    expect(leaks).toEqual([]);
    console.log(`secrets: ${corpus.length} secrets (${shapes.length} shapes, ${secretVariables.length} secret variables) × ${PLACES.length} places = ${corpus.length * PLACES.length} plants; `
      + `${outputs.size} outputs checked (${checks} secret×output checks), 0 leaks`);
  });
});
