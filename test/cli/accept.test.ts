// The hand-written fixture workflow, through the built CLI: `lab accept --init`, fill outputs,
// `lab accept` (which checks every output against its expectations first), `lab run`.
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { lab } from '../helpers/cli.js';

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'lab-accept-'));
  await writeFile(path.join(tmp, 'package.json'), '{}');
  await mkdir(path.join(tmp, 'labs/week3'), { recursive: true });
});
afterEach(() => rm(tmp, { recursive: true, force: true }));

const LAB = `---
title: Hand written
---
## Steps

\`\`\`bash id=pv capture=PV_NAME
kubectl get pv -o name
\`\`\`

\`\`\`expect regex
^persistentvolume/
\`\`\`

\`\`\`bash id=show-pv
kubectl describe {{PV_NAME}}
\`\`\`

\`\`\`expect
Status: Bound
\`\`\`

\`\`\`console id=whoami
# id -un
root
\`\`\`
`;

const FIXTURE = 'fixtures/week3/hand.yaml';
const local = { cwd: () => tmp, env: { CI: '', NO_COLOR: '1' } };
const accept = (args: string[]) => lab(['accept', ...args], { cwd: local.cwd(), env: local.env });
const readFixture = async () => parse(await readFile(path.join(tmp, FIXTURE), 'utf8'));
const writeFixtureText = async (text: string) => {
  await mkdir(path.join(tmp, 'fixtures/week3'), { recursive: true });
  await writeFile(path.join(tmp, FIXTURE), text);
};

async function fill(pvOut: string, showOut: string, variables = true): Promise<void> {
  const fixture = await readFixture();
  for (const step of fixture.steps) {
    if (step.id === 'pv') {
      step.attempts[0].stdout = pvOut;
      if (!variables) delete step.variables;
      else step.variables = { PV_NAME: pvOut.trim() };
    }
    if (step.id === 'show-pv') step.attempts[0].stdout = showOut;
  }
  const { stringify } = await import('yaml');
  await writeFixtureText(stringify(fixture));
}

describe('lab accept --init', () => {
  it('writes one entry per step: synthesized stubs, a variables stub for capture, a console step transcribed from its block', async () => {
    await writeFile(path.join(tmp, 'labs/week3/hand.md'), LAB);
    const init = await accept(['--init', 'labs/week3/hand.md']);
    expect(init.stderr).toContain('3 entries added (pv, show-pv, whoami)');
    expect(init.code).toBe(0);
    const text = await readFile(path.join(tmp, FIXTURE), 'utf8');
    expect(text).toContain('Written by hand');
    expect(text).not.toContain('Do not edit outputs by hand');
    const fixture = parse(text);
    expect(fixture.steps.map((s: { id: string; provenance: string }) => [s.id, s.provenance])).toEqual([['pv', 'synthesized'], ['show-pv', 'synthesized'], ['whoami', 'transcribed']]);
    expect(fixture.steps[0]).toMatchObject({ command: 'kubectl get pv -o name', variables: { PV_NAME: '' }, attempts: [{ stdout: '', stderr: '' }] });
    expect(fixture.steps[2]).toMatchObject({ command: 'id -un', source: { from: 'labs/week3/hand.md', line: 23 }, attempts: [{ stdout: 'root\n' }] });

    // A second run keeps what was written and adds only the new step.
    await fill('persistentvolume/pv-1\n', 'Status: Bound\n');
    await writeFile(path.join(tmp, 'labs/week3/hand.md'), `${LAB}\n\`\`\`bash id=later\necho later\n\`\`\`\n`);
    const again = await accept(['--init', 'labs/week3/hand.md']);
    expect(again.stderr).toContain('1 entry added (later)');
    const extended = await readFixture();
    expect(extended.steps.map((s: { id: string }) => s.id)).toEqual(['pv', 'show-pv', 'whoami', 'later']);
    expect(extended.steps[0].attempts[0].stdout).toBe('persistentvolume/pv-1\n');
  });
});

describe('lab accept', () => {
  beforeEach(async () => {
    await writeFile(path.join(tmp, 'labs/week3/hand.md'), LAB);
    await accept(['--init', 'labs/week3/hand.md']);
  });

  it('lists every output that fails its expectation, as a diff, and stamps nothing', async () => {
    await fill('pv-1\n', 'Status: Pending\n');
    const before = await readFile(path.join(tmp, FIXTURE), 'utf8');
    const result = await accept(['labs/week3/hand.md']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/labs\/week3\/hand\.md:\d+:1: error: step `pv`: its fixture output fails its expectation/);
    expect(result.stderr).toMatch(/step `show-pv`: its fixture output fails its expectation/);
    expect(result.stderr).toContain('+Status: Pending');
    expect(result.stderr).toContain('nothing stamped: 2 problems in 2 steps (pv, show-pv)');
    expect(await readFile(path.join(tmp, FIXTURE), 'utf8')).toBe(before);
  });

  it('refuses a capture step without its variable, naming the fix', async () => {
    await fill('persistentvolume/pv-1\n', 'Status: Bound\n', false);
    const result = await accept(['labs/week3/hand.md']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('captures PV_NAME, but its fixture entry has no `variables: { PV_NAME: ... }`');
  });

  it('stamps a fixture whose outputs pass, and it then lints clean and replays green with its provenance', async () => {
    await fill('persistentvolume/pv-1\n', 'Status: Bound\n');
    const result = await accept(['labs/week3/hand.md']);
    expect(result.stderr).toContain('3 step hashes stamped (pv, show-pv, whoami)');
    expect(result.code).toBe(0);
    expect(await readFile(path.join(tmp, FIXTURE), 'utf8')).toContain('stamped by `lab accept`');
    const lint = await lab(['lint', 'labs'], { cwd: tmp });
    expect(lint.stdout).toBe('');
    expect(lint.code).toBe(0);
    const run = await lab(['run', 'labs/week3/hand.md', '--reporter', 'json'], { cwd: tmp });
    const report = JSON.parse(run.stdout).labs[0];
    expect(report.status).toBe('passed');
    expect(report.steps.map((s: { provenance: unknown }) => s.provenance)).toEqual([{ kind: 'synthesized' }, { kind: 'synthesized' }, { kind: 'transcribed', from: 'labs/week3/hand.md', line: 23 }]);
    expect(run.code).toBe(0);

    // Only a live run is "recorded": the reports say where each output came from.
    const pretty = await lab(['run', 'labs/week3/hand.md'], { cwd: tmp });
    expect(pretty.stdout).toMatch(/✓ pv {2}written by hand/);
    expect(pretty.stdout).toMatch(/✓ whoami {2}transcribed from labs\/week3\/hand\.md:23/);
    expect(pretty.stdout).not.toMatch(/recorded \d/);
    const junit = await lab(['run', 'labs/week3/hand.md', '--reporter', 'junit'], { cwd: tmp });
    expect(junit.stdout).toContain('<property name="provenance" value="transcribed from labs/week3/hand.md:23"/>');
    const tap = await lab(['run', 'labs/week3/hand.md', '--reporter', 'tap'], { cwd: tmp });
    expect(tap.stdout).toContain('provenance: written by hand');
    const list = await lab(['list', 'labs'], { cwd: tmp });
    expect(list.stdout).toContain('1 transcribed · 2 synthesized · written by hand, not recorded live');
  });

  it('accepts an entry written by hand with no sourceHash and no stderr', async () => {
    await writeFixtureText(`format: 1
lab: week3/hand
labHash: ""
recordedAt: 2026-01-01T00:00:00.000Z
runner: 0.1.0
redactions: []
steps:
  - id: pv
    provenance: transcribed
    source: { from: https://example.com/post, date: 2025-01-02 }
    command: kubectl get pv -o name
    variables: { PV_NAME: persistentvolume/pv-1 }
    attempts:
      - exit: 0
        durationMs: 0
        stdout: |
          persistentvolume/pv-1
  - id: show-pv
    provenance: synthesized
    command: kubectl describe persistentvolume/pv-1
    attempts:
      - { exit: 0, durationMs: 0, stdout: "Status: Bound\\n" }
  - id: whoami
    provenance: transcribed
    source: { from: labs/week3/hand.md, line: 23 }
    command: id -un
    attempts:
      - { exit: 0, durationMs: 0, stdout: "root\\n" }
`);
    const lint = await lab(['lint', 'labs'], { cwd: tmp });
    expect(lint.stdout).toContain('has a fixture entry not yet stamped by `lab accept`: check and stamp it with `lab accept labs/week3/hand.md --only pv`'.replace('check and stamp', 'check its output against the step and stamp'));
    expect(lint.stdout).not.toContain('lab record');
    const result = await accept(['labs/week3/hand.md']);
    expect(result.stderr).toContain('3 step hashes stamped');
    expect(result.code).toBe(0);
    expect((await lab(['lint', 'labs'], { cwd: tmp })).stdout).toBe('');
  });

  it('after an edit of only an expectation, points at `lab accept --only`, even for a recorded step', async () => {
    await fill('persistentvolume/pv-1\n', 'Status: Bound\n');
    await accept(['labs/week3/hand.md']);
    const fixture = await readFixture();
    for (const step of fixture.steps) step.provenance = 'recorded';
    const { stringify } = await import('yaml');
    await writeFixtureText(stringify(fixture));
    await writeFile(path.join(tmp, 'labs/week3/hand.md'), LAB.replace('Status: Bound', 'Bound'));
    const lint = await lab(['lint', 'labs'], { cwd: tmp });
    expect(lint.stdout).toContain('step `show-pv` changed since it was recorded: check its output against the step and stamp it with `lab accept labs/week3/hand.md --only show-pv`');
    expect(lint.code).toBe(1);
  });
});

describe('lab lint on a hand-written fixture', () => {
  beforeEach(async () => {
    await writeFile(path.join(tmp, 'labs/week3/hand.md'), LAB);
    await accept(['--init', 'labs/week3/hand.md']);
    await fill('persistentvolume/pv-1\n', 'Status: Bound\n');
    await accept(['labs/week3/hand.md']);
  });

  it('names a capture step without its variable at the step, with the fix', async () => {
    const fixture = await readFixture();
    delete fixture.steps[0].variables;
    const { stringify } = await import('yaml');
    await writeFixtureText(stringify(fixture));
    const lint = await lab(['lint', 'labs'], { cwd: tmp });
    expect(lint.stdout).toContain('labs/week3/hand.md:6:1: error: step `pv` captures PV_NAME');
    expect(lint.stdout).toContain('[fixture-missing-variable]');
  });

  it('puts a mistyped entry id at its line in the fixture, with the nearest step id', async () => {
    const text = (await readFile(path.join(tmp, FIXTURE), 'utf8')).replace('id: show-pv', 'id: show-pvv');
    await writeFixtureText(text);
    const line = text.split('\n').findIndex((l) => l.includes('id: show-pvv')) + 1;
    const lint = await lab(['lint', 'labs'], { cwd: tmp });
    expect(lint.stdout).toContain(`${FIXTURE}:${line}:1: warning: fixture entry \`show-pvv\` matches no step of labs/week3/hand.md (did you mean \`show-pv\`?)`);
  });

  it('warns when a hand-written command is not the lab\'s, or a host is not the step\'s', async () => {
    const text = (await readFile(path.join(tmp, FIXTURE), 'utf8')).replace('command: kubectl get pv -o name', 'command: kubectl get pvc -o name');
    await writeFixtureText(text);
    const lint = await lab(['lint', 'labs'], { cwd: tmp });
    expect(lint.stdout).toContain("step `pv`: the fixture's command differs from the lab's (fixture: `kubectl get pvc -o name`, lab: `kubectl get pv -o name`)");
  });

  it('gives no age warning for a fixture with no recorded step, and fixture-old for a recorded one', async () => {
    const fixture = await readFixture();
    fixture.recordedAt = '2020-01-01T00:00:00.000Z';
    const { stringify } = await import('yaml');
    await writeFixtureText(stringify(fixture));
    expect((await lab(['lint', 'labs'], { cwd: tmp })).stdout).toBe('');
    fixture.steps[2].provenance = 'recorded';
    await writeFixtureText(stringify(fixture));
    expect((await lab(['lint', 'labs'], { cwd: tmp })).stdout).toContain('[fixture-old]');
  });
});

describe('YAML pitfalls of a pasted output', () => {
  const head = `format: 1
lab: week3/hand
labHash: ""
recordedAt: 2026-01-01T00:00:00.000Z
runner: 0.1.0
redactions: []
steps:
  - id: whoami
    provenance: transcribed
    command: id -un
    attempts:
      - exit: 0
        durationMs: 0
`;
  beforeEach(() => writeFile(path.join(tmp, 'labs/week3/hand.md'), '---\ntitle: Pitfalls\n---\n```console id=whoami\n$ id -un\nroot\nadmin\n```\n'));

  it('explains output not indented under `stdout: |`, in our words, at its line', async () => {
    await writeFixtureText(`${head}        stdout: |\n        root\n        admin\n`);
    const lint = await lab(['lint', 'labs'], { cwd: tmp });
    expect(lint.stdout).toContain(`${FIXTURE}:15:9: error:`);
    expect(lint.stdout).toContain('indent the output under `stdout: |` by two more spaces than `stdout:`');
    expect(lint.stdout).not.toContain('Implicit keys');
    expect(lint.stdout).toContain('`lab accept <lab>`');
  });

  it('warns when `|` is missing and the output was folded onto one line', async () => {
    await writeFixtureText(`${head}        stdout:\n          root\n          admin\n`);
    const lint = await lab(['lint', 'labs'], { cwd: tmp });
    expect(lint.stdout).toContain(`${FIXTURE}:14:1: warning: \`stdout:\` is followed by several lines with no \`|\`: YAML folds them into one line`);
  });
});

describe('lab lint of a lab with errors', () => {
  it('still shows the fixture file\'s own problems, and hides stale entries the lab errors may cause', async () => {
    await writeFile(path.join(tmp, 'labs/week3/hand.md'), '---\ntitle: Broken\n---\n```bash id=a retry=lots\necho a\n```\n');
    await writeFixtureText('format: 1\nlab: week3/hand\nlabHash: ""\nrecordedAt: x\nrunner: 0.1.0\nredactions: []\nsteps:\n  - id: a\n    provenance: synthesized\n    command: echo a\n    attempts:\n      - exit: 0\n        durationMs: 0\n        stdout: |\n        a\n');
    const broken = await lab(['lint', 'labs'], { cwd: tmp });
    expect(broken.stdout).toContain('[fixture-invalid]');
    expect(broken.stdout).toContain('indent the output under `stdout: |`');
    await writeFixtureText('format: 1\nlab: week3/hand\nlabHash: ""\nrecordedAt: x\nrunner: 0.1.0\nredactions: []\nsteps:\n  - id: a\n    provenance: synthesized\n    command: echo a\n    attempts:\n      - { exit: 0, durationMs: 0, stdout: "a\\n" }\n');
    const stale = await lab(['lint', 'labs'], { cwd: tmp });
    expect(stale.code).toBe(1);
    expect(stale.stdout).not.toContain('[fixture-stale]');
  });
});
