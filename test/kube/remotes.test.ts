// Which pods a step runs in: pods= expanded and split, selector= resolved with `kubectl get pods
// -l` through the stand-in, and the inputs refused before kubectl could misread them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PodTarget, type PodTargetOptions } from '../../runner/kube/target.js';
import type { LabMeta } from '../../runner/model/lab.js';
import { installKubectlStandIn, type KubectlStandIn } from '../helpers/kubectl-stand-in.js';
import { podLab, podStep } from './pod-lab.js';

const noTerminal = { runTerminal: () => Promise.reject(new Error('no terminal in these tests')) };

describe('PodTarget.remotes', () => {
  let kubectl: KubectlStandIn;
  const target = (options: PodTargetOptions = {}, meta: Partial<LabMeta> = {}) =>
    new PodTarget(podLab(meta), noTerminal, { env: kubectl.env, ...options });

  beforeEach(() => {
    kubectl = installKubectlStandIn();
    kubectl.addPod('aws-node-a', { namespace: 'kube-system', labels: { 'k8s-app': 'aws-node' } });
    kubectl.addPod('aws-node-b', { namespace: 'kube-system', labels: { 'k8s-app': 'aws-node' } });
    kubectl.addPod('coredns-1', { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } });
    kubectl.addPod('web-1', { labels: { app: 'web' } });
  });
  afterEach(() => kubectl.remove());

  describe('pods=', () => {
    it('expands, splits on whitespace and keeps the first of each name, with no kubectl call', async () => {
      const list = await target().remotes(podStep({ pods: '$P1  $P2\n$P1', namespace: 'shop' }), { P1: 'web-1', P2: 'web-2' });
      expect(list).toEqual({
        remotes: [
          { kind: 'pod', name: 'web-1', namespace: 'shop', container: undefined },
          { kind: 'pod', name: 'web-2', namespace: 'shop', container: undefined },
        ],
      });
      expect(kubectl.calls()).toEqual([]);
    });

    it('names an unresolved variable and how to give it a value', async () => {
      const list = await target().remotes(podStep({ pods: '$P1 ${P2}' }), { P1: 'web-1' });
      expect(list).toEqual({ error: '`pods=` uses $P2, which has no value yet: set it in an earlier step or pass --var P2=...' });
    });

    it('refuses a list that expands to nothing', async () => {
      expect(await target().remotes(podStep({ pods: '$NONE' }), { NONE: '  ' })).toEqual({ error: '`pods=` expanded to no pod at all' });
    });

    it('refuses a pod name kubectl would read as an option, before running kubectl', async () => {
      const list = await target().remotes(podStep({ pods: 'web-1 $EVIL' }), { EVIL: '--kubeconfig=/tmp/x' });
      expect(list).toEqual({ error: 'pod name "--kubeconfig=/tmp/x" starts with "-" and would be read as a kubectl option' });
      expect(kubectl.calls()).toEqual([]);
    });
  });

  describe('namespace= and container=', () => {
    it('names an unresolved variable in namespace=', async () => {
      const list = await target().remotes(podStep({ pods: 'web-1', namespace: '$NS' }), {});
      expect(list).toEqual({ error: '`namespace=` uses $NS, which has no value yet: set it in an earlier step or pass --var NS=...' });
    });

    it('names an unresolved variable in container=', async () => {
      const list = await target().remotes(podStep({ pods: 'web-1', container: '$C' }), {});
      expect(list).toEqual({ error: '`container=` uses $C, which has no value yet: set it in an earlier step or pass --var C=...' });
    });

    it('refuses a namespace that expands to nothing or to an option', async () => {
      expect(await target().remotes(podStep({ pods: 'web-1', namespace: '$NS' }), { NS: '' })).toEqual({ error: 'the namespace name is empty' });
      expect(await target().remotes(podStep({ pods: 'web-1', namespace: '$NS' }), { NS: '-A' })).toEqual({
        error: 'namespace name "-A" starts with "-" and would be read as a kubectl option',
      });
    });
  });

  describe('selector=', () => {
    it('lists the matching pods with kubectl get pods -l, names stripped of pod/', async () => {
      const list = await target({ kubeContext: 'lab-cluster' }).remotes(podStep({ selector: 'k8s-app=aws-node', namespace: 'kube-system', container: 'aws-node' }), {});
      expect(list).toEqual({
        remotes: [
          { kind: 'pod', name: 'aws-node-a', namespace: 'kube-system', container: 'aws-node' },
          { kind: 'pod', name: 'aws-node-b', namespace: 'kube-system', container: 'aws-node' },
        ],
      });
      expect(kubectl.calls()).toEqual([['--context', 'lab-cluster', 'get', 'pods', '-l', 'k8s-app=aws-node', '-n', 'kube-system', '-o', 'name']]);
    });

    it("lists in kubectl's current namespace when the step gives none", async () => {
      const list = await target().remotes(podStep({ selector: 'app=$APP' }), { APP: 'web' });
      expect(list).toEqual({ remotes: [{ kind: 'pod', name: 'web-1', namespace: undefined, container: undefined }] });
      expect(kubectl.calls()).toEqual([['get', 'pods', '-l', 'app=web', '-o', 'name']]);
    });

    it('says when the selector matches no pod, and where it looked', async () => {
      expect(await target().remotes(podStep({ selector: 'k8s-app=nothing', namespace: 'kube-system' }), {})).toEqual({
        error: 'selector "k8s-app=nothing" matched no pods in namespace "kube-system"',
      });
    });

    it('puts a failing kubectl get into words', async () => {
      kubectl.failListing('forbidden');
      expect(await target().remotes(podStep({ selector: 'k8s-app=aws-node', namespace: 'kube-system' }), {})).toEqual({
        error: 'could not list the pods for selector "k8s-app=aws-node": forbidden: lab-tester may not list pods in namespace "kube-system": its RBAC role needs the "list" verb on "pods"',
      });
    });

    it("reads kubectl's own last line, past the discovery errors it logs first", async () => {
      kubectl.failListing('connection-refused');
      const list = await target().remotes(podStep({ selector: 'k8s-app=aws-node' }), {});
      expect(list).toEqual({
        error: 'could not list the pods for selector "k8s-app=aws-node": the API server at 127.0.0.1:6443 refused the connection: check --kube-context and --kubeconfig, and that the cluster is up',
      });
    });

    it('names an unresolved variable in selector=', async () => {
      expect(await target().remotes(podStep({ selector: 'app=$APP' }), {})).toEqual({
        error: '`selector=` uses $APP, which has no value yet: set it in an earlier step or pass --var APP=...',
      });
      expect(kubectl.calls()).toEqual([]);
    });

    it('stops listing on abort', async () => {
      const controller = new AbortController();
      controller.abort();
      const list = await target().remotes(podStep({ selector: 'app=web' }), {}, controller.signal);
      expect(list).toEqual({ error: 'could not list the pods for selector "app=web": interrupted' });
    });
  });
});
