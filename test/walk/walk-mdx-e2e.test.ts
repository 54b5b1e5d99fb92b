// `lab walk` on a workshop-style MDX page, in a real terminal (tmux): the admonition is a box,
// the tabs' tags and the imports are gone, `::yaml` shows the file from --files-root with VAR::
// filled in from the lab's variables.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { CLI, lab } from '../helpers/cli.js';
import { TmuxSession } from '../helpers/tmux.js';

let base: string;
let project: string;
const sessions: TmuxSession[] = [];

const PAGE = `---
title: Mdx page
vars:
  REGION: { default: eu-central-1 }
---

import Tabs from '@theme/Tabs';
import TabItem from '@theme/TabItem';

# Mdx page

:::caution Costs money
Delete the bucket afterwards.
:::

<Tabs>
  <TabItem value="cli" label="Using the CLI">
    Type the command below.
  </TabItem>
</Tabs>

::yaml{file="manifests/bucket.yaml" paths="spec.region"}

\`\`\`bash id=hello
echo hello
\`\`\`
`;

beforeEach(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'lab-walk-mdx-'));
  project = path.join(base, 'project');
  await mkdir(path.join(project, 'labs/week1'), { recursive: true });
  await mkdir(path.join(project, 'repo/manifests'), { recursive: true });
  await writeFile(path.join(project, 'labs/week1/mdx.md'), PAGE);
  await writeFile(path.join(project, 'repo/manifests/bucket.yaml'), 'kind: Bucket\nspec:\n  region: VAR::REGION\n');
});

afterEach(async () => {
  for (const session of sessions.splice(0)) await session.kill();
  await rm(base, { recursive: true, force: true });
});

it('shows an MDX page as prose: box, no tags, the manifest from --files-root with its values', async () => {
  const recorded = await lab(['record', 'labs/week1/mdx.md'], { cwd: project, env: { CI: '', NO_COLOR: '1' } });
  expect(recorded.code, recorded.stderr).toBe(0);
  const session = await TmuxSession.start([process.execPath, CLI, 'walk', 'labs/week1/mdx.md', '--files-root', 'repo'], {
    cwd: project, env: { CI: 'true', XDG_STATE_HOME: path.join(base, 'state'), TERM: 'xterm-256color' },
  });
  sessions.push(session);
  await session.waitFor('Use these values?');
  await session.send('Enter');
  const screen = await session.waitFor('hello:');
  expect(screen).toMatch(/╭─ caution: Costs money ─+╮/);
  expect(screen).toMatch(/│ Delete the bucket afterwards\. +│/);
  expect(screen).toContain('Using the CLI');
  expect(screen).toContain('Type the command below.');
  expect(screen).toContain('region: eu-central-1');
  expect(screen).not.toMatch(/<\/?Tab|import |:::|::yaml|VAR::/);
  await session.send('q');
  expect(await session.exitCode()).toBe(0);
});
