// The MDX reader on pages written in the Docusaurus workshop style: what is hidden, what is kept,
// what becomes an admonition, and how `::yaml` and `VAR::NAME` are filled in.
import { describe, expect, it } from 'vitest';
import { readMdx, substituteVars, type MdxPart } from '../../runner/text/mdx.js';

const markdownOf = (parts: MdxPart[]) => parts.filter((part) => part.kind === 'markdown').map((part) => part.text).join('\n');

describe('readMdx', () => {
  it('hides import lines and JSX tags, keeping their children as prose, dedented', () => {
    const page = [
      "import Tabs from '@theme/Tabs';",
      'import TabItem from "@theme/TabItem";',
      '',
      'Pick how you connect.',
      '',
      '<Tabs>',
      '  <TabItem value="cli" label="With the CLI" default>',
      '    Run **the CLI** from your shell.',
      '',
      '    - it is quicker',
      '  </TabItem>',
      '  <TabItem value="console">',
      '    Open the console page.',
      '  </TabItem>',
      '</Tabs>',
      '',
      'More in the guide <ReadMore/> and <Glossary term="pod">pods</Glossary> too.',
      '',
      '<ConsoleButton',
      '  url="https://console.example.com/eks"',
      '  service="eks"',
      '/>',
      '',
      '<img src={require("@site/static/shot.png").default} alt="a shot" width="480" />',
      'The end.',
    ].join('\n');
    const parts = readMdx(page);
    expect(parts.every((part) => part.kind === 'markdown')).toBe(true);
    const text = markdownOf(parts);
    for (const hidden of ['import', '<Tabs', '<TabItem', '</TabItem>', '<ReadMore', '<Glossary', '</Glossary>', '<ConsoleButton', 'console.example.com', '<img', 'require(']) {
      expect(text, hidden).not.toContain(hidden);
    }
    expect(text).toContain('Pick how you connect.');
    // Children start at the left margin, so Markdown does not read them as indented code.
    expect(text).toContain('\nRun **the CLI** from your shell.\n');
    expect(text).toContain('\n- it is quicker\n');
    expect(text).toContain('\nOpen the console page.\n');
    // A tab's label (or its value) says which tab the text belongs to.
    expect(text).toContain('**With the CLI**');
    expect(text).toContain('**console**');
    expect(text).toContain('More in the guide  and pods too.');
    expect(text).toContain('The end.');
  });

  it('reads admonitions, with or without a title, in both title styles, as parts of their own', () => {
    const page = [
      'Before.',
      '',
      ':::tip',
      'A plain tip.',
      ':::',
      '',
      ':::info Before you begin',
      'Set up **the cluster** first.',
      ':::',
      '',
      ':::caution[Mind the bill]',
      'Delete it after.',
      ':::',
      '',
      ':::note',
      'A note.',
      ':::',
      '',
      ':::warning',
      'A warning.',
      ':::',
      'After.',
    ].join('\n');
    const parts = readMdx(page);
    expect(parts.map((part) => (part.kind === 'admonition' ? `${part.type}:${part.title ?? ''}` : 'markdown'))).toEqual([
      'markdown', 'tip:', 'info:Before you begin', 'caution:Mind the bill', 'note:', 'warning:', 'markdown',
    ]);
    const info = parts[2] as Extract<MdxPart, { kind: 'admonition' }>;
    expect(info.body).toEqual([{ kind: 'markdown', text: 'Set up **the cluster** first.' }]);
    expect(markdownOf(parts)).not.toContain(':::');
  });

  it('expands ::yaml{file=…} from the reader, with VAR:: values and the highlighted paths', () => {
    const read: string[] = [];
    const parts = readMdx('Apply this:\n\n::yaml{file="manifests/app/deploy.yaml" paths="spec.replicas,spec.template"}\n\nDone.', {
      variables: { TAG: 'v1.2.3' },
      readFile: (file) => {
        read.push(file);
        return { text: 'kind: Deployment\nspec:\n  replicas: 3\n  image: shop/app:VAR::TAG\n' };
      },
    });
    expect(read).toEqual(['manifests/app/deploy.yaml']);
    const text = markdownOf(parts);
    expect(text).toContain('```yaml\nkind: Deployment\nspec:\n  replicas: 3\n  image: shop/app:v1.2.3\n```');
    expect(text).toContain('`spec.replicas`, `spec.template`');
    expect(text).not.toContain('::yaml');
  });

  it('says why a ::yaml file is not shown', () => {
    const text = markdownOf(readMdx('::yaml{file="missing.yaml"}', { readFile: () => ({ problem: 'not found under /repo' }) }));
    expect(text).toBe('*(missing.yaml: not found under /repo)*');
  });

  it('substitutes VAR::NAME where known and leaves the others as written', () => {
    expect(substituteVars('v VAR::K8S_VERSION on VAR::UNKNOWN', { K8S_VERSION: '1.31' })).toBe('v 1.31 on VAR::UNKNOWN');
    expect(markdownOf(readMdx('Nodes run vVAR::K8S_VERSION.\n\n```text\nready vVAR::K8S_VERSION\n```', { variables: { K8S_VERSION: '1.31' } })))
      .toBe('Nodes run v1.31.\n\n```text\nready v1.31\n```');
  });

  it('leaves code blocks alone: no tag or admonition is read inside a fence', () => {
    const page = '```text\n<Tabs>\n:::tip\nimport x from "y";\n```';
    expect(readMdx(page)).toEqual([{ kind: 'markdown', text: page }]);
  });
});
