// The live output path under a flood (issue 18, item 1): 400 MB of short lines from one step,
// with lab's stdout a pipe read slower than it is written, as in a CI log capture. Before the
// backpressure fix the runner queued everything it could not write (2.7 GB RSS, then write
// ENOBUFS); now the step waits for the reader. The same flood through `--reporter pretty:FILE`,
// which held it all in memory. Heavy, so only under `npm run test:stress`.
import { spawn } from 'node:child_process';
import { createReadStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';

const STRESS = Boolean(process.env.LAB_STRESS);
const FLOOD_BYTES = 400_000_000;
const LINE = 'lab flood: a short line of output 0123';

const dir = mkdtempSync(path.join(tmpdir(), 'lab-flood-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function floodLab(): string {
  mkdirSync(path.join(dir, 'labs'), { recursive: true });
  const file = path.join(dir, 'labs/flood.md');
  writeFileSync(file, `---\ntitle: Flood\n---\n\n# Flood\n\n\`\`\`bash id=flood timeout=10m\nyes '${LINE}' | head -c ${FLOOD_BYTES}\n\`\`\`\n`);
  return file;
}

/** The CLI on the flood lab, its peak VmHWM polled; `onStdout` reads its stdout (a slow pipe). */
async function runFlood(args: string[], onStdout?: (chunk: Buffer, stdout: NodeJS.ReadableStream) => void) {
  // Every line through the reporter (not the first 5000 and a tail): the full streaming path under load.
  const child = spawn(process.execPath, [CLI, 'run', '--live', '--trust', '--output-lines', 'all', floodLab(), ...args], {
    cwd: dir, env: { ...process.env, CI: 'true', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let peakKb = 0;
  const poll = setInterval(() => {
    try {
      peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0));
    } catch {}
  }, 20);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  child.stdout.on('data', (chunk: Buffer) => onStdout?.(chunk, child.stdout));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  clearInterval(poll);
  return { code, stderr, peakMiB: peakKb / 1024 };
}

function newlines(chunk: Buffer): number {
  let count = 0;
  for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) count++;
  return count;
}

describe.runIf(STRESS)('a live flood with stdout a slow pipe', () => {
  it('keeps peak RSS under 200 MiB and delivers every line', async () => {
    let lines = 0;
    // A slow reader: a pause now and then, so the pipe is full most of the time.
    let reads = 0;
    const { code, stderr, peakMiB } = await runFlood([], (chunk, stdout) => {
      lines += newlines(chunk);
      if (++reads % 200 === 0) {
        stdout.pause();
        setTimeout(() => stdout.resume(), 5);
      }
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(peakMiB).toBeLessThan(200);
    // Every line of the flood went through, plus the lab's header, step line and summary.
    expect(lines).toBeGreaterThanOrEqual(Math.floor(FLOOD_BYTES / (LINE.length + 1)));
  }, 600_000);

  // The pretty reporter to a file held the whole run's text in memory until the end: 2.4 GB peak.
  it('--reporter pretty:FILE streams into the file: peak RSS under 200 MiB, every line in the file', async () => {
    const report = path.join(dir, 'pretty.txt');
    const { code, stderr, peakMiB } = await runFlood(['--reporter', `pretty:${report}`]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    console.log(`[output-flood] ${FLOOD_BYTES / 1e6} MB through --reporter pretty:FILE, peak ${peakMiB.toFixed(0)} MiB`);
    expect(peakMiB).toBeLessThan(200);
    let lines = 0;
    for await (const chunk of createReadStream(report)) lines += newlines(chunk as Buffer);
    expect(lines).toBeGreaterThanOrEqual(Math.floor(FLOOD_BYTES / (LINE.length + 1)));
    rmSync(report);
  }, 600_000);
});
