// Faults in live runs, with real processes through the compiled CLI: a step that hangs, a step
// that leaves daemons behind, a step that floods its output, a step that reads stdin. Whatever the
// shell engine does inside, the run must end, report the fault, and leave no process behind.
// Signals are in live-faults-signals.test.ts, a dying sshd in live-faults-ssh.test.ts.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  aliveCheck, bash, expectBlock, killMarked, labText, leftoversAfter, makeProject, readJson, rounds, startLab, stepsOf, STRESS, Tally,
  type Project,
} from './live-faults-helpers.js';

const MiB = 1024 * 1024;
/** The lab process's peak resident memory while a step prints hundreds of MB. */
const MEMORY_LIMIT = 200 * MiB;
/** Per flooding step: two of them make hundreds of MB per run (more under LAB_STRESS). */
const FLOOD_BYTES = STRESS ? 300_000_000 : 150_000_000;

let project: Project;
const marks: string[] = [];
const tally = new Tally('hang, daemons, flood, stdin');

beforeEach(() => {
  project = makeProject();
});
afterEach(() => {
  // Whatever a failed test left running is killed here, by pid, and counted.
  for (const mark of marks.splice(0)) tally.leftovers += killMarked(mark);
  project.remove();
});
afterAll(() => tally.print());

function run(labPath: string, extra: string[] = [], options: { quiet?: boolean; env?: Record<string, string> } = {}) {
  const report = path.join(project.work, 'report.json');
  const lab = startLab(['run', '--live', labPath, '--var', `WORK=${project.work}`, '--reporter', `json:${report}`, ...extra], { cwd: project.dir, ...options });
  marks.push(lab.mark);
  return { lab, report };
}

const work = (name: string) => path.join(project.work, name);
const lines = (name: string) => (existsSync(work(name)) ? readFileSync(work(name), 'utf8').split('\n').filter(Boolean) : []);

describe('a step that hangs', () => {
  const cleanup = bash('id=check cleanup', `${aliveCheck('$WORK/pids', '$WORK/alive-at-cleanup')}\necho cleaned > "$WORK/cleanup-ran"`);
  const hung = (prelude: string) => bash('id=hang timeout=1s', [
    prelude,
    'echo "$BASHPID" >> "$WORK/pids"',
    'sleep 1000 & echo $! >> "$WORK/pids"',
    '( sleep 1000 & echo $! >> "$WORK/pids"; wait ) & echo $! >> "$WORK/pids"',
    'sleep 1000 | cat & echo $! >> "$WORK/pids"',
    'wait',
  ].join('\n'));

  const cases = [
    { name: 'waits on its children', prelude: ': nothing special' },
    { name: 'ignores SIGTERM (killed by the SIGKILL that follows)', prelude: "trap '' TERM" },
  ];
  for (const round of rounds()) {
    for (const { name, prelude } of cases) {
      it(`${name}: killed at timeout= with its whole group, cleanup runs, nothing left (round ${round})`, async () => {
        const labPath = project.writeLab('hang', labText('A step that hangs', [hung(prelude), bash('id=never', 'echo reached > "$WORK/reached"'), cleanup]));
        const { lab, report } = run(labPath);
        tally.faults++;
        const result = await lab.done;
        expect(result.code, result.stderr).toBe(1);
        const steps = stepsOf(readJson(report));
        expect(steps.hang!.status).toBe('failed');
        expect(steps.hang!.failures[0]!.message).toMatch(/timed out after 1s/);
        expect(steps.never!.status).toBe('skipped');
        expect(steps.check!.status).toBe('passed');
        expect(readFileSync(work('cleanup-ran'), 'utf8')).toBe('cleaned\n');
        expect(lines('pids').length).toBe(5);
        // Killed at the timeout, not at the end of the lab: nothing of the step ran when cleanup did.
        expect(lines('alive-at-cleanup')).toEqual([]);
        expect(await leftoversAfter(lab.mark)).toEqual([]);
      });
    }
  }
});

describe('a step that leaves a daemon behind', () => {
  const daemons = [
    { name: 'cmd &, holding the step\'s stdout open', start: 'sleep 1000 &\necho $! > "$WORK/daemon.pid"' },
    { name: 'a double fork ( cmd & )', start: '( sleep 1000 & echo $! > "$WORK/daemon.pid" )' },
    { name: 'nohup cmd &', start: 'nohup sleep 1000 > /dev/null 2>&1 &\necho $! > "$WORK/daemon.pid"' },
    { name: 'a daemon that ignores SIGTERM', start: 'bash -c "trap \'\' TERM; exec sleep 1000" &\necho $! > "$WORK/daemon.pid"' },
    // Its own session and process group: only tracking beyond the step's group can find it.
    { name: 'setsid cmd &', start: 'setsid sleep 1000 > /dev/null 2>&1 &\necho $! > "$WORK/daemon.pid"' },
  ];
  for (const round of rounds()) {
    for (const { name, start } of daemons) {
      it(`${name}: the run goes on and ends, nothing remains afterwards (round ${round})`, async () => {
        const labPath = project.writeLab('daemon', labText('A step that leaves a daemon', [
          bash('id=start-daemon timeout=60s', `${start}\necho started`),
          expectBlock('', 'started'),
          bash('id=still-running timeout=60s', 'pid=$(cat "$WORK/daemon.pid")\nsed \'s/.*) //\' "/proc/$pid/stat" | cut -c1 | grep -qv Z && echo "daemon alive"'),
          expectBlock('', 'daemon alive'),
        ]));
        const { lab, report } = run(labPath);
        tally.faults++;
        const result = await lab.done;
        const steps = stepsOf(readJson(report));
        expect(Object.values(steps).map((step) => `${step.id}:${step.status}`), result.stderr).toEqual(['start-daemon:passed', 'still-running:passed']);
        expect(result.code).toBe(0);
        expect(await leftoversAfter(lab.mark)).toEqual([]);
      });
    }
  }
});

describe('a step that reads stdin', () => {
  for (const round of rounds()) {
    it(`gets EOF (cat, read) or exactly its stdin= text, even though the lab's own stdin stays open (round ${round})`, async () => {
      const labPath = project.writeLab('stdin', labText('Steps that read stdin', [
        bash('id=cat timeout=30s', 'cat\necho "cat-exit=$?"'),
        expectBlock('exact', 'cat-exit=0'),
        bash('id=read timeout=30s', 'read -r answer\necho "read-exit=$? answer=[$answer]"'),
        expectBlock('exact', 'read-exit=1 answer=[]'),
        bash('id=read-prompt timeout=30s', 'read -r -p "Continue? [y/N] " reply\necho "read-exit=$?"'),
        expectBlock('exact', 'read-exit=1'),
        bash('id=fed timeout=30s stdin="hello"', 'read -r first\nread -r second\nstatus=$?\necho "first=[$first] second-exit=$status"'),
        expectBlock('exact', 'first=[hello] second-exit=1'),
        bash('id=fed-cat timeout=30s stdin="all of it"', 'cat'),
        expectBlock('exact', 'all of it'),
      ]));
      const { lab, report } = run(labPath);
      tally.faults += 5;
      const result = await lab.done;
      const steps = stepsOf(readJson(report));
      expect(Object.values(steps).filter((step) => step.status !== 'passed'), result.stderr).toEqual([]);
      expect(result.code).toBe(0);
      expect(await leftoversAfter(lab.mark)).toEqual([]);
    });
  }
});

describe('a step that floods its output', () => {
  const floods = [
    bash('id=flood-lines timeout=5m', `yes "$(printf '%0199d' 0)" | head -c ${FLOOD_BYTES}`),
    bash('id=flood-one-line timeout=5m', `head -c ${FLOOD_BYTES} /dev/zero | tr '\\0' a`),
    bash('id=after', 'echo still here'),
    expectBlock('exact', 'still here'),
  ];

  // A flood is the same bytes every round (no race to catch, unlike hangs, daemons and signals):
  // two rounds under stress, not five, which spent ~200 s of the budget repeating it.
  for (const round of rounds(STRESS ? 2 : 1)) {
    // Two floods in a row: what the first leaves (heap, buffers) is where the second starts, so this
    // is the steady state of a lab whose steps print a lot, not a cold start.
    it(`keeps the lab's memory under 200 MiB while two steps in a row stream ${FLOOD_BYTES / 1e6} MB each through the pretty reporter (round ${round})`, async () => {
      const labPath = project.writeLab('flood', labText('Steps that flood', floods));
      // pretty prints every line live (to /dev/null here; --output-lines all: not the first 5000
      // and a tail, the full streaming path); the JSON report is written at the end.
      const { lab, report } = run(labPath, ['--reporter', 'pretty', '--output-lines', 'all'], { quiet: true });
      tally.faults += 2;
      const result = await lab.done;
      expect(result.code, result.stderr).toBe(0);
      expect(Object.values(stepsOf(readJson(report))).map((step) => step.status)).toEqual(['passed', 'passed', 'passed']);
      expect(lab.peakBytes()).toBeGreaterThan(0);
      console.log(`[live-faults] two floods of ${FLOOD_BYTES / 1e6} MB: peak ${(lab.peakBytes() / MiB).toFixed(0)} MiB`);
      expect(lab.peakBytes() / MiB, 'peak resident memory of the lab process, MiB').toBeLessThan(MEMORY_LIMIT / MiB);
    }, 120_000);

    it(`checks a flood against a mismatching expectation with a bounded diff, then runs cleanup (round ${round})`, async () => {
      const labPath = project.writeLab('flood-expect', labText('A flood that does not match', [
        bash('id=flood timeout=5m', `yes "$(printf '%0199d' 0)" | head -c ${FLOOD_BYTES}`),
        expectBlock('', 'something else'),
        bash('id=cleanup-mark cleanup', 'echo cleaned > "$WORK/cleanup-ran"'),
      ]));
      const { lab, report } = run(labPath, [], { quiet: true });
      tally.faults++;
      const result = await lab.done;
      expect(result.code, result.stderr).toBe(1);
      const steps = stepsOf(readJson(report));
      expect(steps.flood!.status).toBe('failed');
      const failure = steps.flood!.failures[0]!;
      expect(failure.message).toContain('does not match the expected lines');
      // The diff is cut, and says so, instead of carrying megabytes of output into the report.
      expect(failure.diff!.split('\n').length).toBeLessThan(260);
      expect(failure.diff).toMatch(/\[diff cut: \d+ more lines not shown\]|\[\d+ more lines not compared\]/);
      expect(statSync(report).size).toBeLessThan(1 * MiB);
      expect(steps['cleanup-mark']!.status).toBe('passed');
      expect(readFileSync(work('cleanup-ran'), 'utf8')).toBe('cleaned\n');
      console.log(`[live-faults] flood checked against a mismatching expectation: peak ${(lab.peakBytes() / MiB).toFixed(0)} MiB`);
    }, 120_000);

    it(`records a flood as a bounded, marked head and tail that replays (round ${round})`, async () => {
      // Numbered lines of 100 bytes (hundreds of MB in all), so every kept line can be counted.
      const count = FLOOD_BYTES / 100;
      const pad = 'x'.repeat(100 - 'line 000000000001 of the flood \n'.length);
      const lineOf = (n: number) => `line ${String(n).padStart(12, '0')} of the flood ${pad}`;
      const last = lineOf(count);
      const labPath = project.writeLab('flood-record', [
        '---', 'title: A flood recorded', '---', '',
        bash('id=numbered timeout=5m', `seq -f 'line %012.0f of the flood ${pad}' 1 ${count}`),
        // regex: checks the end is there without splitting megabytes into lines.
        expectBlock('regex', `^${last}$`),
        '',
      ].join('\n'));
      // lab record refuses to run under CI: this child is told it is not CI.
      const lab = startLab(['record', labPath, '--reporter', `json:${work('report.json')}`], { cwd: project.dir, quiet: true, env: { CI: '' } });
      marks.push(lab.mark);
      tally.faults++;
      const result = await lab.done;
      expect(result.code, result.stderr).toBe(0);
      const fixture = readFileSync(path.join(project.dir, 'fixtures', 'flood-record.yaml'), 'utf8');
      // At most 1 MiB of each stream, plus YAML framing.
      expect(fixture.length).toBeLessThan(3 * MiB);
      const dropped = [...fixture.matchAll(/\[\.\.\. (\d+) bytes not kept \.\.\.\]/g)].map((match) => Number(match[1]));
      expect(dropped).toHaveLength(1);
      expect(fixture).toContain(lineOf(1));
      expect(fixture).toContain(last);
      // What is not in the fixture is counted: every line printed and not kept, 100 bytes each (give
      // or take the newline the marker line adds where the live run cut inside a line).
      const kept = fixture.match(/line \d{12} of the flood x+/g)!.length;
      expect(Math.abs(dropped[0]! - (count - kept) * 100)).toBeLessThanOrEqual(2);
      console.log(`[live-faults] lab record of ${FLOOD_BYTES / 1e6} MB: peak ${(lab.peakBytes() / MiB).toFixed(0)} MiB, fixture ${(fixture.length / MiB).toFixed(1)} MiB`);
      expect(lab.peakBytes() / MiB, 'peak resident memory of lab record, MiB').toBeLessThan(MEMORY_LIMIT / MiB);

      const replay = startLab(['run', labPath, '--reporter', 'json'], { cwd: project.dir });
      const replayed = await replay.done;
      expect(replayed.code, replayed.stderr).toBe(0);
      expect(JSON.parse(replayed.stdout).labs[0].steps[0].status).toBe('passed');
    }, 120_000);
  }
});
