// `npm run bench`: the cost targets of the project, each measured against a baseline taken in the
// same run on the same machine and printed as a ratio, then written to bench/results.json.
// Times are medians of several runs after a warm-up. Tests check behaviour; this checks cost.
// See docs/performance.md. `--quick` runs fewer rounds and smaller inputs (a smoke check).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureFlood } from './flood.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist/bin/main.js');
const bin = (name) => path.join(root, 'node_modules/.bin', name);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'lab-bench-'));
const env = { ...process.env, CI: 'true', NO_COLOR: '1' };
const quick = process.argv.includes('--quick');
const rounds = quick ? 3 : 7;
const fence = '```';
const node = process.execPath;
const started = Date.now();

// ---------------------------------------------------------------- measuring

function run(command, args, options = {}) {
  const begin = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30, ...options });
  const ms = Number(process.hrtime.bigint() - begin) / 1e6;
  if (result.status !== 0 && !options.allowFailure) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${String(result.stderr).slice(0, 800)}`);
  }
  return ms;
}

/** Median wall time after one warm-up run (file cache, JIT of Node's own loader). */
function median(command, args, options = {}, count = rounds) {
  run(command, args, options);
  const samples = Array.from({ length: count }, () => run(command, args, options)).sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

/** Peak resident memory (VmHWM, a high-water mark) of a process, polled from /proc until it exits. */
function peakRss(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? root, env: options.env ?? env, stdio: ['ignore', 'ignore', 'pipe'] });
    let peak = 0;
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const poll = setInterval(() => {
      try {
        const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
        peak = Math.max(peak, kb);
      } catch {}
    }, 10);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}: ${stderr.slice(0, 800)}`));
      else resolve(peak / 1024);
    });
  });
}

// ---------------------------------------------------------------- reporting

const rows = [];
const fmt = (n) => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2));

/**
 * One figure. `target` is `{ ratio: max }` (value / baseline must not exceed it) or
 * `{ value: max }` (the value itself); `pass` says whether it held in this run.
 */
function report(name, value, baseline, unit, target, note) {
  const ratio = value / baseline;
  const pass = target.ratio !== undefined ? ratio <= target.ratio : value <= target.value;
  const targetText = target.ratio !== undefined ? `ratio <= ${target.ratio}` : `<= ${target.value} ${unit}`;
  rows.push({ name, value: round(value), baseline: round(baseline), unit, ratio: round(ratio), target: targetText, pass, note });
  console.log(
    `${pass ? 'ok  ' : 'MISS'} ${name.padEnd(46)} ${fmt(value).padStart(8)} ${unit.padEnd(4)} vs ${fmt(baseline).padStart(8)} ${unit.padEnd(4)} ratio ${fmt(ratio).padStart(6)}  target ${targetText}`,
  );
  if (note) console.log(`     ${note}`);
}

const round = (n) => Math.round(n * 1000) / 1000;

// ---------------------------------------------------------------- inputs

function writeLab(file, title, body) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `---\ntitle: ${title}\n---\n\n# Steps\n\n${body}`);
  return file;
}

function filesIn(dir, ending) {
  const found = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) found.push(...filesIn(full, ending));
    else if (ending.test(entry) && entry.toLowerCase() !== 'readme.md') found.push(full);
  }
  return found.sort();
}

/** A project holding the catalogue `copies` times: labs/copy-N/... and fixtures/copy-N/... */
function catalogueCopies(copies) {
  const project = path.join(tmp, `catalogue-x${copies}`);
  mkdirSync(project, { recursive: true });
  writeFileSync(path.join(project, 'package.json'), '{"private":true}\n');
  for (let i = 1; i <= copies; i++) {
    cpSync(path.join(root, 'labs'), path.join(project, 'labs', `copy-${i}`), { recursive: true });
    cpSync(path.join(root, 'fixtures'), path.join(project, 'fixtures', `copy-${i}`), { recursive: true });
  }
  return project;
}

/** The same 200 trivial commands as a lab (also annotated for txm, and plain ```bash for zx) and as a script. */
function trivialSteps(count) {
  const commands = Array.from({ length: count }, (_, i) => (i % 2 === 0 ? 'true' : 'echo x'));
  const body = ['<!-- !test program bash -->', '', ...commands.flatMap((c, i) => [`<!-- !test check step ${i} -->`, '', `${fence}bash`, c, fence, ''])].join('\n');
  const lab = writeLab(path.join(tmp, `trivial-${count}/labs/steps.md`), `${count} trivial steps`, body);
  const script = path.join(tmp, `trivial-${count}/steps.sh`);
  writeFileSync(script, `${commands.join('\n')}\n`);
  return { lab, script };
}

// ---------------------------------------------------------------- the figures

try {
  console.log(`lab bench: ${rounds} rounds, medians after a warm-up; ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), node ${process.version}\n`);

  // 1. Replay of the whole catalogue vs only reading and parsing the same files.
  {
    const labs = filesIn(path.join(root, 'labs'), /\.md$/);
    const fixtures = filesIn(path.join(root, 'fixtures'), /\.yaml$/);
    const floor = `const [{ marked }, fixtures, fs] = await Promise.all([import('marked'), import('${path.join(root, 'dist/replay/index.js')}'), import('node:fs')]);
      for (const f of ${JSON.stringify(labs)}) marked.lexer(fs.readFileSync(f, 'utf8'));
      for (const f of ${JSON.stringify(fixtures)}) fixtures.readFixture(f);`;
    const baseline = median(node, ['--input-type=module', '-e', floor]);
    const replay = median(node, [cli, 'run', 'labs', '--reporter', 'json']);
    report('replay: lab run labs (json reporter)', replay, baseline, 'ms', { ratio: 2 }, `baseline: node reading the ${labs.length} labs and ${fixtures.length} fixtures, marked's lexer + the fixture parser`);
  }

  // 2. Live: per-step overhead over bash, and against txm and zx on the same Markdown.
  {
    const one = trivialSteps(1);
    const many = trivialSteps(200);
    const live = (lab) => median(node, [cli, 'run', '--live', lab, '--reporter', 'json'], { cwd: path.dirname(path.dirname(lab)) });
    const lab1 = live(one.lab);
    const lab200 = live(many.lab);
    const bash1 = median('bash', [one.script]);
    const bash200 = median('bash', [many.script]);
    // The marginal cost of a step: start-up (Node, loading the lab) cancels out.
    const perStep = ((lab200 - lab1) - (bash200 - bash1)) / 199;
    const bashPerStep = Math.max((bash200 - bash1) / 199, 0.001);
    report('live: overhead per step over bash', perStep, bashPerStep, 'ms', { value: 2 },
      `200 steps (true / echo x): lab run --live ${fmt(lab200)} ms, 1 step ${fmt(lab1)} ms; bash script ${fmt(bash200)} ms; baseline: bash's own cost per command`);
    const txm = median(bin('txm'), [many.lab]);
    report('live: 200 steps, lab vs txm', lab200, txm, 'ms', { ratio: 1 }, 'baseline: txm (Markdown example tester) running the same file, one `!test check` per block');
    const zx = median(bin('zx'), [many.lab]);
    report('live: 200 steps, lab vs zx', lab200, zx, 'ms', { ratio: 1 }, 'baseline: zx running the same file (each ```bash block becomes await $`...`)');
  }

  // 3. Start-up.
  {
    const nodeFloor = median(node, ['-e', '0'], {}, rounds * 2);
    report('start-up: lab --version', median(node, [cli, '--version'], {}, rounds * 2), nodeFloor, 'ms', { ratio: 3 }, 'baseline: node -e 0');
    const oneLab = path.join(root, 'labs/week1/control-plane.md');
    report('start-up: lab lint <one lab>', median(node, [cli, 'lint', oneLab], {}, rounds * 2), nodeFloor, 'ms', { ratio: 3 }, 'baseline: node -e 0 (lint includes the lab\'s fixture)');
  }

  // 4. Memory: a step printing 500 MB, run and recorded.
  {
    const megabytes = quick ? 100 : 500;
    const dir = path.join(tmp, 'flood');
    const quiet = writeLab(path.join(dir, 'labs/quiet.md'), 'quiet', `${fence}bash id=quiet\necho small\n${fence}\n`);
    const flood = writeLab(path.join(dir, 'labs/flood.md'), 'flood', `${fence}bash id=flood\nyes 'a line of output that repeats' | head -c ${megabytes}000000\n${fence}\n`);
    const options = { cwd: dir };
    const quietPeak = await peakRss(node, [cli, 'run', '--live', quiet], options);
    const runPeak = await peakRss(node, [cli, 'run', '--live', flood], options);
    report(`memory: lab run --live, step printing ${megabytes} MB`, runPeak, quietPeak, 'MiB', { value: 200 }, 'peak RSS (VmHWM); baseline: the same run of a step printing one line; pretty reporter streaming every line');
    const recordEnv = { ...env, CI: '' };
    const recordPeak = await peakRss(node, [cli, 'record', flood], { cwd: dir, env: recordEnv });
    const fixture = readFileSync(path.join(dir, 'fixtures/flood.yaml'), 'utf8');
    const marker = /\[\.\.\. (\d+) bytes not kept \.\.\.\]/.exec(fixture);
    report(`memory: lab record, step printing ${megabytes} MB`, recordPeak, quietPeak, 'MiB', { value: 200 },
      `fixture: ${(fixture.length / 1024).toFixed(0)} KiB, ${marker ? `marked "[... ${marker[1]} bytes not kept ...]"` : 'NO truncation marker'}`);
    if (!marker) rows.at(-1).pass = false;
  }

  // 5. A hung step is killed at its timeout, with its process group.
  {
    const dir = path.join(tmp, 'hung');
    const hung = writeLab(path.join(dir, 'labs/hung.md'), 'hung', `${fence}bash id=hung timeout=1s\nsleep 1000 & sleep 1000\n${fence}\n`);
    const slept = writeLab(path.join(dir, 'labs/sleep.md'), 'sleep', `${fence}bash id=sleep\nsleep 1\n${fence}\n`);
    const baseline = median(node, [cli, 'run', '--live', slept], { cwd: dir }, 3);
    const value = median(node, [cli, 'run', '--live', hung], { cwd: dir, allowFailure: true }, 3);
    const leftovers = spawnSync('pgrep', ['-f', 'sleep 1000'], { encoding: 'utf8' }).stdout.trim();
    report('timeout: hung step with timeout=1s', value, baseline, 'ms', { ratio: 1.25 }, `baseline: a step that sleeps 1 s; processes left behind: ${leftovers ? leftovers.split('\n').length : 0}`);
    if (leftovers) rows.at(-1).pass = false;
  }

  // 6. Scaling: the catalogue copied 1x, 10x, 100x; the cost per step must stay flat.
  {
    const scales = quick ? [1, 5, 20] : [1, 10, 100];
    const stepsPerCopy = JSON.parse(spawnSync(node, [cli, 'list', '--json'], { cwd: root, env, encoding: 'utf8' }).stdout).reduce((n, lab) => n + (lab.steps ?? 0), 0);
    for (const [command, args] of [['replay', ['run', 'labs', '--reporter', 'json']], ['lint', ['lint', 'labs']]]) {
      const times = scales.map((copies) => {
        const project = catalogueCopies(copies);
        return median(node, [cli, ...args], { cwd: project, allowFailure: command === 'lint' }, copies >= 50 ? 3 : rounds);
      });
      const [small, middle, large] = scales;
      const perStep = (a, b, ta, tb) => (tb - ta) / ((b - a) * stepsPerCopy);
      const lower = perStep(small, middle, times[0], times[1]);
      const upper = perStep(middle, large, times[1], times[2]);
      report(`scaling: ${command}, ms per step ${middle}x→${large}x`, upper, lower, 'ms', { ratio: 1.5 },
        `${scales.map((s, i) => `${s}x (${s * stepsPerCopy} steps) ${fmt(times[i])} ms`).join(', ')}; baseline: ms per step ${small}x→${middle}x`);
      rmSync(path.join(tmp, 'catalogue-x' + large), { recursive: true, force: true });
    }
  }

  await measureFlood({ cli, report, quick });

  const elapsed = (Date.now() - started) / 1000;
  const missed = rows.filter((row) => !row.pass);
  console.log(`\n${rows.length - missed.length}/${rows.length} targets held${missed.length ? `; missed: ${missed.map((row) => row.name).join(', ')}` : ''} (${elapsed.toFixed(0)} s)`);
  const results = { at: new Date().toISOString(), machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model.trim(), memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` }, quick, rounds, seconds: Math.round(elapsed), rows };
  writeFileSync(path.join(root, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.exitCode = missed.length ? 1 : 0;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
