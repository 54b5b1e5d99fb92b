// The pod target running blocks through the kubectl stand-in: the argv kubectl gets for every flag
// combination, the block reaching the pod intact, output per pod, and kubectl's exit line.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PREFER_BASH } from '../../runner/kube/command.js';
import { PodTarget, type PodTargetOptions } from '../../runner/kube/target.js';
import type { LabMeta } from '../../runner/model/lab.js';
import { installKubectlStandIn, type KubectlStandIn } from '../helpers/kubectl-stand-in.js';
import { processAlive } from '../helpers/process-alive.js';
import { podLab, podStep, runInPods } from './pod-lab.js';

const noTerminal = { runTerminal: () => Promise.reject(new Error('no terminal in these tests')) };
const IN_POD = ['sh', '-c', PREFER_BASH, 'sh', '-s'];

describe('PodTarget.attempt through kubectl exec', () => {
  let kubectl: KubectlStandIn;
  const target = (options: PodTargetOptions = {}, meta: Partial<LabMeta> = {}) =>
    new PodTarget(podLab(meta), noTerminal, { env: kubectl.env, ...options });

  beforeEach(() => {
    kubectl = installKubectlStandIn();
    kubectl.addPod('web-1');
    kubectl.addPod('web-2');
    kubectl.addPod('aws-node-abc', { namespace: 'kube-system', containers: ['aws-node', 'aws-eks-nodeagent'] });
  });
  afterEach(() => kubectl.remove());

  describe('argv', () => {
    it('passes no -n, -c, --context or --kubeconfig when nothing asks for them', async () => {
      const [run] = await runInPods(target(), podStep({ pods: 'web-1' }));
      expect(run!.outcome.error).toBeUndefined();
      expect(kubectl.calls()).toEqual([['exec', '-i', '--quiet', 'web-1', '--', ...IN_POD]]);
    });

    it('passes the namespace and the container of the step', async () => {
      await runInPods(target(), podStep({ pods: 'aws-node-abc', namespace: 'kube-system', container: 'aws-node' }));
      expect(kubectl.calls()).toEqual([['exec', '-i', '--quiet', 'aws-node-abc', '-n', 'kube-system', '-c', 'aws-node', '--', ...IN_POD]]);
    });

    it("uses the frontmatter's kube-context when no --kube-context is given", async () => {
      await runInPods(target({}, { kubeContext: 'lab-cluster' }), podStep({ pods: 'web-1' }));
      expect(kubectl.calls()[0]!.slice(0, 3)).toEqual(['--context', 'lab-cluster', 'exec']);
    });

    it('lets --kube-context win over the frontmatter, and passes --kubeconfig', async () => {
      const options = { kubeContext: 'from-flag', kubeconfig: '/tmp/lab-kubeconfig' };
      await runInPods(target(options, { kubeContext: 'from-frontmatter' }), podStep({ pods: 'web-1', namespace: 'default' }));
      expect(kubectl.calls()).toEqual([
        ['--context', 'from-flag', '--kubeconfig', '/tmp/lab-kubeconfig', 'exec', '-i', '--quiet', 'web-1', '-n', 'default', '--', ...IN_POD],
      ]);
    });

    it('expands $VARS in namespace= and container=', async () => {
      await runInPods(target(), podStep({ pods: '$POD', namespace: '$NS', container: '${C}' }), { POD: 'aws-node-abc', NS: 'kube-system', C: 'aws-eks-nodeagent' });
      expect(kubectl.calls()[0]).toEqual(['exec', '-i', '--quiet', 'aws-node-abc', '-n', 'kube-system', '-c', 'aws-eks-nodeagent', '--', ...IN_POD]);
    });
  });

  it('runs the block in each pod, with each pod its own output', async () => {
    const runs = await runInPods(target(), podStep({ pods: 'web-1 web-2' }, 'echo "in $POD_NAME"\necho "warn from $HOSTNAME" >&2'));
    expect(runs.map((run) => run.remote.name)).toEqual(['web-1', 'web-2']);
    expect(runs.map((run) => run.outcome.attempt?.stdout)).toEqual(['in web-1\n', 'in web-2\n']);
    expect(runs.map((run) => run.outcome.attempt?.stderr)).toEqual(['warn from web-1\n', 'warn from web-2\n']);
    expect(runs.map((run) => run.streamed.stdout)).toEqual(['in web-1\n', 'in web-2\n']);
    expect(runs.every((run) => run.outcome.attempt?.exitCode === 0 && run.outcome.error === undefined)).toBe(true);
  });

  it('runs the block in bash when the image has it, else in sh', async () => {
    kubectl.addPod('alpine-1', { shOnly: true });
    const runs = await runInPods(target(), podStep({ pods: 'web-1 alpine-1' }, 'if [ -n "$BASH_VERSION" ]; then echo bash; else echo sh; fi'));
    expect(runs.map((run) => run.outcome.attempt?.stdout)).toEqual(['bash\n', 'sh\n']);
  });

  it('delivers quotes, $ signs and a heredoc to the pod untouched', async () => {
    const block = [
      `printf '%s\\n' "double \\"quoted\\"" 'single $HOME' "it's"`,
      "cat <<'EOF'",
      'literal $POD_NAME `date` \\n',
      'EOF',
      'cat <<EOF',
      'expanded $POD_NAME',
      'EOF',
    ].join('\n');
    const [run] = await runInPods(target(), podStep({ pods: 'web-1' }, block));
    expect(run!.outcome.attempt?.stdout).toBe('double "quoted"\nsingle $HOME\nit\'s\nliteral $POD_NAME `date` \\n\nexpanded web-1\n');
    expect(run!.outcome.attempt?.exitCode).toBe(0);
  });

  it('gives a command that reads stdin EOF instead of the rest of the block', async () => {
    const [run] = await runInPods(target(), podStep({ pods: 'web-1' }, 'cat\necho after'));
    expect(run!.outcome.attempt?.stdout).toBe('after\n');
  });

  it("keeps the block's exit code and drops kubectl's exit line from stderr and from the live output", async () => {
    const [run] = await runInPods(target(), podStep({ pods: 'web-1' }, 'echo "bad news" >&2\nexit 3'));
    expect(run!.outcome.error).toBeUndefined();
    expect(run!.outcome.attempt?.exitCode).toBe(3);
    expect(run!.outcome.attempt?.stderr).toBe('bad news\n');
    expect(run!.streamed.stderr).toBe('bad news\n');
  });

  it("finds kubectl's exit line after block output that did not end its line", async () => {
    const [run] = await runInPods(target(), podStep({ pods: 'web-1' }, "printf 'no newline' >&2\nexit 1"));
    expect(run!.outcome.error).toBeUndefined();
    expect(run!.outcome.attempt).toMatchObject({ exitCode: 1, stderr: 'no newline' });
    expect(run!.streamed.stderr).toBe('no newline');
  });

  it('judges a block exiting 1 as the block, not as a kubectl failure', async () => {
    const [run] = await runInPods(target(), podStep({ pods: 'web-1' }, 'false'));
    expect(run!.outcome.error).toBeUndefined();
    expect(run!.outcome.attempt).toMatchObject({ exitCode: 1, stderr: '' });
  });

  it('keeps a block\'s own "Error from server" and "command terminated" lines and judges them normally', async () => {
    const block = 'echo \'Error from server (NotFound): pods "web-1" not found\' >&2\necho \'command terminated with exit code 1\' >&2\nexit 1';
    const [run] = await runInPods(target(), podStep({ pods: 'web-1' }, block));
    expect(run!.outcome.error).toBeUndefined();
    expect(run!.outcome.attempt?.exitCode).toBe(1);
    expect(run!.outcome.attempt?.stderr).toBe('Error from server (NotFound): pods "web-1" not found\ncommand terminated with exit code 1\n');
  });

  it('does not mistake a block printing "Error from server" and exiting 0 for a kubectl failure', async () => {
    const [run] = await runInPods(target(), podStep({ pods: 'web-1' }, 'echo "Error from server (Forbidden): nope" >&2'));
    expect(run!.outcome.error).toBeUndefined();
    expect(run!.outcome.attempt?.stderr).toBe('Error from server (Forbidden): nope\n');
  });

  it("keeps kubectl's \"Defaulted container\" notice out of the block's stderr", async () => {
    const [run] = await runInPods(target(), podStep({ pods: 'aws-node-abc', namespace: 'kube-system' }, 'echo "$CONTAINER_NAME"'));
    expect(run!.outcome.attempt).toMatchObject({ stdout: 'aws-node\n', stderr: '', exitCode: 0 });
  });

  it('kills kubectl and what it started at the timeout', async () => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'lab-kube-timeout-'));
    try {
      const pidFile = path.join(scratch, 'pid');
      const started = Date.now();
      const [run] = await runInPods(target(), podStep({ pods: 'web-1' }, `echo $$ > ${pidFile}\nsleep 30`), {}, { timeoutMs: 1_000 });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(run!.outcome.attempt).toMatchObject({ timedOut: true, timeoutMs: 1_000, exitCode: null });
      expect(run!.outcome.error).toBeUndefined();
      const pid = Number(readFileSync(pidFile, 'utf8'));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(processAlive(pid)).toBe(false);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('stops the attempt on abort', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const [run] = await runInPods(target(), podStep({ pods: 'web-1' }, 'sleep 30'), {}, { signal: controller.signal });
    expect(run!.outcome.attempt).toMatchObject({ interrupted: true, exitCode: null });
  });
});
