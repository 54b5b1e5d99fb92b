// `npm run bench`: the quality targets of the brief, each measured against a baseline taken in
// the same run on the same machine, and printed as a ratio. No thresholds here: tests check
// behaviour, this checks cost. See docs/performance.md.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist/cli/main.js');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'lab-bench-'));
const env = { ...process.env, CI: 'true', NO_COLOR: '1' };
const quick = process.argv.includes('--quick');
const rounds = quick ? 3 : 9;
const fence = '```';

function time(command, args, options = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30, ...options });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0 && !options.allowFailure) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${String(result.stderr).slice(0, 500)}`);
  }
  return ms;
}

function median(command, args, options) {
  time(command, args, options); // warm the file cache
  const samples = Array.from({ length: rounds }, () => time(command, args, options)).sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

/** Peak resident memory (VmHWM) of a process, polled from /proc until it exits. */
function peakRss(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'ignore', 'ignore'] });
    let peak = 0;
    const poll = setInterval(() => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
        peak = Math.max(peak, kb);
      } catch {}
    }, 20);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      resolve({ peakMiB: peak / 1024, code });
    });
  });
}

const rows = [];
function report(name, value, baseline, unit, note) {
  rows.push({ name, value, baseline, unit, ratio: value / baseline, note });
  console.log(`${name.padEnd(44)} ${value.toFixed(1).padStart(9)} ${unit}  vs ${baseline.toFixed(1).padStart(9)} ${unit}  ratio ${(value / baseline).toFixed(2)}  ${note}`);
}

function writeLab(name, body, frontmatter = 'title: bench') {
  const file = path.join(tmp, name);
  writeFileSync(file, `---\n${frontmatter}\n---\n\n${body}`);
  return file;
}

function labsIn(dir, ending) {
  const found = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) found.push(...labsIn(full, ending));
    else if (ending.test(entry) && entry.toLowerCase() !== 'readme.md') found.push(full);
  }
  return found;
}

try {
  console.log(`lab bench (${rounds} rounds, medians; ${os.cpus().length} cores, node ${process.version})\n`);

  // 1. Start-up: Node's own start is the floor.
  const nodeFloor = median(process.execPath, ['-e', '0']);
  report('start-up: lab --version', median(process.execPath, [cli, '--version']), nodeFloor, 'ms', 'baseline: node -e 0');
  const oneLab = labsIn(path.join(root, 'labs'), /\.md$/)[0];
  report('start-up: lab lint <one lab>', median(process.execPath, [cli, 'lint', '--no-fixtures', oneLab], { allowFailure: true }), nodeFloor, 'ms', 'baseline: node -e 0');

  // 2. Replay of the whole catalogue vs reading and parsing its files.
  const parseAll = `Promise.all([import('${path.join(root, 'dist/lab/index.js')}'), import('yaml'), import('node:fs')]).then(async ([m, yaml, fs]) => {
    for (const f of await m.discoverLabs(['labs'])) await m.loadLab(f);
    for (const f of ${JSON.stringify(labsIn(path.join(root, 'fixtures'), /\.yaml$/))}) yaml.parse(fs.readFileSync(f, 'utf8'));
  })`;
  const parseBaseline = median(process.execPath, ['-e', parseAll]);
  report('replay: lab run labs (all fixtures)', median(process.execPath, [cli, 'run', 'labs', '--reporter', 'json']), parseBaseline, 'ms', 'baseline: node reading + parsing every lab and its fixture YAML');

  // 3. Live execution vs the same commands in one bash script.
  const stepCount = 40;
  const commands = Array.from({ length: stepCount }, (_, i) => `COUNT=$((\${COUNT:-0} + 1)); echo "step ${i} $COUNT"`);
  const liveLab = writeLab('live.md', commands.map((c, i) => `${fence}bash id=s${i}\n${c}\n${fence}\n\n`).join(''));
  const script = path.join(tmp, 'live.sh');
  writeFileSync(script, commands.join('\n') + '\n');
  const bashBaseline = median('bash', [script]) + nodeFloor;
  const live = median(process.execPath, [cli, 'run', '--live', liveLab, '--reporter', 'json']);
  report(`live: ${stepCount} steps`, live, bashBaseline, 'ms', `baseline: node start + bash running the same ${stepCount} commands; ${((live - bashBaseline) / stepCount).toFixed(1)} ms per step over it`);

  // 4. Memory with a step that prints hundreds of megabytes.
  const quietLab = writeLab('quiet.md', `${fence}bash id=quiet\necho small\n${fence}\n`);
  const loudLab = writeLab('loud.md', `${fence}bash id=loud\nyes 'a line of output that repeats' | head -c ${quick ? 100_000_000 : 300_000_000}\n${fence}\n`);
  const quiet = await peakRss(process.execPath, [cli, 'run', '--live', quietLab, '--reporter', 'json']);
  const loud = await peakRss(process.execPath, [cli, 'run', '--live', loudLab, '--reporter', 'json']);
  report(`memory: step printing ${quick ? 100 : 300} MB`, loud.peakMiB, quiet.peakMiB, 'MiB', 'baseline: the same run with a step printing one line (peak RSS)');

  // 5. A hung step is killed at its timeout, with its process group.
  const hungLab = writeLab('hung.md', `${fence}bash id=hung timeout=1s\nsleep 1000 & sleep 1000\n${fence}\n`);
  const sleepLab = writeLab('sleep.md', `${fence}bash id=sleep\nsleep 1\n${fence}\n`);
  const sleepBaseline = median(process.execPath, [cli, 'run', '--live', sleepLab, '--reporter', 'json']);
  const hung = median(process.execPath, [cli, 'run', '--live', hungLab, '--reporter', 'json'], { allowFailure: true });
  const leftovers = spawnSync('pgrep', ['-f', 'sleep 1000'], { encoding: 'utf8' }).stdout.trim();
  report('timeout: hung step with timeout=1s', hung, sleepBaseline, 'ms', `baseline: a step that sleeps 1s; leftover processes: ${leftovers ? leftovers.split('\n').length : 0}`);

  writeFileSync(path.join(root, 'bench/last-run.json'), `${JSON.stringify({ at: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
