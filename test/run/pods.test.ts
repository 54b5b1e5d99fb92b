// Pod steps end to end through the CLI, with a kubectl stand-in on PATH (no cluster is reachable
// here): it logs its argv and runs the block it is given, as a pod's shell would. Live per-pod
// results, a failing pod retried alone, each kubectl failure kind as its own per-pod error,
// selector= recorded and replayed, and replay starting no process.
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, lab } from '../helpers/cli.js';
import { installKubectlStandIn, type KubectlStandIn } from '../helpers/kubectl-stand-in.js';

const BLOCKER = path.join(ROOT, 'test/samples/record/no-child-process.mjs');
const fence = '```';

// The pods' own environment holds KUBECTL_STAND_IN_STATE (the stand-in runs the block on this
// machine); the warm-up mark lives there, so aws-node-b fails its first attempt only.
const podsLab = `---
title: Pods
vars:
  NS: { default: kube-system }
---

# Pods

${fence}bash id=cni selector="k8s-app=aws-node" namespace="$NS" container=aws-node retry=3 interval=100ms
if [ "$POD_NAME" = aws-node-b ] && [ ! -e "$KUBECTL_STAND_IN_STATE/warm-b" ]; then
  touch "$KUBECTL_STAND_IN_STATE/warm-b"; echo "warming up on $POD_NAME"
else
  cat <<'EOF'
ready on 'quoted' pod
EOF
  echo "in $POD_NAMESPACE/$CONTAINER_NAME"
fi
${fence}

${fence}expect
ready on 'quoted' pod
in kube-system/aws-node
${fence}

${fence}bash id=netshoot pods="netshoot-1 netshoot-2" namespace=default
echo "hello from $POD_NAME"
${fence}

${fence}expect regex
^hello from netshoot-[12]$
${fence}
`;

const failuresLab = `---
title: Pod failures
---

# Failures

${fence}bash id=reach pods="alive gone locked stopped away" namespace=kube-system
echo "up on $POD_NAME"
${fence}
`;

let base: string;
let project: string;
let kubectl: KubectlStandIn;

async function labIn(args: string[], env: Record<string, string> = {}) {
  return lab(args, { cwd: project, env: { ...kubectl.env, CI: '', ...env } });
}

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'lab-pods-'));
  project = path.join(base, 'project');
  await mkdir(path.join(project, 'labs'), { recursive: true });
  await writeFile(path.join(project, 'package.json'), '{}\n');
  await writeFile(path.join(project, 'labs', 'pods.md'), podsLab);
  await writeFile(path.join(project, 'labs', 'failures.md'), failuresLab);
  kubectl = installKubectlStandIn();
  for (const name of ['aws-node-a', 'aws-node-b']) kubectl.addPod(name, { namespace: 'kube-system', labels: { 'k8s-app': 'aws-node' }, containers: ['aws-node', 'aws-eks-nodeagent'] });
  kubectl.addPod('kube-proxy-x', { namespace: 'kube-system', labels: { 'k8s-app': 'kube-proxy' } });
  for (const name of ['netshoot-1', 'netshoot-2']) kubectl.addPod(name, { shOnly: true });
  kubectl.addPod('alive', { namespace: 'kube-system' });
  kubectl.addPod('locked', { namespace: 'kube-system', failure: 'forbidden' });
  kubectl.addPod('stopped', { namespace: 'kube-system', failure: 'container-not-running' });
  kubectl.addPod('away', { namespace: 'kube-system', failure: 'connection-refused' });
});

afterAll(async () => {
  kubectl?.remove();
  if (base) await rm(base, { recursive: true, force: true });
});

describe('pod steps through lab run --live', () => {
  it('runs the block in each pod, with per-pod results, and retries only the pod that failed', async () => {
    await rm(path.join(kubectl.state, 'warm-b'), { force: true });
    const before = kubectl.calls().length;
    const run = await labIn(['run', '--live', 'labs/pods.md', '--kube-context', 'study', '--reporter', 'json']);
    expect(run.code, `${run.stderr}\n${run.stdout}`).toBe(0);
    const [cni, netshoot] = JSON.parse(run.stdout).labs[0].steps;
    expect(cni.pods.map((pod: { pod: string; status: string; attempts: number }) => [pod.pod, pod.status, pod.attempts])).toEqual([
      ['aws-node-a', 'passed', 1],
      ['aws-node-b', 'passed', 2],
    ]);
    expect(netshoot.pods.map((pod: { pod: string }) => pod.pod)).toEqual(['netshoot-1', 'netshoot-2']);

    const calls = kubectl.calls().slice(before);
    const list = calls.filter((argv) => argv.includes('get'));
    expect(list).toEqual([['--context', 'study', 'get', 'pods', '-l', 'k8s-app=aws-node', '-n', 'kube-system', '-o', 'name']]);
    const execs = calls.filter((argv) => argv.includes('exec'));
    const podOf = (argv: string[]) => argv[argv.indexOf('exec') + 1 + argv.slice(argv.indexOf('exec') + 1).findIndex((word) => !word.startsWith('-'))];
    // aws-node-b twice (its retry), every other pod once: the passing pod is not run again.
    expect(execs.map(podOf).sort()).toEqual(['aws-node-a', 'aws-node-b', 'aws-node-b', 'netshoot-1', 'netshoot-2']);
    const first = execs.find((argv) => argv.includes('aws-node-a'))!;
    expect(first.slice(0, 2)).toEqual(['--context', 'study']);
    expect(first).toEqual(expect.arrayContaining(['-i', '-n', 'kube-system', '-c', 'aws-node']));
  });

  it('retries a pod whose container is missing alone, and says so on its own line', async () => {
    kubectl.addPod('aws-node-c', { namespace: 'kube-system', labels: { 'k8s-app': 'aws-node' }, containers: ['main'] });
    try {
      const before = kubectl.calls().length;
      const run = await labIn(['run', '--live', 'labs/pods.md', '--only', 'cni']);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/✓ aws-node-a\n/);
      expect(run.stdout).toContain('✗ aws-node-c  the pod has no container "aws-node" (it has: main): check container=');
      const execs = kubectl.calls().slice(before).filter((argv) => argv.includes('exec'));
      expect(execs.filter((argv) => argv.includes('aws-node-c'))).toHaveLength(3);
      expect(execs.filter((argv) => argv.includes('aws-node-a'))).toHaveLength(1);
    } finally {
      kubectl.addPod('aws-node-c', { namespace: 'kube-system', labels: { 'k8s-app': 'other' } });
    }
  });

  it('judges each pod against the expectations: the one that differs fails with its diff', async () => {
    await writeFile(path.join(project, 'labs', 'diff.md'), `# Diff\n\n${fence}bash id=same pods="netshoot-1 netshoot-2"\necho "hello from $POD_NAME"\n${fence}\n\n${fence}expect\nhello from netshoot-1\n${fence}\n`);
    const run = await labIn(['run', '--live', 'labs/diff.md']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✓ netshoot-1\n/);
    expect(run.stdout).toMatch(/✗ netshoot-2\n/);
    expect(run.stdout).toContain('netshoot-2: labs/diff.md:7:1: stdout (lines)');
    expect(run.stdout).toContain('+hello from netshoot-2');
  });

  it('names each kubectl failure for its pod, never as a diff, while the healthy pod passes', async () => {
    const run = await labIn(['run', '--live', 'labs/failures.md', '--reporter', 'json']);
    expect(run.code).toBe(1);
    const [step] = JSON.parse(run.stdout).labs[0].steps;
    const byPod = Object.fromEntries(step.pods.map((pod: { pod: string; status: string; error?: string }) => [pod.pod, pod.error ?? pod.status]));
    expect(byPod.alive).toBe('passed');
    expect(byPod.gone).toBe('no pod named "gone" in namespace "kube-system"');
    expect(byPod.locked).toMatch(/^forbidden: .* may not create pods\/exec/);
    expect(byPod.stopped).toMatch(/is not running/);
    expect(byPod.away).toMatch(/refused the connection: check --kube-context and --kubeconfig/);
    expect(step.failures.every((failure: { diff?: string }) => failure.diff === undefined)).toBe(true);
  });
});

describe('pod steps recorded and replayed', () => {
  it('records the pods a selector found, and replays the same pods without starting anything', async () => {
    await rm(path.join(kubectl.state, 'warm-b'), { force: true });
    const recorded = await labIn(['record', 'labs/pods.md']);
    expect(recorded.code, recorded.stderr).toBe(0);
    const fixture = await readFile(path.join(project, 'fixtures', 'pods.yaml'), 'utf8');
    expect(fixture).toMatch(/pods:\n\s+- pod: aws-node-a\n/);
    expect(fixture).toContain('- pod: aws-node-b');
    expect(fixture).toContain('warming up on aws-node-b'); // its first, failed attempt is kept

    // Replay with child_process failing on use, an empty PATH and no kubectl anywhere.
    const spawnLog = path.join(base, 'spawn.log');
    const replay = await execa(process.execPath, ['--import', BLOCKER, CLI, 'run', 'labs/pods.md', '--reporter', 'json'], {
      cwd: project, reject: false, extendEnv: false, env: { PATH: '', CI: 'true', NO_COLOR: '1', LAB_SPAWN_LOG: spawnLog },
    });
    expect(replay.exitCode, String(replay.stderr)).toBe(0);
    const [cni] = JSON.parse(String(replay.stdout)).labs[0].steps;
    expect(cni.pods.map((pod: { pod: string; attempts: number }) => [pod.pod, pod.attempts])).toEqual([['aws-node-a', 1], ['aws-node-b', 2]]);
    expect(existsSync(spawnLog)).toBe(false);
  });
});
