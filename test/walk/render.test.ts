import { describe, expect, it } from 'vitest';
import { createMarkdownRenderer } from '../../runner/walk/render.js';
import { stripAnsi, visibleLength } from '../../runner/walk/terminal.js';

const PROSE = `# Endpoint access with \`kubectl\` and **care**

Some *prose* with \`inline\` code, **bold** words and a [link](https://example.com/docs).

- first item with **bold** and \`aws eks\`
- second item
  - nested **deeper** with \`kubectl get nodes\`
    - third level *em* and \`x\`
1. ordered **one** \`two\`
2. [a link](https://example.com) in a list

| setting | **value** |
|---|---|
| \`endpointPublicAccess\` | **true** |

> Hint: run \`aws eks describe-cluster\` **first**

## Second **heading** with \`code\`
`;

describe('markdown rendering', () => {
  it('never shows raw ** or backticks in headings, paragraphs, lists, nested lists, tables and quotes', async () => {
    for (const color of [false, true]) {
      const renderer = await createMarkdownRenderer({ width: 80, color });
      // Without colour, inline code keeps one pair of backticks (ours): compared without them.
      const shown = stripAnsi(renderer.prose(PROSE));
      expect(shown).not.toContain('``');
      const text = color ? shown : shown.replaceAll('`', '');
      expect(text).not.toContain('**');
      expect(text).not.toContain('`');
      expect(text).toContain('first item with bold and aws eks');
      expect(text).toContain('nested deeper with kubectl get nodes');
      expect(text).toContain('third level em and x');
      expect(text).toContain('ordered one two');
      expect(text).toMatch(/endpointPublicAccess\s*│\s*true/);
      expect(text).toContain('Endpoint access with kubectl and care');
      expect(text).toContain('Second heading with code');
      expect(text).toContain('https://example.com/docs');
    }
  });

  it('without colour, headings carry a rule under them and inline code its backticks', async () => {
    const plain = (await createMarkdownRenderer({ width: 80, color: false })).prose(PROSE).split('\n');
    const first = plain.indexOf('Endpoint access with `kubectl` and care');
    expect(plain[first + 1]).toBe('═'.repeat(plain[first]!.length));
    const second = plain.indexOf('Second heading with `code`');
    expect(plain[second + 1]).toBe('─'.repeat(plain[second]!.length));
    expect(plain).toContain('Some prose with `inline` code, bold words and a link (https://example.com/docs).');
    expect(plain.join('\n')).toContain('first item with bold and `aws eks`');
    // A heading wrapped at a narrow width is ruled as wide as its widest line, never wider than the page.
    const narrow = (await createMarkdownRenderer({ width: 20, color: false })).prose('## A heading long enough to wrap twice\n').split('\n');
    const rule = narrow.find((line) => line.startsWith('─'))!;
    expect(rule.length).toBe(Math.max(...narrow.filter((line) => !line.startsWith('─')).map((line) => line.length)));
    expect(rule.length).toBeLessThanOrEqual(20);
    // With colour the heading's colour does the work: no rule, no backticks.
    const coloured = stripAnsi((await createMarkdownRenderer({ width: 80, color: true })).prose(PROSE));
    expect(coloured).not.toMatch(/^[═─]+$/m);
    expect(coloured).not.toContain('`');
  });

  it('prints no ANSI codes when colour is off', async () => {
    const renderer = await createMarkdownRenderer({ width: 80, color: false });
    expect(renderer.prose(PROSE)).not.toMatch(/\x1b\[/);
    expect(renderer.code('yaml', 'key: value')).not.toMatch(/\x1b\[/);
  });

  it('wraps prose and list items at a narrow width with hanging indents', async () => {
    const renderer = await createMarkdownRenderer({ width: 30, color: false });
    const text = renderer.prose(
      'A paragraph long enough that it must wrap several times at thirty columns.\n\n- a list item that is also long enough to wrap at least once, **bold** too\n',
    );
    const lines = text.split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(30);
    expect(text).not.toContain('**');
    const itemStart = lines.findIndex((line) => line.includes('a list item'));
    expect(lines[itemStart + 1]).toMatch(/^\s{3,}\S/); // continuation under the text, not under the bullet
  });

  it('wraps Korean prose in terminal columns (a Hangul syllable takes two), headings, lists and boxes included', async () => {
    const renderer = await createMarkdownRenderer({ width: 40, color: false });
    const text = renderer.prose(`# 노드 그룹과 워커 노드 확인하기

이번 실습에서는 워커 노드에 SSH로 접속해서 운영체제와 컨테이너 런타임을 확인합니다.
각 노드의 퍼블릭 IP를 변수에 저장합니다.

- 보안 그룹이 허용하는지 확인한 다음 접속하는 목록 항목입니다

:::tip 참고
관리형 노드 그룹은 Auto Scaling 그룹으로 만들어집니다.
:::
`);
    const lines = text.split('\n');
    for (const line of lines) expect(visibleLength(line), line).toBeLessThanOrEqual(40);
    // The source's line end inside the paragraph is a soft one: joined, then wrapped (the
    // paragraph fills lines, it does not keep the author's break).
    expect(lines.some((line) => line.includes('확인합니다. 각'))).toBe(true);
    const heading = lines.findIndex((line) => line.startsWith('노드 그룹과'));
    expect(visibleLength(lines[heading + 1]!)).toBe(visibleLength(lines[heading]!)); // the ═ rule as wide as the heading
    expect(lines[heading + 1]).toMatch(/^═+$/);
    const box = lines.filter((line) => /^[╭│╰]/.test(line));
    expect(box.length).toBeGreaterThanOrEqual(3);
    expect(new Set(box.map(visibleLength)).size).toBe(1); // every edge of the box lines up
    expect(text.replace(/[\s│]+/g, '')).toContain('관리형노드그룹은AutoScaling그룹으로만들어집니다.');
  });

  it('keeps a hard line break inside a paragraph and joins soft ones', async () => {
    const renderer = await createMarkdownRenderer({ width: 80, color: false });
    expect(renderer.prose('first line  \nsecond line\nstill the second\n')).toBe('first line\nsecond line still the second');
  });

  it('shows non-runnable blocks whole, with their text intact', async () => {
    const renderer = await createMarkdownRenderer({ width: 80, color: false });
    const yaml = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web';
    const text = renderer.code('yaml', yaml);
    expect(text.split('\n').map((line) => line.trim())).toEqual(yaml.split('\n').map((line) => line.trim()));
    const fenced = renderer.code('text', 'a ``` fence inside\nstays');
    expect(fenced).toContain('a ``` fence inside');
  });
});
