// Found by the stress fuzzing: an obsolete fixture entry whose id is one 32 KB line was looked up
// with a regex built from the id, and V8's "regular expression too large" made lint an internal
// error (exit 2). The id is compared as text now, and the warning points at its line.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lab } from '../helpers/cli.js';

let project: string;
const longId = 'a'.repeat(32_763);

beforeAll(async () => {
  project = await mkdtemp(path.join(os.tmpdir(), 'lab-long-id-'));
  await mkdir(path.join(project, 'labs'));
  await mkdir(path.join(project, 'fixtures'));
  await writeFile(path.join(project, 'package.json'), '{}\n');
  await writeFile(path.join(project, 'labs', 'l.md'), '# L\n\n```bash id=x\ntrue\n```\n');
  await writeFile(path.join(project, 'fixtures', 'l.yaml'), `format: 1\nlab: l\nlabHash: ""\nrecordedAt: 2026-01-01T00:00:00.000Z\nrunner: 0.1.0\nredactions: []\nsteps:\n  - id: x\n    provenance: synthesized\n    command: "true"\n    attempts: [{ exit: 0, durationMs: 0, stdout: "" }]\n  - id: ${longId}\n    provenance: synthesized\n    command: "true"\n    attempts: []\n`);
});

afterAll(async () => {
  if (project) await rm(project, { recursive: true, force: true });
});

describe('an obsolete fixture entry with a 32 KB id', () => {
  it('is a fixture-obsolete warning at its line, not an internal error', async () => {
    const linted = await lab(['lint', 'labs'], { cwd: project });
    expect(linted.stderr).not.toContain('internal error');
    expect(linted.code).not.toBe(2); // the entry for x is not stamped yet: an error of its own
    expect(linted.stdout).toMatch(/^fixtures\/l\.yaml:12:1: warning: fixture entry `a+` matches no step/m);
  });
});

describe('a step whose command is one 32 KB line', () => {
  // fixture-command-differs compared commands through a regex built from the lab's command.
  it('is compared with its fixture entry as text: a differing command is a warning, not an internal error', async () => {
    const long = `echo ${'a'.repeat(32_715)} $NAME`;
    await writeFile(path.join(project, 'labs', 'c.md'), `# C\n\n\`\`\`bash id=y\n${long}\n\`\`\`\n`);
    await writeFile(path.join(project, 'fixtures', 'c.yaml'), `format: 1\nlab: c\nlabHash: ""\nrecordedAt: 2026-01-01T00:00:00.000Z\nrunner: 0.1.0\nredactions: []\nsteps:\n  - id: y\n    provenance: synthesized\n    command: echo b\n    attempts: [{ exit: 0, durationMs: 0, stdout: "" }]\n`);
    const linted = await lab(['lint', 'labs/c.md'], { cwd: project });
    expect(linted.stderr).not.toContain('internal error');
    expect(linted.code).not.toBe(2);
    expect(linted.stdout).toContain('[fixture-command-differs]');
  });
});
