import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLab } from '../../runner/lab/parse.js';

const sample = readFileSync(new URL('../samples/lab/model.md', import.meta.url), 'utf8');

describe('parseLab model', () => {
  const { lab, diagnostics } = parseLab(sample, '/abs/model.md', { displayPath: 'model.md', defaultId: 'samples/model' });

  it('parses a clean lab without diagnostics', () => {
    expect(diagnostics).toEqual([]);
  });

  it('reads the frontmatter, defaulting the id from the path', () => {
    expect(lab.meta.id).toBe('samples/model');
    expect(lab.meta.title).toBe('Parser model sample');
    expect(lab.meta.requires).toEqual(['bash']);
    expect(lab.meta.vars.map((v) => [v.name, v.default, v.secret])).toEqual([
      ['CLUSTER_NAME', 'myeks', false],
      ['TOKEN', undefined, true],
    ]);
  });

  it('finds the steps in order with their positions and ids', () => {
    expect(lab.steps.map((s) => [s.id, s.position.line, s.position.column, s.generatedId])).toEqual([
      ['hello', 15, 1, false],
      ['set-up-2', 27, 1, true],
      ['wait-for-it-1', 38, 1, true],
      ['wait-for-it-2', 43, 1, true],
      ['wait-for-it-3', 46, 1, true],
      ['nodes', 51, 1, false],
      ['task-1', 59, 1, true],
    ]);
  });

  it('keeps the block text whole, multi-line and with variables', () => {
    expect(lab.steps[0]!.command).toBe('echo "hello $CLUSTER_NAME"');
    expect(lab.steps[1]!.command).toBe('N1=10.0.0.1\nexport N2=10.0.0.2');
  });

  it('types the attributes and keeps their columns', () => {
    const wait = lab.steps[2]!;
    expect(wait.attributes).toMatchObject({ retry: 3, intervalMs: 500, capture: 'STATUS', confirm: 'Changes things' });
    const interval = wait.rawAttributes.find((a) => a.name === 'interval')!;
    expect(interval.position).toEqual({ file: 'model.md', line: 38, column: 17 });
    expect(lab.steps[0]!.attributes.timeoutMs).toBe(10_000);
    expect(lab.steps[5]!.attributes).toMatchObject({ hosts: '$N1 $N2', sshUser: 'ec2-user' });
  });

  it('attaches expectations with mode, stream, exit and position', () => {
    const [lines, regex] = lab.steps[0]!.expectations;
    expect(lines).toMatchObject({ mode: 'lines', stream: 'stdout', text: 'hello {{CLUSTER_NAME}}', position: { line: 19, column: 1 }, bodyLine: 20 });
    expect(regex).toMatchObject({ mode: 'regex', stream: 'stderr', exit: 0, text: '^$', position: { line: 23 } });
  });

  it('turns a console transcript into one step per command with its output expected', () => {
    const [first, second] = [lab.steps[3]!, lab.steps[4]!];
    expect(first.command).toBe('echo one \\\n  two');
    expect(first.expectations).toHaveLength(1);
    expect(first.expectations[0]).toMatchObject({ mode: 'lines', text: 'one two', position: { line: 45 } });
    expect(second.command).toBe('true');
    expect(second.expectations).toEqual([]);
  });

  it('makes verify blocks tasks with their solve block and section hint', () => {
    const task = lab.steps[6]!;
    expect(task.task?.solve?.command).toBe('touch /tmp/x');
    expect(task.task?.solve?.position.line).toBe(66);
    expect(task.task?.hint).toBe('look at the flags.');
    expect(task.expectations[0]).toMatchObject({ exit: 0, text: '' });
  });

  it('keeps sections with prose, display-only code and step references in order', () => {
    const titles = lab.sections.map((s) => s.title);
    expect(titles).toEqual(['', 'Parser model sample', 'Set up', 'Wait for it', 'Nodes', 'Task']);
    expect(lab.sections[2]!.items.map((i) => i.kind)).toEqual(['step', 'step', 'code']);
    const yaml = lab.sections[2]!.items[2]!;
    expect(yaml).toMatchObject({ kind: 'code', language: 'yaml', text: 'kind: Pod' });
    expect(lab.sections[1]!.items[0]).toMatchObject({ kind: 'prose' });
  });
});

describe('source hashes and generated ids', () => {
  const base = '# Lab\n\n## One\n\n```bash\necho a\n```\n\n## Two\n\n```bash\necho b\n```\n\n```expect\nb\n```\n';

  it('keeps generated ids and hashes when an unrelated part of the file changes', () => {
    const before = parseLab(base, 'l.md').lab;
    const after = parseLab(base.replace('## One\n\n```bash\necho a\n```', '## One\n\nNew prose.\n\n```bash\necho a\n```\n\n```bash\necho new\n```'), 'l.md').lab;
    const b1 = before.steps.find((s) => s.command === 'echo b')!;
    const b2 = after.steps.find((s) => s.command === 'echo b')!;
    expect(b1.id).toBe('two-1');
    expect(b2.id).toBe('two-1');
    expect(b2.sourceHash).toBe(b1.sourceHash);
    expect(b2.position.line).toBeGreaterThan(b1.position.line);
  });

  it('changes a step hash when its command or its expectation changes, and only that step', () => {
    const before = parseLab(base, 'l.md').lab;
    const edited = parseLab(base.replace('```expect\nb\n```', '```expect\nB\n```'), 'l.md').lab;
    expect(edited.steps[1]!.sourceHash).not.toBe(before.steps[1]!.sourceHash);
    expect(edited.steps[0]!.sourceHash).toBe(before.steps[0]!.sourceHash);
  });

  it('numbers repeated headings like anchors', () => {
    const { lab } = parseLab('## Check\n\n```bash\na\n```\n\n## Check\n\n```bash\nb\n```\n', 'l.md');
    expect(lab.steps.map((s) => s.id)).toEqual(['check-1', 'check-2-1']);
  });
});

describe('robustness', () => {
  it('parses CRLF files with the same lines', () => {
    const { lab } = parseLab(sample.replace(/\n/g, '\r\n'), 'model.md');
    expect(lab.steps[0]!.position.line).toBe(15);
    expect(lab.steps[0]!.command).toBe('echo "hello $CLUSTER_NAME"');
  });

  it('handles an empty file', () => {
    const { lab, diagnostics } = parseLab('', 'empty.md');
    expect(lab.steps).toEqual([]);
    expect(diagnostics).toEqual([]);
  });

  it('keeps heredocs and blank lines inside one block', () => {
    const text = "```bash id=h\ncat <<'EOF' | wc -l\none\n\ntwo\nEOF\n\necho after\n```\n";
    const { lab } = parseLab(text, 'h.md');
    expect(lab.steps).toHaveLength(1);
    expect(lab.steps[0]!.command).toBe("cat <<'EOF' | wc -l\none\n\ntwo\nEOF\n\necho after");
  });

  it('parses a 5 MB lab in reasonable time', () => {
    const chunk = '## Part\n\nSome prose with `code` and **bold**.\n\n```bash\necho hi\n```\n\n```expect\nhi\n```\n\n';
    const big = chunk.repeat(Math.ceil((5 * 1024 * 1024) / chunk.length));
    const { lab } = parseLab(big, 'big.md');
    expect(lab.steps.length).toBeGreaterThan(50_000);
    expect(new Set(lab.steps.map((s) => s.id)).size).toBe(lab.steps.length);
  });
});

describe('prose', () => {
  it('keeps the blank lines between paragraphs, lists and tables of a section', () => {
    const { lab } = parseLab('## S\n\nA paragraph.\n\n- item one\n- item two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```bash\necho\n```\n', 's.md');
    const prose = lab.sections[1]!.items[0]!;
    expect(prose).toMatchObject({ kind: 'prose' });
    expect((prose as { markdown: string }).markdown).toBe('A paragraph.\n\n- item one\n- item two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n');
  });
});
