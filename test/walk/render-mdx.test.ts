// MDX in the walk's prose: admonitions drawn as boxes with their type and title, JSX and imports
// hidden, `::yaml` files shown from the walk's files root (never outside it), secrets never shown.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLab } from '../../runner/lab/parse.js';
import { mdxOptions } from '../../runner/walk/mdx-files.js';
import { createMarkdownRenderer } from '../../runner/walk/render.js';
import { stripAnsi } from '../../runner/walk/terminal.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'lab-mdx-'));
  await mkdir(path.join(root, 'manifests'), { recursive: true });
  await writeFile(path.join(root, 'manifests/app.yaml'), 'kind: ConfigMap\ndata:\n  region: VAR::REGION\n  token: VAR::TOKEN\n');
});
afterAll(async () => rm(root, { recursive: true, force: true }));

const PAGE = `import Tabs from '@theme/Tabs';

Intro text.

:::tip Before you start
Check the **cluster** is up.
:::

<Tabs>
  <TabItem value="a" label="Option A">
    Do A.
  </TabItem>
</Tabs>

::yaml{file="manifests/app.yaml"}

::yaml{file="../outside.yaml"}
`;

const LAB = `---\ntitle: Mdx\nvars:\n  REGION: { default: eu-west-1 }\n  TOKEN: { secret: true }\n---\n\n# Mdx\n\n\`\`\`bash id=a\necho a\n\`\`\`\n`;

describe('MDX in the walk', () => {
  it('draws admonitions as boxes, hides JSX and imports, expands ::yaml with known, non-secret values', async () => {
    const { lab } = parseLab(LAB, path.join(root, 'mdx.md'));
    const mdx = mdxOptions(lab, root, () => ({ REGION: 'eu-west-1', TOKEN: 's3cr3t-t0ken' }));
    const renderer = await createMarkdownRenderer({ width: 60, color: false, mdx });
    const text = stripAnsi(renderer.prose(PAGE));
    const lines = text.split('\n');
    const top = lines.findIndex((line) => line.startsWith('╭─ tip: Before you start '));
    expect(top, text).toBeGreaterThanOrEqual(0);
    expect(lines[top + 1]).toMatch(/^│ Check the cluster is up\. +│$/);
    expect(lines[top + 2]).toMatch(/^╰─+╯$/);
    expect(lines[top]!.length).toBe(lines[top + 2]!.length);
    expect(text).not.toMatch(/<\/?Tab|import|:::|::yaml/);
    expect(text).toContain('Option A');
    expect(text).toContain('Do A.');
    expect(text).toContain('region: eu-west-1');
    expect(text).toContain('token: VAR::TOKEN');
    expect(text).not.toContain('s3cr3t-t0ken');
    expect(text).toContain('../outside.yaml: outside');
  });

  it('without MDX options, a ::yaml says the file is not read', async () => {
    const renderer = await createMarkdownRenderer({ width: 60, color: false });
    expect(stripAnsi(renderer.prose('::yaml{file="a.yaml"}'))).toContain('a.yaml: files are not read here');
  });
});

describe('the lab parser on MDX pages', () => {
  it('reads admonitions and JSX in prose as prose, and still finds the steps', () => {
    const { lab, diagnostics } = parseLab(`---\ntitle: Page\n---\n\n${PAGE}\n\`\`\`bash id=run\necho hi\n\`\`\`\n\n:::info\nAfter the step.\n:::\n`, 'page.md');
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(lab.steps.map((step) => step.id)).toEqual(['run']);
    const prose = lab.sections.flatMap((section) => section.items).filter((item) => item.kind === 'prose').map((item) => (item.kind === 'prose' ? item.markdown : '')).join('\n');
    expect(prose).toContain(':::tip Before you start');
    expect(prose).toContain('<TabItem value="a" label="Option A">');
    expect(prose).toContain(':::info\nAfter the step.\n:::');
  });
});
