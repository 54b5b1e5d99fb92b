// The output path and the matchers under load (issues 18 and 19): a step printing 400 MB of short
// lines with lab's stdout to /dev/null and to a pipe, against `cat` of the same bytes (with the
// pretty reporter's default --output-lines, and for context with `all`, every line shown); its peak
// memory, and that of `lab record`; `contains` with 50k expected lines against `exact`; the time
// to a diff for a mismatch late in a 50k-line output. Called by bench/run.mjs with its `report`.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fence = '```';
const node = process.execPath;

/**
 * Runs a command once with stdout to /dev/null or to a pipe this process drains, and gives back
 * its wall time (ms) and peak resident memory (VmHWM, MiB, polled from /proc until it exits).
 */
function measure(command, args, { cwd, env, stdout }) {
  return new Promise((resolve, reject) => {
    const devNull = stdout === 'null' ? openSync('/dev/null', 'w') : undefined;
    const begin = process.hrtime.bigint();
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', devNull ?? 'pipe', 'pipe'] });
    if (devNull !== undefined) closeSync(devNull);
    let peak = 0;
    let stderr = '';
    let bytes = 0;
    child.stdout?.on('data', (chunk) => (bytes += chunk.length));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const poll = setInterval(() => {
      try {
        peak = Math.max(peak, Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0));
      } catch {}
    }, 10);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      const ms = Number(process.hrtime.bigint() - begin) / 1e6;
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.slice(0, 800)}`));
      else resolve({ ms, mib: peak / 1024, bytes });
    });
  });
}

/** Median time and highest peak of `count` runs. */
async function repeated(count, run) {
  const runs = [];
  for (let i = 0; i < count; i++) runs.push(await run());
  const times = runs.map((r) => r.ms).sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], mib: Math.max(...runs.map((r) => r.mib)), bytes: runs[0].bytes };
}

function writeLab(file, title, body) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `---\ntitle: ${title}\n---\n\n# Steps\n\n${body}`);
  return file;
}

/** In-process: median ms of `fn` over `count` calls after one warm-up. */
function timed(fn, count) {
  fn();
  const times = [];
  for (let i = 0; i < count; i++) {
    const begin = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - begin) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

export async function measureFlood({ cli, report, quick }) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'lab-flood-'));
  const env = { ...process.env, CI: 'true', NO_COLOR: '1' };
  const count = quick ? 1 : 3;
  try {
    // 1. 400 MB of short lines (`y`), live, through the pretty reporter; `cat` of the same bytes as the floor.
    const megabytes = quick ? 50 : 400;
    const bytes = megabytes * 1_000_000;
    writeFileSync(path.join(tmp, 'package.json'), '{ "name": "lab-flood", "private": true }\n');
    const flood = writeLab(path.join(tmp, 'labs/flood.md'), 'flood', `${fence}bash id=flood timeout=10m\nyes | head -c ${bytes}\n${fence}\n`);
    const catFloor = ['-c', `yes | head -c ${bytes} | cat`];
    for (const stdout of ['null', 'pipe']) {
      const where = stdout === 'null' ? '/dev/null' : 'a pipe';
      const floor = await repeated(count, () => measure('sh', catFloor, { cwd: tmp, env, stdout }));
      const lab = await repeated(count, () => measure(node, [cli, 'run', '--live', flood], { cwd: tmp, env, stdout }));
      // The pretty reporter's default --output-lines (5000): the first 5000 lines live, a marker,
      // then the count of what was not shown and the last 200 lines; the rest is counted, not written.
      const wrote = stdout === 'pipe' ? `${(lab.bytes / 1e3).toFixed(0)} KB; ` : '';
      report(`flood: ${megabytes} MB of short lines, stdout to ${where}`, lab.ms, floor.ms, 'ms', { ratio: 3 },
        `baseline: sh -c 'yes | head -c ${bytes} | cat' to ${where}; lab wrote the first 5000 lines, a marker, the count of the rest and the last 200 lines (${wrote}the default --output-lines), peak ${lab.mib.toFixed(0)} MiB`);
      report(`flood: peak RSS, stdout to ${where}`, lab.mib, floor.mib, 'MiB', { value: 200 }, 'peak RSS (VmHWM) of the lab process; baseline: the cat pipeline\'s shell');
      // Context: every line through the reporter, margin and all (what the cap saves; no target).
      const all = await repeated(count, () => measure(node, [cli, 'run', '--live', '--output-lines', 'all', flood], { cwd: tmp, env, stdout }));
      report(`flood: ${megabytes} MB, --output-lines all, to ${where} (context)`, all.ms, floor.ms, 'ms', {},
        `every line shown with its margin: lab wrote ${stdout === 'pipe' ? `${(all.bytes / 1e6).toFixed(0)} MB` : `${(bytes * 5 / 1e6).toFixed(0)} MB to /dev/null (\`    │ \` makes each 2-byte line 10)`}, peak ${all.mib.toFixed(0)} MiB`);
    }
    const recorded = await measure(node, [cli, 'record', flood], { cwd: tmp, env: { ...env, CI: '' }, stdout: 'pipe' });
    const quiet = writeLab(path.join(tmp, 'labs/quiet.md'), 'quiet', `${fence}bash id=quiet\necho small\n${fence}\n`);
    const quietRecord = await measure(node, [cli, 'record', quiet], { cwd: tmp, env: { ...env, CI: '' }, stdout: 'pipe' });
    report(`flood: lab record, ${megabytes} MB of short lines`, recorded.mib, quietRecord.mib, 'MiB', { value: 200 },
      `peak RSS (VmHWM); baseline: lab record of a step printing one line; record took ${(recorded.ms / 1000).toFixed(1)} s`);

    // 2. `contains` with 50k expected lines against `exact` of the same lines, live (the step prints them).
    const lines = 50_000;
    const body = Array.from({ length: lines }, (_, i) => `line ${i + 1}`).join('\n');
    const step = `${fence}bash id=numbers\nseq -f 'line %.0f' 1 ${lines}\n${fence}\n\n`;
    const contains = writeLab(path.join(tmp, 'labs/contains.md'), 'contains', `${step}${fence}expect contains\n${body}\n${fence}\n`);
    const exact = writeLab(path.join(tmp, 'labs/exact.md'), 'exact', `${step}${fence}expect exact\n${body}\n${fence}\n`);
    const runs = quick ? 3 : 7;
    const exactRun = await repeated(runs, () => measure(node, [cli, 'run', '--live', exact], { cwd: tmp, env, stdout: 'pipe' }));
    const containsRun = await repeated(runs, () => measure(node, [cli, 'run', '--live', contains], { cwd: tmp, env, stdout: 'pipe' }));
    report('matchers: contains with 50k expected lines', containsRun.ms, exactRun.ms, 'ms', { ratio: 1.2 }, 'lab run --live of a step printing 50k lines; baseline: the same with `expect exact`');

    // 3. A mismatch late in a 50k-line output (and every line wrong): the matcher and its diff, in-process.
    const { matchExpectation } = await import(pathToFileURL(path.join(root, 'dist/expect/index.js')).href);
    const late = body.split('\n');
    late[lines - 1000] = 'not what was expected';
    const output = late.join('\n');
    const wrong = body.replaceAll('line', 'other');
    const diffRuns = quick ? 5 : 15;
    for (const [mode, actual, what] of [['lines', output, 'at line 49,001'], ['exact', output, 'at line 49,001'], ['lines', wrong, 'on every line']]) {
      const outcome = await matchExpectation(mode, body, actual);
      // lines and exact match synchronously (only regex imports an engine): the timed call does all the work.
      const ms = timed(() => matchExpectation(mode, body, actual), diffRuns);
      const passing = timed(() => matchExpectation(mode, body, body), diffRuns);
      report(`matchers: ${mode} diff, 50k lines, mismatch ${what}`, ms, passing, 'ms', { value: 100 },
        `the diff is ${outcome.diff ? `${outcome.diff.split('\n').length} lines` : 'EMPTY'}; baseline: the same ${mode} match passing`);
      if (!outcome.diff || !outcome.diff.includes('@@')) report(`matchers: ${mode} diff ${what} is not empty`, 1, 0, '', { value: 0 }, 'no hunk in the diff');
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
