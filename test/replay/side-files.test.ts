// Long outputs in a side file (`stdout-file:`, `stderr-file:`), through the built CLI: replay,
// lint, `lab steps` and accept read them as if inline; accept and record write them back (redacted)
// and keep the reference; a side file that escapes the fixture's folder, clashes with an inline
// output, is missing or is not UTF-8 is refused at the fixture's line, exit 2.
import { mkdtemp, mkdir, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { lab } from '../helpers/cli.js';

let tmp: string;
let outside: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'lab-side-'));
  outside = await mkdtemp(path.join(os.tmpdir(), 'lab-side-outside-'));
  await writeFile(path.join(tmp, 'package.json'), '{}');
  await mkdir(path.join(tmp, 'labs/week2'), { recursive: true });
  await mkdir(path.join(tmp, 'fixtures/week2/outputs'), { recursive: true });
  await writeFile(path.join(tmp, 'labs/week2/long.md'), LAB);
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

const LAB = `---
title: Long outputs
---
## Steps

\`\`\`bash id=pods
kubectl get pods -A
\`\`\`

\`\`\`expect lines
NAMESPACE NAME STATUS
...
kube-system coredns-1 Running
\`\`\`

\`\`\`bash id=kernel hosts="n1 n2"
uname -r
\`\`\`

\`\`\`expect
6.1.0
\`\`\`
`;

const FIXTURE = 'fixtures/week2/long.yaml';
const fixtureText = (podsAttempt = '        stdout-file: outputs/pods.txt') => `format: 1
lab: week2/long
labHash: ""
recordedAt: 2026-01-01T00:00:00.000Z
runner: 0.1.0
redactions: []
steps:
  - id: pods
    provenance: transcribed
    source: { from: seeds/week2.md, line: 40, date: 2026-01-01 }
    command: kubectl get pods -A
    attempts:
      - exit: 0
        durationMs: 0
${podsAttempt}
  - id: kernel
    provenance: synthesized
    command: uname -r
    attempts: []
    hosts:
      - host: n1
        attempts:
          - exit: 0
            durationMs: 0
            stdout-file: outputs/n1.txt
      - host: n2
        attempts:
          - exit: 0
            durationMs: 0
            stdout: |
              6.1.0
`;
const PODS_LINE = 15; // the line of the pods attempt's `stdout-file:` above
const PODS = ['NAMESPACE NAME STATUS', ...Array.from({ length: 300 }, (_, i) => `default web-${i} Running`), 'kube-system coredns-1 Running', ''].join('\n');

const inProject = { cwd: () => tmp };
const run = (args: string[], env: Record<string, string> = {}) => lab(args, { cwd: inProject.cwd(), env: { CI: '', NO_COLOR: '1', ...env } });
const side = (name: string) => path.join(tmp, 'fixtures/week2/outputs', name);

async function plant(pods = PODS, podsAttempt?: string): Promise<void> {
  await writeFile(path.join(tmp, FIXTURE), fixtureText(podsAttempt));
  await writeFile(side('pods.txt'), pods);
  await writeFile(side('n1.txt'), '6.1.0\n');
}

describe('a fixture with side files', () => {
  it('is accepted with its references kept, then lints clean, lists its steps and replays green', async () => {
    await plant();
    const accept = await run(['accept', 'labs/week2/long.md']);
    expect(accept.stderr).toContain('2 step hashes stamped (pods, kernel)');
    expect(accept.code).toBe(0);
    const text = await readFile(path.join(tmp, FIXTURE), 'utf8');
    expect(text).toContain('stdout-file: outputs/pods.txt');
    expect(text).toContain('stdout-file: outputs/n1.txt');
    expect(text).not.toContain('web-17'); // never inlined
    expect(await readFile(side('pods.txt'), 'utf8')).toBe(PODS);

    const lint = await run(['lint', 'labs/week2/long.md']);
    expect(lint.stdout).toBe('');
    expect(lint.code).toBe(0);
    const steps = await run(['steps', 'labs/week2/long.md']);
    expect(steps.stdout).toMatch(/pods +6 +bash +step +transcribed/);
    expect(steps.code).toBe(0);
    // The expectation needs the side file's first and last lines: a pass means replay read it whole.
    const replay = await run(['run', 'labs/week2/long.md']);
    expect(replay.stdout).toMatch(/✓ pods {2}transcribed/);
    expect(replay.stdout).toMatch(/✓ n1/);
    expect(replay.stdout).toContain('2 passed · 0 failed');
    expect(replay.code).toBe(0);
  });

  it('is judged by its side file: an output there that fails its expectation is a fixture-mismatch naming the file', async () => {
    await plant();
    await run(['accept', 'labs/week2/long.md']);
    await writeFile(side('pods.txt'), PODS.replace('coredns-1 Running', 'coredns-1 Pending'));
    const lint = await run(['lint', 'labs/week2/long.md']);
    expect(lint.stdout).toContain('step `pods`: its fixture output (in side file outputs/pods.txt) fails its expectation');
    expect(lint.stdout).toContain('[fixture-mismatch]');
    expect(lint.code).toBe(1);
    const accept = await run(['accept', 'labs/week2/long.md']);
    expect(accept.stderr).toContain('+kube-system coredns-1 Pending');
    expect(accept.code).toBe(1);
    const replay = await run(['run', 'labs/week2/long.md']);
    expect(replay.code).toBe(1);
  });

  it('is redacted in the side file itself: accept writes no secret to it and keeps it a side file', async () => {
    const secret = 'AKIAIOSFODNN7EXAMPLE';
    await plant(PODS.replace('default web-3 Running', `default web-3 Running ${secret} arn:aws:iam::123456789012:role/x`));
    const accept = await run(['accept', 'labs/week2/long.md']);
    expect(accept.code).toBe(0);
    const written = await readFile(side('pods.txt'), 'utf8');
    expect(written).not.toContain(secret);
    expect(written).not.toContain('123456789012');
    expect(written).toContain('default web-3 Running <AWS_ACCESS_KEY_ID> arn:aws:iam::<ACCOUNT_ID>:role/x');
    const fixture = parse(await readFile(path.join(tmp, FIXTURE), 'utf8'));
    expect(fixture.steps[0].attempts[0]).toEqual({ exit: 0, durationMs: 0, 'stdout-file': 'outputs/pods.txt', stderr: '' });
    expect(fixture.redactions).toEqual(expect.arrayContaining([{ rule: 'aws-access-key-id', count: 1 }]));
  });
});

describe('a side file that cannot be used', () => {
  const refused = async (expected: RegExp, line = PODS_LINE) => {
    const replay = await run(['run', 'labs/week2/long.md']);
    expect(replay.stdout + replay.stderr).toMatch(new RegExp(`fixtures/week2/long\\.yaml:${line}:? .*${expected.source}`));
    expect(replay.code).toBe(2);
    const lint = await run(['lint', 'labs/week2/long.md']);
    expect(lint.stdout).toMatch(new RegExp(`fixtures/week2/long\\.yaml:${line}:\\d+: error: .*${expected.source}.*\\[fixture-invalid\\]`));
    return replay.stdout + replay.stderr;
  };

  it('climbs out of the fixture folder with ..', async () => {
    await plant(PODS, '        stdout-file: ../../pods.txt');
    await writeFile(path.join(tmp, 'pods.txt'), PODS);
    const output = await refused(/`stdout-file: \.\.\/\.\.\/pods\.txt` climbs out of the fixture's folder/);
    expect(output).toContain("hint: keep side files in the fixture's folder (fixtures/week2) or below it");
  });

  it('is an absolute path', async () => {
    await writeFile(path.join(outside, 'pods.txt'), PODS);
    await plant(PODS, `        stdout-file: ${path.join(outside, 'pods.txt')}`);
    await refused(/is an absolute path/);
  });

  it('leads out through a symbolic link', async () => {
    await writeFile(path.join(outside, 'pods.txt'), PODS);
    await plant(PODS, '        stdout-file: outputs/link.txt');
    await symlink(path.join(outside, 'pods.txt'), side('link.txt'));
    await refused(/leads outside the fixture's folder through a symbolic link/);
  });

  it('stands beside an inline stdout on the same attempt', async () => {
    await plant(PODS, '        stdout-file: outputs/pods.txt\n        stdout: |\n          NAMESPACE NAME STATUS');
    const output = await refused(/an attempt has both `stdout:` and `stdout-file:`/);
    expect(output).toContain('keep one: delete `stdout:` to read the output from outputs/pods.txt, or delete `stdout-file:` to keep it inline');
  });

  it('does not exist', async () => {
    await plant(PODS, '        stdout-file: outputs/missing.txt');
    await refused(/side file outputs\/missing\.txt \(`stdout-file:`\) does not exist/);
  });

  it('is not UTF-8, and the error says where in it', async () => {
    await plant();
    await writeFile(side('pods.txt'), Buffer.concat([Buffer.from('NAMESPACE NAME STATUS\nweb '), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]));
    await refused(/side file outputs\/pods\.txt \(`stdout-file:`\) is not UTF-8 text: bytes that are not UTF-8 at its line 2, column 5/);
  });

  it('is refused for a stderr-file of a host entry too', async () => {
    await plant();
    const text = (await readFile(path.join(tmp, FIXTURE), 'utf8')).replace('            stdout-file: outputs/n1.txt', '            stdout-file: outputs/n1.txt\n            stderr-file: ../n1.err');
    await writeFile(path.join(tmp, FIXTURE), text);
    await refused(/`stderr-file: \.\.\/n1\.err` climbs out of the fixture's folder/, 26);
  });
});

describe('lab record and side files', () => {
  const RECORD_LAB = `---
title: Recorded long outputs
---
## Steps

\`\`\`bash id=big
seq 1 3; echo "key AKIAIOSFODNN7EXAMPLE"; seq 1 2000 >&2
\`\`\`

\`\`\`bash id=plain
seq 1 2000
\`\`\`
`;
  const RECORD_FIXTURE = `format: 1
lab: week2/rec
labHash: ""
recordedAt: 2026-01-01T00:00:00.000Z
runner: 0.1.0
redactions: []
steps:
  - id: big
    provenance: recorded
    command: old
    attempts:
      - exit: 0
        durationMs: 0
        stdout-file: outputs/big.txt
  - id: plain
    provenance: recorded
    command: old
    attempts:
      - exit: 0
        durationMs: 0
        stdout: |
          old
`;

  it('rewrites a side file a step already uses, redacted; a long output of that step gets its own; other steps stay inline', async () => {
    await writeFile(path.join(tmp, 'labs/week2/rec.md'), RECORD_LAB);
    await writeFile(path.join(tmp, 'fixtures/week2/rec.yaml'), RECORD_FIXTURE);
    await writeFile(side('big.txt'), 'old\n');
    const record = await run(['record', 'labs/week2/rec.md', '--trust', '--reporter', 'json']);
    expect(record.stderr).toContain('recorded 2 steps');
    expect(record.code).toBe(0);

    const fixture = parse(await readFile(path.join(tmp, 'fixtures/week2/rec.yaml'), 'utf8'));
    expect(fixture.steps[0].attempts[0]).toMatchObject({ 'stdout-file': 'outputs/big.txt', 'stderr-file': 'outputs/big.1.stderr.txt' });
    expect(fixture.steps[0].attempts[0].stdout).toBeUndefined();
    expect(await readFile(side('big.txt'), 'utf8')).toBe('1\n2\n3\nkey <AWS_ACCESS_KEY_ID>\n');
    expect((await readFile(side('big.1.stderr.txt'), 'utf8')).split('\n')).toHaveLength(2001);
    // A step that kept no output in a side file is written inline, however long.
    expect(fixture.steps[1].attempts[0]['stdout-file']).toBeUndefined();
    expect(fixture.steps[1].attempts[0].stdout.split('\n')).toHaveLength(2001);
    expect((await readdir(path.join(tmp, 'fixtures/week2/outputs'))).sort()).toEqual(['big.1.stderr.txt', 'big.txt']);

    const replay = await run(['run', 'labs/week2/rec.md']);
    expect(replay.code).toBe(0);
  });
});
