// `npm run check:sources -- DIR`: every transcribed fixture step compared with its named source,
// line by line. On a write-up and a fixture of our own: one that matches (placeholders, the post's
// own redactions, prose between command and output, a second command's prompt), one that does not.
import { execa } from 'execa';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const SCRIPT = path.join(ROOT, 'test/scripts/check-sources.mjs');

const POST = [
  'My cluster, day 1', //                                      1
  'First the control plane:', //                               2
  '➜ kubectl cluster-info', //                                 3
  'This is what it says:', //                                  4
  'Kubernetes control plane is running at https://<REDACTED>.gr7.ap-northeast-2.eks.amazonaws.com', // 5
  '', //                                                       6
  'CoreDNS is running at https://<REDACTED>.gr7.ap-northeast-2.eks.amazonaws.com/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy', // 7
  'Then the nodes, on both:', //                               8
  '[root@ip-192-168-1-199 ~]# stat -fc %T /sys/fs/cgroup/', //  9
  'cgroup2fs', //                                              10
  '[root@ip-192-168-2-160 ~]# stat -fc %T /sys/fs/cgroup/', // 11
  'cgroup2fs', //                                              12
  'And the account:', //                                       13
  '$ aws sts get-caller-identity --query Arn --output text', // 14
  'arn:aws:iam::111122223333:user/study', //                    15
].join('\n');

const fixture = (steps: string) => `format: 1\nlab: x\nlabHash: ""\nrecordedAt: 2026-12-03T12:30:00Z\nrunner: 0.1.0\nredactions: []\nsteps:\n${steps}`;
const CLUSTER_INFO = `  - id: cluster-info
    provenance: transcribed
    source: { from: post.txt, line: 3, date: "2026-03-16" }
    command: kubectl cluster-info
    attempts:
      - exit: 0
        durationMs: 1
        stdout: |
          Kubernetes control plane is running at https://<EKS_ENDPOINT_ID>.gr7.ap-northeast-2.eks.amazonaws.com
          CoreDNS is running at https://<EKS_ENDPOINT_ID>.gr7.ap-northeast-2.eks.amazonaws.com/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy
`;
const CGROUP = `  - id: cgroup
    provenance: transcribed
    source:
      from: post.txt
      line: 9
    command: stat -fc %T /sys/fs/cgroup/
    attempts: []
    hosts:
      - host: 192.168.1.199
        attempts:
          - exit: 0
            durationMs: 1
            stdout: |
              cgroup2fs
      - host: 192.168.2.160
        attempts:
          - exit: 0
            durationMs: 1
            stdout: |
              cgroup2fs
`;
const SYNTHESIZED = `  - id: made-up
    provenance: synthesized
    command: echo anything
    attempts:
      - exit: 0
        durationMs: 1
        stdout: |
          nothing like the post
`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lab-sources-'));
  await mkdir(path.join(dir, 'seeds'));
  await mkdir(path.join(dir, 'fixtures/week1'), { recursive: true });
  await writeFile(path.join(dir, 'seeds/post.txt'), POST);
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

async function check(steps: string) {
  await writeFile(path.join(dir, 'fixtures/week1/x.yaml'), fixture(steps));
  const result = await execa(process.execPath, [SCRIPT, path.join(dir, 'seeds'), '--fixtures', path.join(dir, 'fixtures')], { cwd: dir, reject: false });
  return { code: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
}

describe('check:sources', () => {
  it('passes transcripts that match their source, placeholders and prose between command and output allowed', async () => {
    const account = `  - id: arn
    provenance: transcribed
    source: { from: post.txt, line: 14 }
    command: aws sts get-caller-identity --query Arn --output text
    attempts:
      - exit: 0
        durationMs: 1
        stdout: |
          arn:aws:iam::<ACCOUNT_ID>:user/study
`;
    const { code, stdout } = await check(CLUSTER_INFO + CGROUP + account + SYNTHESIZED);
    expect(stdout).toContain('3 transcribed steps checked against seeds: 0 differences');
    expect(code).toBe(0);
  });

  it('prints each difference with the fixture file:line and the source file:line, and exits 1', async () => {
    const wrong = CLUSTER_INFO.replace('CoreDNS is running at', 'CoreDNS is not running at');
    const copied = CGROUP.replace(/(192\.168\.2\.160\n {8}attempts:\n {10}- exit: 0\n {12}durationMs: 1\n {12}stdout: \|\n {14})cgroup2fs/, '$1cgroup1fs');
    const { code, stdout } = await check(wrong + copied);
    expect(code).toBe(1);
    expect(stdout).toContain([
      'fixtures/week1/x.yaml:17: cluster-info: stdout differs from its source',
      '  fixture: "CoreDNS is not running at https://<EKS_ENDPOINT_ID>.gr7.ap-northeast-2.eks.amazonaws.com/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy"',
      '  source:  "CoreDNS is running at https://<REDACTED>.gr7.ap-northeast-2.eks.amazonaws.com/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy"',
      '  post.txt:7',
    ].join('\n'));
    expect(stdout).toMatch(/fixtures\/week1\/x\.yaml:\d+: cgroup: stdout differs from its source\n {2}fixture: "cgroup1fs"\n {2}source: {2}"cgroup2fs"\n {2}post\.txt:12/);
    expect(stdout).toContain('2 transcribed steps checked against seeds: 2 differences');
  });

  it('counts a transcribed step with no source, or a source that is not there, as a difference', async () => {
    const none = CLUSTER_INFO.replace('    source: { from: post.txt, line: 3, date: "2026-03-16" }\n', '');
    const missing = CGROUP.replace('from: post.txt', 'from: other.txt');
    const { code, stdout } = await check(none + missing);
    expect(code).toBe(1);
    expect(stdout).toMatch(/fixtures\/week1\/x\.yaml:8: cluster-info: transcribed with no `source:` to compare with/);
    expect(stdout).toMatch(/x\.yaml:\d+: cgroup: source other\.txt not found in seeds/);
  });

  it('refuses to run without a folder of sources (exit 2)', async () => {
    const result = await execa(process.execPath, [SCRIPT], { cwd: dir, reject: false });
    expect(result.exitCode).toBe(2);
    expect(String(result.stderr)).toContain('usage: npm run check:sources -- DIR');
  });
});
