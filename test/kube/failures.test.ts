// kubectl's own failures through the stand-in (kubectl's real message shapes): each becomes one
// sentence as the pod's `error`, never an expectation diff, and the other pods still run.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PodTarget, type PodTargetOptions } from '../../runner/kube/target.js';
import { installKubectlStandIn, type KubectlStandIn, type PlantedFailure } from '../helpers/kubectl-stand-in.js';
import { podLab, podStep, runInPods } from './pod-lab.js';

const noTerminal = { runTerminal: () => Promise.reject(new Error('no terminal in these tests')) };

describe('kubectl failures as per-pod errors', () => {
  let kubectl: KubectlStandIn;
  const target = (options: PodTargetOptions = {}) => new PodTarget(podLab(), noTerminal, { env: kubectl.env, ...options });

  beforeEach(() => {
    kubectl = installKubectlStandIn();
    kubectl.addPod('web-1', { namespace: 'shop' });
  });
  afterEach(() => kubectl.remove());

  const cases: Array<[PlantedFailure, RegExp]> = [
    ['not-found', /^no pod named "broken" in namespace "shop"$/],
    ['container-not-running', /^container "main" is not running \(crashing, or not started yet\)$/],
    ['forbidden', /^forbidden: lab-tester may not create pods\/exec in namespace "shop": its RBAC role needs the "create" verb on "pods\/exec"$/],
    ['connection-refused', /^the API server at 127\.0\.0\.1:6443 refused the connection: check --kube-context and --kubeconfig/],
    ['unreachable', /^could not reach the API server: dial tcp: lookup 127\.0\.0\.1: no such host$/],
    ['unauthorized', /^the API server refused the credentials \(Unauthorized\): log in again/],
    ['completed', /^the pod has completed \(phase Succeeded\): nothing runs in it to exec into$/],
    ['no-shell', /^the container has no `sh` to run the block in \(a distroless image\?\)/],
  ];

  it.each(cases)('%s becomes a sentence for that pod while the other pod passes', async (failure, sentence) => {
    kubectl.addPod('broken', { namespace: 'shop', failure });
    const runs = await runInPods(target(), podStep({ pods: 'web-1 broken', namespace: 'shop' }));
    const [healthy, broken] = runs;
    expect(healthy!.outcome).toMatchObject({ attempt: { stdout: 'in web-1\n', exitCode: 0 } });
    expect(healthy!.outcome.error).toBeUndefined();
    expect(broken!.outcome.error).toMatch(sentence);
    expect(broken!.outcome.attempt?.exitCode).toBe(1);
  });

  it('says a pod missing from the cluster is not there, in the namespace asked', async () => {
    const [run] = await runInPods(target(), podStep({ pods: 'ghost', namespace: 'shop' }));
    expect(run!.outcome.error).toBe('no pod named "ghost" in namespace "shop"');
  });

  it("names kubectl's current namespace when the step gives none", async () => {
    const [run] = await runInPods(target(), podStep({ pods: 'ghost' }));
    expect(run!.outcome.error).toBe('no pod named "ghost" in kubectl\'s current namespace (set namespace= if it lives elsewhere)');
  });

  it('names the containers a pod has when container= names another', async () => {
    kubectl.addPod('aws-node-1', { namespace: 'kube-system', containers: ['aws-node', 'aws-eks-nodeagent'] });
    const [run] = await runInPods(target(), podStep({ pods: 'aws-node-1', namespace: 'kube-system', container: 'nodeagent' }));
    expect(run!.outcome.error).toBe('the pod has no container "nodeagent" (it has: aws-node, aws-eks-nodeagent): check container=');
  });

  it('says which context is missing from the kubeconfig', async () => {
    kubectl.setContexts(['lab-cluster']);
    const [run] = await runInPods(target({ kubeContext: 'other-cluster' }), podStep({ pods: 'web-1', namespace: 'shop' }));
    expect(run!.outcome.error).toMatch(/^the kubeconfig has no context "other-cluster": check --kube-context/);
  });

  it('says kubectl is missing when it is not on PATH', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'lab-no-kubectl-'));
    try {
      const [run] = await runInPods(target({ env: { ...kubectl.env, PATH: empty } }), podStep({ pods: 'web-1' }));
      expect(run!.outcome.error).toBe('kubectl not found on PATH: install it (https://kubernetes.io/docs/tasks/tools/)');
      expect(run!.outcome.attempt?.exitCode).toBeNull();
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
