// `--var NAME=…` for a name no lab knows is refused the same way by `lab run`, `lab record` and
// `lab walk` (one check, step/variables.ts): exit 2, the file, the closest name; nothing runs.
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lab, ROOT } from '../helpers/cli.js';
import { occurrences } from '../helpers/tmux.js';

let project: string;

beforeEach(async () => {
  project = await mkdtemp(path.join(os.tmpdir(), 'lab-vars-'));
  await cp(path.join(ROOT, 'test/samples/walk'), project, { recursive: true });
});
afterEach(async () => {
  await rm(project, { recursive: true, force: true });
});

describe('--var for a name the lab does not know', () => {
  it('lab run: exit 2 naming the file and the closest declared name, no step reported', async () => {
    const result = await lab(['run', 'labs/practice/basics.md', '--var', 'ZOEN=ap-northeast-2a', '--reporter', 'json'], { cwd: project });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--var ZOEN: labs/practice/basics.md declares no variable `ZOEN` (did you mean `ZONE`?)');
    expect(result.stderr).toContain('its variables: LEARNER, ZONE');
    expect(occurrences(result.stderr, 'ZOEN:')).toBe(1); // shown once, at the edge
    expect(result.stdout).toBe('');
  });

  it('lab run --live: refused before anything runs', async () => {
    const result = await lab(['run', '--live', '--yes', 'labs/practice/checks.md', '--var', 'WROK=/tmp/nowhere'], { cwd: project });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('declares no variable `WROK` (did you mean `WORK`?)');
  });

  it('lab record: refused before the lab runs, no fixture written or changed', async () => {
    const before = await readdir(path.join(project, 'fixtures/practice'));
    const result = await lab(['record', 'labs/practice/checks.md', '--var', 'SLOW_SECOND=1'], { cwd: project, env: { CI: '' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--var SLOW_SECOND: labs/practice/checks.md declares no variable `SLOW_SECOND` (did you mean `SLOW_SECONDS`?)');
    expect(await readdir(path.join(project, 'fixtures/practice'))).toEqual(before);
  });

  it('several labs: a name any of them declares is accepted; one none declares is refused', async () => {
    const accepted = await lab(['run', 'labs/practice/basics.md', 'labs/remote/nodes.md', '--var', 'ZONE=ap-northeast-2a'], { cwd: project });
    expect(accepted.stderr).not.toContain('declares no variable');
    expect(accepted.code).toBe(0);
    const refused = await lab(['run', 'labs/practice', '--var', 'LERNER=ada'], { cwd: project });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--var LERNER: none of the 2 labs declares a variable `LERNER` (did you mean `LEARNER`?)');
  });

  it('a name a step of the lab sets (a value for a later step) is accepted', async () => {
    // labs/remote/nodes.md assigns N1 in its first step and uses it in `hosts=` of the next.
    const result = await lab(['run', 'labs/remote/nodes.md', '--var', 'N1=10.0.0.1'], { cwd: project });
    expect(result.stderr).not.toContain('declares no variable');
    expect(result.code).toBe(0);
  });
});
