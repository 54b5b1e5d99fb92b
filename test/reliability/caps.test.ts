// Caps with clear errors (issue 18 items 3, 5, 8): Markdown nested thousands deep, durations a
// timer cannot hold, a variable of tens of megabytes. Each once a crash, a hang or a step killed
// after 1 ms; now exit 2 (or a failed step) naming the file and line, or the variable and step.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { lab, ROOT } from '../helpers/cli.js';
import { bash, labText, makeProject, readJson, startLab, STRESS, stepsOf, type Project } from './live-faults-helpers.js';

const projects: Project[] = [];
afterAll(() => {
  for (const project of projects.splice(0)) project.remove();
});

function project(): Project {
  const made = makeProject();
  projects.push(made);
  return made;
}

const fence = '```';
const plainLab = (title: string) => `---\ntitle: ${title}\n---\n\n# ${title}\n\n${fence}bash id=a\necho hi\n${fence}\n\n${fence}expect\nhi\n${fence}\n`;

describe('Markdown nested too deeply', () => {
  // 3,000 levels over as many lines, each indented under the last: 9 MB, V8 out of heap before.
  const levels = STRESS ? 3_000 : 400;
  const nested = `---\ntitle: Nested\n---\n\n# Nested\n\n${Array.from({ length: levels }, (_, level) => `${' '.repeat(level * 2)}- level ${level}`).join('\n')}\n`;

  it(`${levels} list levels over as many lines: lint, list and run name the file and line, exit 2, and list shows the other labs`, async () => {
    const made = project();
    writeFileSync(path.join(made.dir, 'labs', 'nested.md'), nested);
    writeFileSync(path.join(made.dir, 'labs', 'plain.md'), plainLab('Plain'));
    const message = /labs\/nested\.md:107(:\d+)?: .*lists or quotes nested more than 100 deep: Markdown this deep cannot be read; flatten it/;
    const linted = await lab(['lint', 'labs/nested.md'], { cwd: made.dir });
    expect(linted.code).toBe(1);
    expect(linted.stdout + linted.stderr).toMatch(message);
    const ran = await lab(['run', 'labs/nested.md'], { cwd: made.dir });
    expect(ran.code).toBe(2);
    expect(ran.stdout + ran.stderr).toMatch(message);
    const listed = await lab(['list', 'labs'], { cwd: made.dir });
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('plain');
    expect(listed.stdout + listed.stderr).toMatch(/nested/);
  });

  it('a single 10 MB paragraph is not nesting', async () => {
    const made = project();
    const paragraph = 'word '.repeat((STRESS ? 10_000_000 : 2_000_000) / 5);
    writeFileSync(path.join(made.dir, 'labs', 'long.md'), `---\ntitle: Long\n---\n\n# Long\n\n${paragraph}\n\n${fence}bash id=a\necho hi\n${fence}\n`);
    const linted = await lab(['lint', 'labs/long.md'], { cwd: made.dir });
    expect(linted.stdout + linted.stderr).not.toMatch(/nest/);
    expect(linted.stdout + linted.stderr).not.toMatch(/internal error|    at /);
  });
});

describe('durations past 2^31 ms', () => {
  it('timeout=600h, for=1000h, interval=700h are lint errors and refused by run; --timeout 1000h is bad input', async () => {
    const made = project();
    writeFileSync(path.join(made.dir, 'labs', 'long.md'), `---\ntitle: Long\n---\n\n# Long\n\n${fence}bash id=a timeout=600h\necho hi\n${fence}\n\n${fence}bash id=b for=1000h\nsleep 1\n${fence}\n\n${fence}bash id=c retry=2 interval=700h\necho hi\n${fence}\n`);
    const linted = await lab(['lint', 'labs/long.md'], { cwd: made.dir });
    expect(linted.code).toBe(1);
    for (const [line, text] of [[7, 'duration `600h` for `timeout` is too long: at most 576h (24 days)'], [11, '`1000h` for `for`'], [15, '`700h` for `interval`']] as const) {
      expect(linted.stdout).toMatch(new RegExp(`labs/long\\.md:${line}:\\d+: error: .*${text.replace(/[()`]/g, '.')}`));
    }
    const ran = await lab(['run', '--live', 'labs/long.md'], { cwd: made.dir });
    expect(ran.code).toBe(2);
    const flag = await lab(['run', '--live', '--timeout', '1000h', 'labs/long.md'], { cwd: made.dir });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('bad --timeout 1000h: at most 576h (24 days)');
  });
});

describe('a huge exported variable', () => {
  // 8 MB is parsed and refused; past 12 MiB the state dump is dropped unread (120 MB ran out of memory before).
  it.each(STRESS ? [8, 120] : [8, 20])('a step exporting %i MB fails naming the variable; the next steps run with the state before it', async (megabytes) => {
    const made = project();
    const file = made.writeLab('big', labText('Big variable', [
      bash('id=small', 'export SMALL=ok'),
      bash('id=big', `export BIG="$(head -c ${megabytes * 1024 * 1024} /dev/zero | tr '\\0' x)"`),
      bash('id=after cleanup', 'echo "small=$SMALL big=${#BIG}"'),
    ]));
    const report = path.join(made.dir, 'report.json');
    const run = startLab(['run', '--live', file, '--var', `WORK=${made.work}`, '--reporter', `json:${report}`], { cwd: made.dir, quiet: true });
    const result = await run.done;
    expect(result.code, result.stderr).toBe(1);
    const steps = stepsOf(readJson(report));
    expect(steps.big!.status).toBe('failed');
    expect(steps.big!.failures[0]!.message).toMatch(/^variable BIG holds .* MiB, more than the 4\.0 MiB a lab variable may hold: write the value to a file/);
    expect(steps.after!.status).toBe('passed');
    expect(run.peakBytes()).toBeLessThan(600 * 1024 * 1024);
  }, 180_000);

  // A tty step hands its state back through its own pipe: it was read whole (120 MB in memory,
  // then copied to parse it). Run by the compiled session in a fresh node, its peak memory read.
  it(`a tty step exporting ${STRESS ? 120 : 30} MB is refused naming the variable, the dump dropped unread`, async () => {
    const megabytes = STRESS ? 120 : 30;
    const made = project();
    const script = `
      import { readFileSync } from 'node:fs';
      import { ShellSession } from ${JSON.stringify(path.join(ROOT, 'dist/shell/session.js'))};
      const session = await ShellSession.start({ cwd: ${JSON.stringify(made.work)} });
      await session.run('export SMALL=ok');
      const outcome = await session.runInteractive(\`export BIG="$(head -c ${megabytes * 1024 * 1024} /dev/zero | tr '\\\\0' x)"\`);
      const after = await session.run('echo "small=$SMALL big=\${#BIG}"');
      await session.close();
      const peak = Number(/VmHWM:\\s+(\\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
      console.log(JSON.stringify({ outcome, after: after.stdout, peak }));
    `;
    const child = await execa(process.execPath, ['--input-type=module', '-e', script], { stdin: 'ignore', reject: false, timeout: 170_000 });
    expect(child.exitCode, child.stderr).toBe(0);
    const { outcome, after, peak } = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { outcome: { refused?: string }; after: string; peak: number };
    expect(outcome.refused).toMatch(/^variable BIG holds more than 12 MiB, more than the 4\.0 MiB a lab variable may hold/);
    expect(after).toBe('small=ok big=0\n');
    if (STRESS) console.log(`[caps] tty step exporting ${megabytes} MB: refused, peak ${(peak / 1024 / 1024).toFixed(0)} MiB`);
    expect(peak).toBeLessThan(200 * 1024 * 1024);
  }, 180_000);
});
