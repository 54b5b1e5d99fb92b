// The EKS Workshop profile: their annotated ```bash blocks read as their harness reads them.
import { describe, expect, it } from 'vitest';
import { parseLab } from '../../runner/lab/parse.js';
import { splitWorkshopBlock } from '../../runner/lab/transcript.js';

const page = [
  '# Scaling',                                    // 1
  '',                                             // 2
  '```bash',                                     // 3
  '$ kubectl get nodes',                         // 4
  'NAME      STATUS   AGE',                       // 5
  'node-a    Ready    3d',                        // 6
  '$ export ZONE=a \\',                         // 7
  '  && echo "$ZONE"',                           // 8
  '',                                             // 9
  '$ cat <<-EOF > /tmp/x',                       // 10
  '\tkind: Pod',                                  // 11
  '',                                             // 12
  '\tEOF',                                        // 13
  '```',                                         // 14
  '',                                             // 15
  '```bash',                                     // 16
  'kind: Namespace',                              // 17
  '```',                                         // 18
  '',                                             // 19
  '```bash test=false',                          // 20
  '$ kubectl delete ns x',                       // 21
  '```',                                         // 22
  '',                                             // 23
  '```bash timeout=30 wait=10 hook=scale hookTimeout=60 flavour=mild', // 24
  '$ kubectl scale deploy/x --replicas 3',       // 25
  '```',                                         // 26
  '',                                             // 27
  '```bash expectError=true',                    // 28
  '$ kubectl get ns missing',                    // 29
  '```',                                         // 30
].join('\n');

describe('eks-workshop profile', () => {
  const { lab, diagnostics } = parseLab(page, '/abs/page.md', { displayPath: 'page.md', profile: 'eks-workshop' });
  const [first, skipped, hooked, tolerated] = lab.steps;

  it('runs the `$ ` commands of a block as one set -e script, continuations and heredocs kept, blank lines not ending it', () => {
    expect(lab.steps).toHaveLength(4);
    expect(first!.command).toBe('set -e\nkubectl get nodes\nexport ZONE=a \\\n  && echo "$ZONE"\ncat <<-EOF > /tmp/x\n\tkind: Pod\n\n\tEOF');
  });

  it('keeps the sample output as a loose, warn-only expectation', () => {
    expect(first!.expectations).toEqual([expect.objectContaining({ mode: 'sample', text: '...\nNAME      STATUS   AGE\nnode-a    Ready    3d\n...' })]);
    expect(first!.expectations[0]!.position.line).toBe(5);
  });

  it('does not run a block with no `$ ` line, and skips test=false', () => {
    expect(lab.sections[1]!.items.some((item) => item.kind === 'code' && item.text === 'kind: Namespace')).toBe(true);
    expect(skipped!.attributes.skip).toMatch(/test=false/);
  });

  it('reads timeout and wait as seconds (default timeout 120 s), and the hook', () => {
    expect(first!.attributes.timeoutMs).toBe(120_000);
    expect(hooked!.attributes).toMatchObject({ timeoutMs: 30_000, settleMs: 10_000, hook: 'scale', hookTimeoutMs: 60_000 });
  });

  it('tolerates any exit for expectError=true and drops its shell changes', () => {
    expect(tolerated!.attributes).toMatchObject({ exit: 'any', isolated: true });
    expect(tolerated!.command).toBe('(\nset -e\nkubectl get ns missing\n)');
  });

  it('warns on unknown keys and on commands their harness drops after a blank line', () => {
    expect(diagnostics.map((d) => [d.severity, d.rule, d.position.line])).toEqual([
      ['warning', 'workshop-blank-line', 10],
      ['warning', 'unknown-attribute', 24],
    ]);
  });

  it('shows ```shell and ```sh blocks, never runs them (their harness runs ```bash only)', () => {
    const shell = parseLab('```shell\naws cloud9 list-environments\n```\n\n```sh\n$ ls\n```\n', '/abs/s.md', { profile: 'eks-workshop' });
    expect(shell.lab.steps).toEqual([]);
    expect(shell.diagnostics).toEqual([]);
  });

  it('makes the sample strict with output=contains', () => {
    const strict = parseLab('```bash output=contains\n$ echo hi\nhi\n```\n', '/abs/s.md', { profile: 'eks-workshop' });
    expect(strict.lab.steps[0]!.expectations[0]).toMatchObject({ mode: 'contains', text: 'hi' });
  });
});

describe('splitWorkshopBlock', () => {
  it('lists what their harness drops: every command after the first empty line', () => {
    const block = splitWorkshopBlock('$ a\n\n$ b\nout\n$ c');
    expect(block.commands.map((c) => c.command)).toEqual(['a', 'b', 'c']);
    expect(block.droppedByTheirHarness.map((c) => c.command)).toEqual(['b', 'c']);
  });
});

describe('native profile', () => {
  it('errors on a unitless timeout with the fix, and warns on `$ ` prompts in bash', () => {
    const { diagnostics, lab } = parseLab('```bash timeout=120 settle=5\n$ echo hi\n```\n', '/abs/n.md');
    expect(diagnostics.map((d) => [d.severity, d.rule, d.message])).toEqual([
      ['warning', 'prompt-in-bash', expect.stringContaining('use ```console')],
      ['error', 'bad-duration', expect.stringContaining('write `timeout=120s`')],
    ]);
    expect(lab.steps[0]!.attributes.settleMs).toBe(5_000);
  });
});

describe('eks-workshop durations', () => {
  it('reads seconds, lab\'s own units too, and errors on anything else with the forms it takes', () => {
    const read = (info: string) => parseLab(`\`\`\`bash ${info}\n$ echo hi\n\`\`\`\n`, '/abs/d.md', { profile: 'eks-workshop' });
    expect(read('timeout=90 wait=2m hookTimeout=500ms').lab.steps[0]!.attributes).toMatchObject({ timeoutMs: 90_000, settleMs: 120_000, hookTimeoutMs: 500 });
    const bad = read('timeout=soon').diagnostics;
    expect(bad.map((d) => [d.rule, d.message])).toEqual([['bad-number', '`timeout=soon` takes seconds, e.g. `timeout=120` (or lab\'s `120s`, `2m`)']]);
  });
});
