// What `lab run` and `lab lint` tell the author of a fixture written by hand, through the built CLI:
// the commands that need no AWS account (`lab accept`, `lab accept --init`), never "re-record live"
// for output nobody recorded; and a mismatch said once, at the expectation's position.
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lab } from '../helpers/cli.js';

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'lab-hints-'));
  await writeFile(path.join(tmp, 'package.json'), '{}');
  await mkdir(path.join(tmp, 'labs/week4'), { recursive: true });
  await writeFile(path.join(tmp, 'labs/week4/hand.md'), LAB);
});
afterEach(() => rm(tmp, { recursive: true, force: true }));

const LAB = `---
title: Hints
---
## Steps

\`\`\`bash id=nodes
kubectl get nodes
\`\`\`

\`\`\`expect
node-1 Ready
\`\`\`
`;
const run = (args: string[]) => lab(args, { cwd: tmp, env: { CI: '', NO_COLOR: '1' } });
const FIXTURE = () => path.join(tmp, 'fixtures/week4/hand.yaml');

describe('a fixture written by hand', () => {
  it('is stale until accepted, and lab run says to accept it, not to re-record it live', async () => {
    await run(['accept', '--init', 'labs/week4/hand.md']);
    const replay = await run(['run', 'labs/week4/hand.md']);
    expect(replay.stdout).toContain('`lab accept labs/week4/hand.md --only nodes`');
    expect(replay.stdout).toContain('hint: run the commands above (`lab accept` needs no AWS account)');
    expect(replay.stdout).not.toMatch(/re-record/);
    expect(replay.code).toBe(1);
  });

  it('lacks a new step: lab run and lab lint both point at lab accept --init', async () => {
    await run(['accept', '--init', 'labs/week4/hand.md']);
    await writeFile(FIXTURE(), (await readFile(FIXTURE(), 'utf8')).replace(/stdout: ""/, 'stdout: |\n          node-1 Ready'));
    expect((await run(['accept', 'labs/week4/hand.md'])).code).toBe(0);
    await writeFile(path.join(tmp, 'labs/week4/hand.md'), `${LAB}\n\`\`\`bash id=pods\nkubectl get pods\n\`\`\`\n`);
    const replay = await run(['run', 'labs/week4/hand.md']);
    expect(replay.stdout).toContain('step `pods` is not in the fixture: `lab accept --init labs/week4/hand.md`');
    expect(replay.stdout).not.toMatch(/lab record|re-record/);
    const lint = await run(['lint', 'labs/week4/hand.md']);
    expect(lint.stdout).toContain('add an entry for it with `lab accept --init labs/week4/hand.md`');
  });

  it('fails an expectation: the message names the position once', async () => {
    await run(['accept', '--init', 'labs/week4/hand.md']);
    await writeFile(FIXTURE(), (await readFile(FIXTURE(), 'utf8')).replace(/stdout: ""/, 'stdout: |\n          node-1 NotReady'));
    const accept = await run(['accept', 'labs/week4/hand.md']);
    expect(accept.stderr).toContain('labs/week4/hand.md:10:1: error: step `nodes`: its fixture output fails its expectation: stdout (lines) does not match the expected lines [fixture-mismatch]');
    expect(accept.code).toBe(1);
  });

  it('holds the command as a transcript shows it: values for $VARS, quotes dropped, is not "differs"; another command is', async () => {
    await writeFile(path.join(tmp, 'labs/week4/hand.md'), LAB.replace('kubectl get nodes', 'kubectl get nodes -l "role=$ROLE"'));
    await run(['accept', '--init', 'labs/week4/hand.md']);
    const filled = (await readFile(FIXTURE(), 'utf8')).replace(/stdout: ""/, 'stdout: |\n          node-1 Ready');
    await writeFile(FIXTURE(), filled.replace(/command: .*/, 'command: kubectl get nodes -l role=worker'));
    expect((await run(['lint', 'labs/week4/hand.md'])).stdout).not.toContain('fixture-command-differs');
    await writeFile(FIXTURE(), filled.replace(/command: .*/, 'command: kubectl get pods -l role=worker'));
    expect((await run(['lint', 'labs/week4/hand.md'])).stdout).toContain('[fixture-command-differs]');
  });

  it('gets a skeleton entry per host of a hosts= step, so it replays once the outputs are written', async () => {
    await writeFile(path.join(tmp, 'labs/week4/hand.md'), LAB.replace('```bash id=nodes', '```bash id=nodes hosts="n1 n2"'));
    await run(['accept', '--init', 'labs/week4/hand.md']);
    const text = await readFile(FIXTURE(), 'utf8');
    expect(text).toMatch(/hosts:\n\s+- host: n1\n[\s\S]*- host: n2/);
    await writeFile(FIXTURE(), text.replaceAll('stdout: ""', 'stdout: |\n              node-1 Ready'));
    expect((await run(['accept', 'labs/week4/hand.md'])).code).toBe(0);
    const replay = await run(['run', 'labs/week4/hand.md']);
    expect(replay.stdout).toMatch(/✓ n1[\s\S]*✓ n2/);
    expect(replay.code).toBe(0);
  });
});

