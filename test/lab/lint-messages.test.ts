// Lint messages that must say the right thing: a regex shown as written (placeholders kept), one
// frontmatter typo reported once (not as a cascade of "never defined"), and did-you-mean for
// attributes from the attribute table's names and the words authors write for them.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintLab } from '../../runner/lab/lint.js';
import { parseLab } from '../../runner/lab/parse.js';
import { STEP_ATTRIBUTE_NAMES } from '../../runner/lab/step-attributes.js';
import { lab as labCli } from '../helpers/cli.js';

async function lint(source: string) {
  const { lab, diagnostics } = parseLab(source, 'x.md');
  return [...diagnostics, ...(await lintLab(lab, diagnostics))];
}

const REGION_LAB = `---
title: Regions
vars:
  AWS_DEFAULT_REGION: { default: us-east-1 }
  CLUSTER: { default: lab }
---

# Regions

\`\`\`bash id=region
echo "$AWS_DEFAULT_REGION $CLUSTER"
\`\`\`

\`\`\`expect regex
^{{AWS_DEFAULT_REGION}} (lab
\`\`\`
`;

describe('invalid regex message', () => {
  it('shows the regex as the author wrote it, placeholder and all', async () => {
    const problem = (await lint(REGION_LAB)).find((d) => d.rule === 'invalid-regex');
    expect(problem?.message).toContain('/^{{AWS_DEFAULT_REGION}} (lab/');
    expect(problem?.message).not.toContain('/^0 (lab/');
  });
});

describe('a frontmatter typo', () => {
  it('is reported once, with did-you-mean, and not as every variable "never defined"', async () => {
    const found = await lint(REGION_LAB.replace('vars:', 'vras:').replace('(lab', 'lab'));
    expect(found.map((d) => d.rule)).toEqual(['frontmatter-schema']);
    expect(found[0]!.message).toBe('unknown frontmatter key `vras` (did you mean `vars`?)');
  });

  it('inside a variable gets a did-you-mean from the variable keys', async () => {
    const found = await lint(REGION_LAB.replace('{ default: lab }', '{ defualt: lab }').replace('(lab', 'lab'));
    expect(found.map((d) => d.message)).toEqual(['unknown frontmatter key `vars.CLUSTER.defualt` (did you mean `default`?)']);
  });

  it('`lab lint` shows the typo alone', async () => {
    const project = await mkdtemp(path.join(os.tmpdir(), 'lab-typo-'));
    try {
      await mkdir(path.join(project, 'labs'));
      await writeFile(path.join(project, 'labs/typo.md'), REGION_LAB.replace('vars:', 'vras:').replace('(lab', 'lab'));
      const linted = await labCli(['lint', 'labs/typo.md', '--no-fixtures'], { cwd: project });
      expect(linted.code).toBe(1);
      expect(linted.stdout + linted.stderr).toContain('unknown frontmatter key `vras` (did you mean `vars`?)');
      expect(linted.stdout + linted.stderr).not.toContain('never defined');
    } finally {
      await rm(project, { recursive: true, force: true });
    }
  });

  it('does not hide "never defined" when the frontmatter is fine', async () => {
    const found = await lint(REGION_LAB.replace('$CLUSTER', '$CLUSTR').replace('(lab', 'lab'));
    expect(found.map((d) => d.rule)).toEqual(['undefined-variable']);
  });
});

const attributeProblem = async (fence: string) =>
  (await lint(`# A\n\n\`\`\`bash id=a ${fence}\necho a\n\`\`\`\n`)).find((d) => d.rule === 'unknown-attribute')?.message;

describe('unknown attribute did-you-mean', () => {
  it('suggests retry for retires=30 and retries=30', async () => {
    expect(await attributeProblem('retires=30')).toBe('unknown attribute `retires` (did you mean `retry`?)');
    expect(await attributeProblem('retries=30')).toBe('unknown attribute `retries` (did you mean `retry`?)');
  });

  it('suggests a near spelling from the table', async () => {
    expect(await attributeProblem('timout=5s')).toBe('unknown attribute `timout` (did you mean `timeout`?)');
    expect(await attributeProblem('captrue=X')).toBe('unknown attribute `captrue` (did you mean `capture`?)');
  });

  it('never suggests exit for wait', async () => {
    expect(await attributeProblem('wait=5')).not.toContain('`exit`');
  });

  it.skipIf(!(STEP_ATTRIBUTE_NAMES as readonly string[]).includes('settle'))('suggests settle= for wait= (when the table has settle)', async () => {
    expect(await attributeProblem('wait=5')).toBe('unknown attribute `wait` (did you mean `settle`?)');
  });
});
