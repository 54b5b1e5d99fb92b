// `lab steps LAB`: the step table (id, line, language, kind, fixture provenance, section) and its
// JSON, through the real CLI; and `--only` with an unknown id pointing at it with a did-you-mean.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lab } from '../helpers/cli.js';

let project: string;

const LAB = `---
title: Step table
---

# Step table

## Make things

\`\`\`bash id=make
echo made
\`\`\`

\`\`\`bash id=watch background
sleep 0.1
\`\`\`

## Check things

Do it by hand, then check.

\`\`\`bash verify id=check
echo ok
\`\`\`

\`\`\`bash solve
echo solved
\`\`\`

\`\`\`sh id=tidy cleanup
echo tidy
\`\`\`
`;

beforeEach(async () => {
  project = await mkdtemp(path.join(os.tmpdir(), 'lab-steps-'));
  await mkdir(path.join(project, 'labs'), { recursive: true });
  await writeFile(path.join(project, 'labs/table.md'), LAB);
});
afterEach(async () => rm(project, { recursive: true, force: true }));

describe('lab steps', () => {
  it('lists every step with kind and "missing" provenance when there is no fixture', async () => {
    const listed = await lab(['steps', 'labs/table.md', '--json'], { cwd: project });
    expect(listed.code, listed.stderr).toBe(0);
    const { steps } = JSON.parse(listed.stdout);
    expect(steps).toEqual([
      { id: 'make', section: 'Make things', line: 9, language: 'bash', kind: 'step', provenance: 'missing' },
      { id: 'watch', section: 'Make things', line: 13, language: 'bash', kind: 'background', provenance: 'missing' },
      { id: 'check', section: 'Check things', line: 21, language: 'bash', kind: 'task', provenance: 'missing' },
      { id: 'tidy', section: 'Check things', line: 29, language: 'sh', kind: 'cleanup', provenance: 'missing' },
    ]);
  });

  it('shows each fixture entry\'s provenance, recorded or synthesized, in the table', async () => {
    const recorded = await lab(['record', 'labs/table.md'], { cwd: project, env: { CI: '', NO_COLOR: '1' } });
    expect(recorded.code, recorded.stderr).toBe(0);
    const file = path.join(project, 'fixtures/table.yaml');
    const text = await readFile(file, 'utf8');
    const tidy = text.indexOf('- id: tidy');
    await writeFile(file, text.slice(0, tidy) + text.slice(tidy).replace('provenance: recorded', 'provenance: synthesized'));
    // A step added after the recording has no entry yet.
    await writeFile(path.join(project, 'labs/table.md'), LAB.replace('## Check things', '```bash id=late\necho late\n```\n\n## Check things'));
    const listed = await lab(['steps', 'table'], { cwd: project });
    expect(listed.code, listed.stderr).toBe(0);
    const rows = listed.stdout.split('\n').map((line) => line.trim().split(/\s{2,}/));
    expect(rows[1]).toEqual(['ID', 'LINE', 'LANG', 'KIND', 'FIXTURE', 'SECTION']);
    expect(rows.find((row) => row[0] === 'make')).toEqual(['make', '9', 'bash', 'step', 'recorded', 'Make things']);
    expect(rows.find((row) => row[0] === 'late')).toEqual(['late', '17', 'bash', 'step', 'missing', 'Make things']);
    expect(rows.find((row) => row[0] === 'tidy')).toEqual(['tidy', '33', 'sh', 'cleanup', 'synthesized', 'Check things']);
  });

  it('--only with an unknown id suggests the near one and points at `lab steps`', async () => {
    const run = await lab(['run', 'labs/table.md', '--only', 'chek'], { cwd: project });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('has no step `chek` (--only) (did you mean `check`?)');
    expect(run.stdout).toContain('hint: `lab steps labs/table.md` lists its step ids');
    expect(run.stdout).not.toContain('lab lint');
  });
});
