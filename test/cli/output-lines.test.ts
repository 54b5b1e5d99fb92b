// `--output-lines`: the pretty reporter shows a live step's first lines as they come, one line
// saying the rest is held back, then at the step's end how much was not shown and the last 200
// lines, redacted. What is matched and reported is the whole output, as without the cap. Through
// the compiled CLI, on steps printing tens of thousands of lines.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lab } from '../helpers/cli.js';

const TOKEN = 's3cr3t-v4lue-7f1c9';
const fence = '```';

let project: string;

const LAB = `---
title: Long outputs
vars:
  TOKEN:
    secret: true
---

# Long outputs

${fence}bash id=numbers
seq -f 'line %.0f' 1 20000
echo "the token is $TOKEN"
${fence}

${fence}expect contains
line 10000
${fence}
`;

/** Past the cut, more than the 1 MiB window kept for the tail: the tail is redacted from the window alone. */
const LONG_LAB = `---
title: Longer
vars:
  TOKEN:
    secret: true
---

# Longer

${fence}bash id=rows
seq -f 'row %.0f of a long output' 1 100000
printf 'split %s' "$TOKEN" | head -c 9; sleep 0.2; printf '%s\\n' "$TOKEN" | tail -c +4
${fence}
`;

/** A private key printed past the cut, its body longer than the window: not one of its lines is shown. */
const PEM_LAB = `---
title: Key
vars:
  TOKEN:
    secret: true
---

# Key

${fence}bash id=key
seq 1 6000
echo '-----BEGIN RSA PRIVATE KEY-----'
seq -f 'TUlJRW93SUJBQUtDQVFFQTE%.0f' 1 60000
echo '-----END RSA PRIVATE KEY-----'
echo after the key
${fence}
`;

/** One line of 3 MB: the cap counts characters too (400 a line on average). */
const LINE_LAB = `---
title: One long line
---

# One long line

${fence}bash id=line
head -c 3000000 /dev/zero | tr '\\0' a; echo; echo end
${fence}
`;

beforeAll(async () => {
  project = await mkdtemp(path.join(os.tmpdir(), 'lab-output-lines-'));
  await mkdir(path.join(project, 'labs'), { recursive: true });
  await writeFile(path.join(project, 'package.json'), '{ "name": "lab-output-lines", "private": true }\n');
  await writeFile(path.join(project, 'labs/long.md'), LAB);
  await writeFile(path.join(project, 'labs/longer.md'), LONG_LAB);
  await writeFile(path.join(project, 'labs/key.md'), PEM_LAB);
  await writeFile(path.join(project, 'labs/line.md'), LINE_LAB);
});
afterAll(() => rm(project, { recursive: true, force: true }));

const run = (args: string[]) => lab(['run', '--live', ...args, '--var', `TOKEN=${TOKEN}`], { cwd: project, timeout: 120_000 });
const shown = (n: number) => `    │ line ${n}\n`;
const bytesOf = (from: number, to: number) => {
  let bytes = 0;
  for (let n = from; n <= to; n++) bytes += `line ${n}\n`.length;
  return bytes;
};

describe('lab run --live --output-lines', () => {
  it('by default shows the first 5000 lines, a marker, then what was not shown and the last 200 lines, redacted', async () => {
    const result = await run(['labs/long.md']);
    expect(result.code, result.stderr).toBe(0);
    const out = result.stdout;
    expect(out).toContain(shown(1));
    expect(out).toContain(shown(5000));
    expect(out).toContain('    │ … more than 5,000 lines: the rest is not shown as it comes; the last 200 lines when the step ends (--output-lines all shows every line)\n');
    // 20,001 lines: 5,000 shown, then the tail's 200 (19,802 to 20,000 and the token's line).
    expect(out).toContain(`    │ [… 14,801 lines, ${bytesOf(5001, 19801).toLocaleString('en-US')} bytes not shown …]\n${shown(19802)}`);
    for (const hidden of [5001, 10000, 19801]) expect(out).not.toContain(shown(hidden));
    expect(out).toContain(`${shown(20000)}    │ the token is <SECRET:TOKEN>\n  ✓ numbers`);
    expect(out).not.toContain(TOKEN);
  });

  it('`all` shows every line and no marker; a number is the cap', async () => {
    const all = await run(['labs/long.md', '--output-lines', 'all']);
    expect(all.code, all.stderr).toBe(0);
    for (const n of [1, 5001, 10000, 20000]) expect(all.stdout).toContain(shown(n));
    expect(all.stdout).not.toContain('not shown');
    expect(all.stdout).toContain('    │ the token is <SECRET:TOKEN>\n');

    const hundred = await run(['labs/long.md', '--output-lines', '100']);
    expect(hundred.code, hundred.stderr).toBe(0);
    expect(hundred.stdout).toContain(`${shown(100)}    │ … more than 100 lines`);
    expect(hundred.stdout).not.toContain(shown(101));
    expect(hundred.stdout).toContain('    │ [… 19,701 lines, ');
  });

  it('matches and reports the whole output: the JSON report is the same with and without the cap', async () => {
    const report = (name: string) => path.join(project, `${name}.json`);
    const capped = await run(['labs/long.md', '--reporter', 'pretty', '--reporter', `json:${report('capped')}`]);
    const uncapped = await run(['labs/long.md', '--reporter', 'pretty', '--reporter', `json:${report('all')}`, '--output-lines', 'all']);
    expect(capped.code, capped.stderr).toBe(0); // `expect contains line 10000`: a line not shown is still matched
    expect(uncapped.code, uncapped.stderr).toBe(0);
    const timeless = (text: string) => JSON.parse(text, (key, value) => (key === 'durationMs' || key === 'startedAt' ? undefined : value));
    expect(timeless(await readFile(report('capped'), 'utf8'))).toEqual(timeless(await readFile(report('all'), 'utf8')));
    // A JSON report alone: no reporter shows live output, so none goes through the output stage; the report is the same.
    const alone = await run(['labs/long.md', '--reporter', `json:${report('alone')}`]);
    expect(alone.code, alone.stderr).toBe(0);
    expect(alone.stdout).toBe('');
    expect(timeless(await readFile(report('alone'), 'utf8'))).toEqual(timeless(await readFile(report('all'), 'utf8')));
  });

  it('redacts a tail taken from past the kept window, a secret written in two pieces too', async () => {
    const result = await run(['labs/longer.md']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('    │ row 99999 of a long output\n    │ row 100000 of a long output\n    │ split <SECRET:TOKEN>\n');
    expect(result.stdout).not.toContain('row 50000 ');
    expect(result.stdout).not.toContain(TOKEN.slice(3));
  });

  it('never shows the body of a private key printed past the cut, however long', async () => {
    const result = await run(['labs/key.md']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('    │ after the key\n');
    expect(result.stdout).toMatch(/\[… [\d,]+ lines, [\d,]+ bytes not shown …\]/);
    expect(result.stdout).not.toContain('TUlJRW93SUJBQUtDQVFFQTE');
  });

  it('cuts one long line too: at 400 characters a line, 2,000,000 for the default 5000', async () => {
    const result = await lab(['run', '--live', 'labs/line.md'], { cwd: project, timeout: 120_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('    │ … more than 2,000,000 characters: the rest is not shown as it comes; the last 200 lines when the step ends');
    // The rest of the line (1,000,000 a's and its line end) is past the 64 KiB the tail may hold: the tail is the last line.
    expect(result.stdout).toContain('    │ [… 1 line, 1,000,001 bytes not shown …]\n    │ end\n');
    expect(result.stdout.length).toBeLessThan(2_100_000);
  });

  it('refuses a count that is not one', async () => {
    const result = await run(['labs/long.md', '--output-lines', 'lots']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bad --output-lines lots: write a number of lines, or all');
  });
});
