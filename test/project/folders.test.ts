import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearProjectConfigCache } from '../../runner/project/config.js';
import { loadProjectLabs } from '../../runner/project/load.js';

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'lab-folders-'));
  clearProjectConfigCache();
});
afterEach(() => rm(tmp, { recursive: true, force: true }));

const page = (frontmatter: string) => `---\n${frontmatter}\n---\n\nSome prose.\n\n\`\`\`bash\necho hi\n\`\`\`\n`;

async function plant(files: Record<string, string>) {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(tmp, name)), { recursive: true });
    await writeFile(path.join(tmp, name), text);
  }
}

const relative = (labs: { lab: { file: string } }[]) => labs.map(({ lab }) => path.relative(tmp, lab.file));

describe('Docusaurus frontmatter under the eks-workshop profile', () => {
  const docusaurus = 'title: "Managed Node Groups"\nsidebar_position: 30\nsidebar_custom_props: { "module": true }\ndescription: "Learn."\ntmdTranslationSourceHash: abc123\nhide_table_of_contents: true\npagination_next: x\nchapter: true\nweight: 30';

  it('is accepted without a word, sidebar_position becoming the order', async () => {
    await plant({ 'lab.config.yaml': 'profile: eks-workshop\n', 'docs/a.md': page(docusaurus) });
    const { labs } = await loadProjectLabs(['docs'], { cwd: tmp });
    expect(labs[0]!.diagnostics).toEqual([]);
    expect(labs[0]!.lab.meta).toMatchObject({ title: 'Managed Node Groups', order: 30, description: 'Learn.' });
  });

  it('takes weight when there is no sidebar_position', async () => {
    await plant({ 'docs/a.md': page('title: A\nweight: 7') });
    const { labs } = await loadProjectLabs(['docs'], { cwd: tmp, profile: 'eks-workshop' });
    expect(labs[0]!.lab.meta.order).toBe(7);
  });

  it('is still refused key by key in the native profile', async () => {
    await plant({ 'docs/a.md': page(docusaurus) });
    const { labs } = await loadProjectLabs(['docs'], { cwd: tmp });
    const unknown = labs[0]!.diagnostics.filter((d) => d.rule === 'frontmatter-schema').map((d) => d.message);
    expect(unknown).toContain('unknown frontmatter key `sidebar_position`');
    expect(unknown).toContain('unknown frontmatter key `tmdTranslationSourceHash`');
  });
});

describe('folders like the workshop\'s', () => {
  it('put index.md first, pages by sidebar_position before subfolders, subfolders by their index', async () => {
    await plant({
      'lab.config.yaml': 'profile: eks-workshop\n',
      'docs/index.md': page('title: Intro\nsidebar_position: 50'),
      'docs/b.md': page('title: B\nsidebar_position: 10'),
      'docs/a.md': page('title: A\nsidebar_position: 20'),
      'docs/zeta/index.md': page('title: Zeta\nsidebar_position: 1'),
      'docs/zeta/page.md': page('title: Zeta page\nsidebar_position: 5'),
      'docs/alpha/index.md': page('title: Alpha\nsidebar_position: 2'),
    });
    const { labs } = await loadProjectLabs(['docs'], { cwd: tmp });
    expect(relative(labs)).toEqual(['docs/index.md', 'docs/b.md', 'docs/a.md', 'docs/zeta/index.md', 'docs/zeta/page.md', 'docs/alpha/index.md']);
  });

  it('skip a folder with .notest and everything below it', async () => {
    await plant({
      'lab.config.yaml': 'profile: eks-workshop\n',
      'docs/kept.md': page('title: Kept'),
      'docs/skipped/.notest': '',
      'docs/skipped/x.md': page('title: X'),
      'docs/skipped/deeper/y.md': page('title: Y'),
    });
    const { labs, skipped } = await loadProjectLabs(['docs'], { cwd: tmp });
    expect(relative(labs)).toEqual(['docs/kept.md']);
    expect(skipped.map((entry) => path.relative(tmp, entry.file)).sort()).toEqual(['docs/skipped/deeper/y.md', 'docs/skipped/x.md']);
  });

  it('leave .notest alone in the native profile', async () => {
    await plant({ 'docs/skipped/.notest': '', 'docs/skipped/x.md': page('title: X') });
    const { labs, skipped } = await loadProjectLabs(['docs'], { cwd: tmp });
    expect(relative(labs)).toEqual(['docs/skipped/x.md']);
    expect(skipped).toEqual([]);
  });
});

describe('lab ids below a config', () => {
  it('are the path from the config\'s folder, not the base name (every page would be `index`)', async () => {
    await plant({
      'lab.config.yaml': 'profile: eks-workshop\n',
      'docs/fundamentals/index.md': page('title: F'),
      'docs/networking/index.md': page('title: N'),
      'docs/networking/named.md': page('title: Named\nid: my-own-id'),
    });
    const { labs } = await loadProjectLabs(['docs'], { cwd: tmp });
    expect(labs.map(({ lab }) => lab.meta.id)).toEqual(['docs/fundamentals/index', 'docs/networking/index', 'my-own-id']);
  });
});
