import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDraft, draftSteps } from '../../runner/import/draft.js';
import { readPost } from '../../runner/import/read-post.js';
import { reviewSteps, type BlockChoice, type ImportPrompter } from '../../runner/import/review.js';
import { elideRunSpecific } from '../../runner/import/run-specific.js';
import { lintLab } from '../../runner/lab/index.js';
import { parseLab } from '../../runner/lab/parse.js';

const POSTS = path.join(path.dirname(new URL(import.meta.url).pathname), 'posts');

/** A prompter that answers from a script and records what it was asked. */
function scripted(choices: BlockChoice[], names: Record<number, string> = {}) {
  const asked: string[] = [];
  let index = 0;
  const prompter: ImportPrompter = {
    choose: async (step, at) => {
      asked.push(`${at.index}:${at.canMerge}`);
      index = at.index;
      return choices[at.index] ?? 'keep';
    },
    name: async (_step, suggested, validate) => {
      const name = names[index] ?? suggested;
      expect(validate(name)).toBe(true);
      return name;
    },
  };
  return { prompter, asked };
}

describe('reading a post', () => {
  it('finds every prompt style, continuation and heredoc of a scraped post, and its captions', async () => {
    const post = readPost(await readFile(path.join(POSTS, 'plain-post.txt'), 'utf8'));
    expect(post.form).toBe('plain');
    expect(post.date).toBe('2026-04-02');
    expect(post.title).toBe('[스터디] 3주차 - 노드 그룹 살펴보기');
    expect(post.blocks.map((block) => block.command.split('\n')[0])).toEqual([
      'kubectl get node', 'aws sts get-caller-identity --query Account --output text', 'cat ~/.aws/credentials', 'sudo su -', 'hostname', 'uptime -p',
      'aws ec2 describe-instances \\', 'cat <<EOT > nodes.yaml', 'kubectl get pod -n kube-system', 'kubectl get pod -w', 'kubectl delete -f nodes.yaml', 'terraform destroy -auto-approve',
    ]);
    expect(post.blocks[0]!.caption).toContain('먼저 노드 목록을 봅니다.');
    expect(post.blocks[1]!.caption).toBe('계정 확인');
    expect(post.blocks[8]!.output).toContain('(중략)'); // elided output inside stays output
    expect(post.blocks[11]!.caption).toBe('');
    expect(post.blocks[10]!.caption).toBe('정리\n\n다 봤으면 지웁니다.');
  });

  it('takes a lone `#` between commands as prose, not output', async () => {
    const post = readPost('$ terraform init\nInitializing...\n#\n$ terraform plan\n#\n');
    expect(post.blocks.map((block) => block.output)).toEqual(['Initializing...', '']);
  });

  it('elides run-specific values and keeps the rest', async () => {
    expect(elideRunSpecific('ip-10-0-1-5.ec2.internal Ready 5m 10.0.1.5 i-0abc1234def567890 2026-03-16T14:06:15Z'))
      .toBe('[..].ec2.internal Ready [..] [..] [..] [..]');
    expect(elideRunSpecific('coredns-5d78c9869d-4xkqz 1/1 Running 0 3d4h')).toBe('coredns-[..] 1/1 Running 0 [..]');
    expect(elideRunSpecific('version v1.34 is fine')).toBe('version v1.34 is fine');
  });
});

describe('reviewing the blocks', () => {
  it('keeps, skips, merges and renames steps as the prompter answers, and the draft still lints clean', async () => {
    const post = readPost(await readFile(path.join(POSTS, 'plain-post.txt'), 'utf8'));
    const { prompter, asked } = scripted(['keep', 'skip', 'skip', 'keep', 'merge', 'merge'], { 0: 'nodes', 3: 'on-the-node' });
    const steps = await reviewSteps(draftSteps(post), prompter);
    expect(asked.slice(0, 2)).toEqual(['0:false', '1:true']);
    expect(steps.map((step) => step.id).slice(0, 2)).toEqual(['nodes', 'on-the-node']);
    expect(steps[1]!.command).toBe('sudo su -\nhostname\nuptime -p');
    expect(steps[1]!.output).toContain('ip-192-168-1-24.ap-northeast-2.compute.internal\nup 3 days');
    const draft = await buildDraft(steps, post.trailer, { id: 'x/review', title: 'Review', from: 'post.txt', runnerVersion: '0.1.0', redactions: [], labFile: 'labs/x/review.md' });
    const lab = parseLab(draft.lab, 'labs/x/review.md', { defaultId: 'x/review' }).lab;
    expect(await lintLab(lab)).toEqual([]);
    expect(draft.fixture.steps.map((step) => [step.id, step.sourceHash])).toEqual(lab.steps.map((step) => [step.id, step.sourceHash]));
  });

  it('keeps a lone `#` before the output from becoming a heading that cuts the step from its expectation', async () => {
    const post = readPost('$ cat /etc/fstab\n#\nUUID=3D07-3F7F /boot/efi vfat defaults 0 2\n');
    const draft = await buildDraft(draftSteps(post), post.trailer, { id: 'fstab', title: 'Fstab', from: 'post.txt', runnerVersion: '0.1.0', redactions: [], labFile: 'labs/fstab.md' });
    const lab = parseLab(draft.lab, 'labs/fstab.md', { defaultId: 'fstab' });
    expect(lab.diagnostics).toEqual([]);
    expect(lab.lab.steps[0]!.expectations).toHaveLength(1);
  });

  it('refuses a name that is taken', async () => {
    const post = readPost('$ echo a\na\n$ echo b\nb\n');
    const prompter: ImportPrompter = { choose: async () => 'keep', name: async () => 'same' };
    await expect(reviewSteps(draftSteps(post), prompter)).rejects.toThrow('`same` is taken');
  });
});
