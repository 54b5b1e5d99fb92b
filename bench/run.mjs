// `npm run bench`: the cost targets of the project, each measured against a baseline taken in the
// same run on the same machine and printed as a ratio, then written to bench/results.json.
// Times are medians of several runs after a warm-up. Tests check behaviour; this checks cost.
// Every floor is built here, from the same files, without the project's own code (plain file
// reads and `yaml.parse`, a bare Node<->bash loop, `node -e 0`), so no ratio is 1 by construction.
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
// The content cache (runner/fs/content-cache.ts) lives in the bench's own folder: the warm-up run
// fills it, as a learner's or a CI job's earlier run would; the cold figure is printed beside it.
const env = { ...process.env, CI: 'true', NO_COLOR: '1', LAB_CACHE_DIR: path.join(tmp, 'cache') };
const uncached = { env: { ...env, LAB_CACHE: 'off' } };
const quick = process.argv.includes('--quick');
// `--only replay,live`: run only those sections (replay, commands, live, memory, timeout, scaling,
// flood), to check one change quickly; results.json is then not written.
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1].split(',') : undefined;
const wanted = (section) => only === undefined || only.includes(section);
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

/**
 * Median CPU time (user + system, ms) of a command and all it starts, from bash's `times`: far less
 * sensitive than wall time to other processes on the machine, so a loaded run still says where the
 * cost is.
 */
function cpuMedian(command, args, options = {}, count = rounds) {
  const once = () => {
    const result = spawnSync('bash', ['-c', '"$@" >/dev/null 2>&1; times', 'bash', command, ...args], { cwd: root, env, encoding: 'utf8', ...options });
    const children = result.stdout.trim().split('\n')[1] ?? '';
    const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
    return (seconds[0] + seconds[1]) * 1000;
  };
  once();
  const samples = Array.from({ length: count }, once).sort((a, b) => a - b);
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
 * One figure. `target` is `{ ratio: max }` (value / baseline must not exceed it), `{ value: max }`
 * (the value itself) or `{}` (shown for context, no target); `pass` says whether it held in this run.
 */
function report(name, value, baseline, unit, target, note) {
  const ratio = value / baseline;
  const pass = target.ratio !== undefined ? ratio <= target.ratio : target.value !== undefined ? value <= target.value : true;
  const targetText = target.ratio !== undefined ? `ratio <= ${target.ratio}` : target.value !== undefined ? `<= ${target.value} ${unit}` : 'context';
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

/**
 * A project holding the catalogue `copies` times: labs/copy-N/... and fixtures/copy-N/..., each
 * fixture naming its own lab (`lab: copy-N/week1/...`), so no two copies read as the same file.
 */
function catalogueCopies(copies) {
  const project = path.join(tmp, `catalogue-x${copies}`);
  mkdirSync(project, { recursive: true });
  writeFileSync(path.join(project, 'package.json'), '{"private":true}\n');
  const fixtures = filesIn(path.join(root, 'fixtures'), /\.yaml$/).map((file) => [path.relative(path.join(root, 'fixtures'), file), readFileSync(file, 'utf8')]);
  for (let i = 1; i <= copies; i++) {
    cpSync(path.join(root, 'labs'), path.join(project, 'labs', `copy-${i}`), { recursive: true });
    for (const [relative, text] of fixtures) {
      const file = path.join(project, 'fixtures', `copy-${i}`, relative);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text.replace(/^lab: (.+)$/m, `lab: copy-${i}/$1`).replace(/^# Fixture of lab (\S+):/m, `# Fixture of lab copy-${i}/$1:`));
    }
  }
  return project;
}

/** What a command prints on stdout, parsed as JSON (e.g. `lab list --json`). */
function jsonOf(args, cwd = root) {
  const result = spawnSync(node, [cli, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30 });
  return JSON.parse(result.stdout);
}

/** `count` steps of `true`, or (`changing`) each setting a variable, as a lab (also annotated for txm, and plain ```bash for zx) and as one bash script. */
function trivialSteps(count, changing = false) {
  const commands = Array.from({ length: count }, (_, i) => (changing ? `N=${i}` : 'true'));
  const body = ['<!-- !test program bash -->', '', ...commands.flatMap((c, i) => [`<!-- !test check step ${i} -->`, '', `${fence}bash`, c, fence, ''])].join('\n');
  const name = `${changing ? 'changing' : 'trivial'}-${count}`;
  const lab = writeLab(path.join(tmp, `${name}/labs/steps.md`), `${count} ${changing ? 'assignments' : 'trivial steps'}`, body);
  const script = path.join(tmp, `${name}/steps.sh`);
  writeFileSync(script, `${commands.join('\n')}\n`);
  return { lab, script };
}

// ---------------------------------------------------------------- the figures

try {
  console.log(`lab bench: ${rounds} rounds, medians after a warm-up; ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), node ${process.version}\n`);

  const nodeFloor = median(node, ['-e', '0'], {}, rounds * 2);
  const stepsPerCopy = jsonOf(['list', '--json']).reduce((n, lab) => n + (lab.steps ?? 0), 0);
  const cpuFloor = cpuMedian(node, ['-e', '0'], {}, rounds * 2);
  const cpuNote = (args, options) => {
    const cpu = cpuMedian(node, [cli, ...args], options);
    return { cpu, text: `CPU ${fmt(cpu)} ms = ${fmt(cpu / cpuFloor)}x node -e 0's ${fmt(cpuFloor)} ms` };
  };

  // 1. Replay of the whole catalogue: against Node's bare start, and per step over the CLI's start-up.
  if (wanted('replay')) {
    const labs = filesIn(path.join(root, 'labs'), /\.md$/);
    const fixtures = filesIn(path.join(root, 'fixtures'), /\.yaml$/);
    const version = median(node, [cli, '--version'], {}, rounds * 2);
    report('start-up: lab --version', version, nodeFloor, 'ms', { ratio: 3 }, 'floor: node -e 0');
    const replay = median(node, [cli, 'run', 'labs']);
    const replayCpu = cpuNote(['run', 'labs']);
    const versionCpu = cpuNote(['--version']);
    report('replay: CI=true lab run labs', replay, nodeFloor, 'ms', { ratio: 2.5 }, `${labs.length} labs, ${fixtures.length} fixtures, ${stepsPerCopy} steps, pretty reporter to a pipe; floor: node -e 0; ${replayCpu.text}`);
    report('replay: ms per step over start-up', (replay - version) / stepsPerCopy, nodeFloor / stepsPerCopy, 'ms', { value: 0.4 },
      `(lab run labs - lab --version) / ${stepsPerCopy} steps; in CPU time ${fmt((replayCpu.cpu - versionCpu.cpu) / stepsPerCopy)} ms`);
    // The floor a YAML fixture format sets: read the files and parse them with the yaml library
    // as anyone would (no positions, no schema), the labs with marked's lexer.
    const plain = `const [{ marked }, { parse }, fs] = await Promise.all([import('marked'), import('yaml'), import('node:fs')]);
      for (const f of ${JSON.stringify(labs)}) marked.lexer(fs.readFileSync(f, 'utf8'));
      for (const f of ${JSON.stringify(fixtures)}) parse(fs.readFileSync(f, 'utf8'));`;
    const plainFloor = median(node, ['--input-type=module', '-e', plain], { cwd: root });
    const cold = median(node, [cli, 'run', 'labs'], uncached);
    report('replay without the content cache (context)', cold, nodeFloor, 'ms', {}, `LAB_CACHE=off, as a CI job's first run; floor: node -e 0; ${cpuNote(['run', 'labs'], uncached).text}`);
    report('replay vs reading the files (context)', replay, plainFloor, 'ms', {}, 'floor: node reading the same labs (marked lexer) and fixtures (plain yaml.parse)');
  }

  // 2. The catalogue's other commands against Node's bare start.
  if (wanted('commands')) {
    report('lab list', median(node, [cli, 'list']), nodeFloor, 'ms', { ratio: 2 }, `the catalogue with fixture summaries; floor: node -e 0; ${cpuNote(['list']).text}`);
    report('lab lint labs', median(node, [cli, 'lint', 'labs'], { allowFailure: true }), nodeFloor, 'ms', { ratio: 2.5 }, `labs and their fixtures; floor: node -e 0; ${cpuNote(['lint', 'labs']).text}`);
    report('lab lint labs without the content cache (context)', median(node, [cli, 'lint', 'labs'], { allowFailure: true, ...uncached }), nodeFloor, 'ms', {}, `LAB_CACHE=off; floor: node -e 0; ${cpuNote(['lint', 'labs'], uncached).text}`);
  }

  // 3. Live: the cost of a step over bash's, against a bare Node<->bash loop, txm and zx.
  if (wanted('live')) {
    const count = quick ? 100 : 500;
    const one = trivialSteps(1);
    const many = trivialSteps(count);
    const live = (lab) => median(node, [cli, 'run', '--live', lab, '--reporter', 'json'], { cwd: path.dirname(path.dirname(lab)) });
    const lab1 = live(one.lab);
    const labMany = live(many.lab);
    const bash1 = median('bash', [one.script]);
    const bashMany = median('bash', [many.script]);
    const loop = path.join(root, 'bench/bare-loop.mjs');
    const loop1 = median(node, [loop, '1']);
    const loopMany = median(node, [loop, String(count)]);
    // The marginal cost of a step: start-up (Node, loading the lab, the first bash) cancels out.
    const perStep = (labMany - lab1) / (count - 1);
    const bashPerStep = Math.max((bashMany - bash1) / (count - 1), 0.001);
    const loopPerStep = (loopMany - loop1) / (count - 1);
    const liveCpu = (lab) => cpuMedian(node, [cli, 'run', '--live', lab, '--reporter', 'json'], { cwd: path.dirname(path.dirname(lab)) }, 3);
    const labCpu = (liveCpu(many.lab) - liveCpu(one.lab)) / (count - 1);
    const loopCpu = (cpuMedian(node, [loop, String(count)], {}, 3) - cpuMedian(node, [loop, '1'], {}, 3)) / (count - 1);
    report('live: ms per step over bash', perStep - bashPerStep, bashPerStep, 'ms', { value: 0.5 },
      `${count} steps: lab run --live ${fmt(labMany)} ms, 1 step ${fmt(lab1)} ms; the same as one bash script ${fmt(bashMany)} ms; CPU per step ${fmt(labCpu)} ms`);
    report('live: ms per step vs a bare Node<->bash loop', perStep, loopPerStep, 'ms', { ratio: 1.5 },
      `floor: fork + declare -p/-f + alias -p per step on a pipe, ${fmt(loopMany)} ms for ${count}, ${fmt(loop1)} ms for 1; CPU per step ${fmt(labCpu)} ms vs the loop's ${fmt(loopCpu)} ms (${fmt(labCpu / loopCpu)}x); \`true\` cannot change the state, so these steps skip the dump (runner/shell/state-effects.ts)`);
    // Steps that can change the state take the dump: the same figure for them.
    const changing = trivialSteps(count, true);
    const changingPerStep = (live(changing.lab) - lab1) / (count - 1);
    report('live: ms per step setting a variable, vs the bare loop (context)', changingPerStep, loopPerStep, 'ms', {},
      `${count} steps \`N=<i>\`: each dumps its state and the next sends the host one declaration; floor: the bare loop`);
    const txm = median(bin('txm'), [many.lab], {}, quick ? 1 : 3);
    report(`live: ${count} steps, lab vs txm`, labMany, txm, 'ms', { ratio: 1 }, 'floor: txm (Markdown example tester) running the same file, one `!test check` per block');
    const zx = median(bin('zx'), [many.lab], {}, quick ? 1 : 3);
    report(`live: ${count} steps, lab vs zx`, labMany, zx, 'ms', { ratio: 1 }, 'floor: zx running the same file (each ```bash block becomes await $`...`)');
  }

  // 4. Memory: a step printing 500 MB, run and recorded.
  if (wanted('memory')) {
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
  if (wanted('timeout')) {
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
  if (wanted('scaling')) {
    const scales = quick ? [1, 5, 20] : [1, 10, 100];
    for (const [command, args] of [['replay', ['run', 'labs']], ['lint', ['lint', 'labs']]]) {
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

  if (wanted('flood')) await measureFlood({ cli, report, quick });

  const elapsed = (Date.now() - started) / 1000;
  const missed = rows.filter((row) => !row.pass);
  console.log(`\n${rows.length - missed.length}/${rows.length} targets held${missed.length ? `; missed: ${missed.map((row) => row.name).join(', ')}` : ''} (${elapsed.toFixed(0)} s)`);
  const results = { at: new Date().toISOString(), machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model.trim(), memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` }, quick, rounds, seconds: Math.round(elapsed), rows };
  if (only === undefined) writeFileSync(path.join(root, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.exitCode = missed.length ? 1 : 0;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
