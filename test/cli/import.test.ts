import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lab, ROOT } from '../helpers/cli.js';

const POSTS = path.join(ROOT, 'test/import/posts');
let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'lab-import-'));
  await mkdir(path.join(tmp, 'labs'));
  await writeFile(path.join(tmp, 'package.json'), '{"name":"posts"}\n');
});
afterEach(() => rm(tmp, { recursive: true, force: true }));

async function lintsAndReplays(name: string) {
  const lint = await lab(['lint', `labs/${name}.md`], { cwd: tmp });
  expect(lint.stdout).toBe('');
  expect(lint.stderr).toContain('0 errors, 0 warnings');
  expect(lint.code).toBe(0);
  const run = await lab(['run', `labs/${name}.md`, '--reporter', 'json'], { cwd: tmp });
  const report = JSON.parse(run.stdout);
  expect(report.labs[0].steps.filter((step: { status: string }) => step.status !== 'passed')).toEqual([]);
  expect(run.code).toBe(0);
  return report.labs[0].steps as { id: string }[];
}

describe('lab import', () => {
  it('drafts a lab from a scraped post that lints clean and replays green, with no account id or secret on disk', async () => {
    const result = await lab(['import', path.join(POSTS, 'plain-post.txt'), 'week3/nodes', '--yes'], { cwd: tmp });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const draft = await readFile(path.join(tmp, 'labs/week3/nodes.md'), 'utf8');
    const fixture = await readFile(path.join(tmp, 'fixtures/week3/nodes.yaml'), 'utf8');
    for (const text of [draft, fixture]) {
      expect(text).not.toContain('123456789012');
      expect(text).not.toContain('AKIAZZZZZZZZZZZZZZZZ');
      expect(text).not.toContain('wJalrXUtnFEMI');
    }
    expect(draft).toMatch(/\n\[\.\.\]\.ap-northeast-2\.compute\.internal\s+Ready\s+<none>\s+\[\.\.\]\s+v1\.34\.4-eks-f69f56f\n/);
    expect(draft).toMatch(/coredns-\[\.\.\]\s+1\/1\s+Running\s+0\s+\[\.\.\]/);
    expect(draft).toContain("--query 'Reservations[].Instances[].InstanceId' \\");
    expect(draft).toContain('cat <<EOT > nodes.yaml\nkind: List\nitems: []\nEOT');
    expect(draft).toContain('계정 확인'); // the `# 계정 확인` caption is prose, not a root prompt
    expect(draft).toMatch(/## Clean up[\s\S]*```bash id=kubectl-delete cleanup[\s\S]*id=terraform-destroy cleanup timeout=30m confirm=/);
    expect(fixture).toContain('provenance: transcribed');
    expect(draft).toContain('```bash id=kubectl-get-pod-2 for=10s\nkubectl get pod -w\n```');
    expect(fixture).toMatch(/id: kubectl-get-pod-2[\s\S]*?exit: null[\s\S]*?stoppedAfterFor: true/);
    expect(draft).toContain('title: "[스터디] 3주차 - 노드 그룹 살펴보기"');
    expect(fixture).toMatch(/source:\n\s+from: \S*plain-post.txt\n\s+line: 6\n\s+date: 2026-04-02/);
    const steps = await lintsAndReplays('week3/nodes');
    expect(steps.map((step) => step.id)).toEqual([
      'kubectl-get-node', 'aws-sts-get-caller-identity', 'cat', 'su', 'hostname', 'uptime',
      'aws-ec2-describe-instances', 'cat-2', 'kubectl-get-pod', 'kubectl-get-pod-2', 'kubectl-delete', 'terraform-destroy',
    ]);
  });

  it('reads Jekyll highlight blocks, taking the date and title from the front matter', async () => {
    const result = await lab(['import', path.join(POSTS, 'jekyll-post.md'), 'fargate-try', '--yes', '--source', 'https://example.org/fargate'], { cwd: tmp });
    expect(result.code).toBe(0);
    const draft = await readFile(path.join(tmp, 'labs/fargate-try.md'), 'utf8');
    expect(draft).toContain('title: "Fargate 한 번 써보기"');
    expect(draft).toContain('## 프로필 확인');
    expect(draft).toMatch(/id=eksctl-create-cluster timeout=30m confirm="Creates an EKS cluster/);
    const fixture = await readFile(path.join(tmp, 'fixtures/fargate-try.yaml'), 'utf8');
    expect(fixture).toContain('from: https://example.org/fargate');
    expect(fixture).toContain('date: 2026-05-10');
    expect(fixture).not.toContain('210987654321');
    expect(await lintsAndReplays('fargate-try')).toHaveLength(2);
  });

  it('reads fenced Markdown from stdin, leaving blocks without prompts as prose', async () => {
    const post = await readFile(path.join(POSTS, 'fenced-post.md'), 'utf8');
    const result = await lab(['import', '-', 'pods', '--yes', '--date', '2026-06-01'], { cwd: tmp, input: post });
    expect(result.code).toBe(0);
    const draft = await readFile(path.join(tmp, 'labs/pods.md'), 'utf8');
    expect(draft).toContain('```yaml\nkind: Pod\n```');
    expect(draft).toMatch(/web-\[\.\.\]\s+1\/1\s+Running\s+0\s+\[\.\.\]/);
    const fixture = await readFile(path.join(tmp, 'fixtures/pods.yaml'), 'utf8');
    expect(fixture).toContain('from: stdin');
    expect(fixture).toContain('date: 2026-06-01');
    expect((await lintsAndReplays('pods')).map((step) => step.id)).toEqual(['kubectl-get-pod', 'echo']);
  });

  it('refuses to overwrite, and without a terminal asks for --yes (exit 2)', async () => {
    const post = path.join(POSTS, 'fenced-post.md');
    expect((await lab(['import', post, 'pods', '--yes'], { cwd: tmp })).code).toBe(0);
    const again = await lab(['import', post, 'pods', '--yes'], { cwd: tmp });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('labs/pods.md and fixtures/pods.yaml already exist');
    expect((await lab(['import', post, 'pods', '--yes', '--force'], { cwd: tmp })).code).toBe(0);
    const asked = await lab(['import', post, 'other'], { cwd: tmp });
    expect(asked.code).toBe(2);
    expect(asked.stderr).toContain('pass --yes');
    const empty = await lab(['import', '-', 'none', '--yes'], { cwd: tmp, input: 'just prose\n' });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('no command found');
  });
});
