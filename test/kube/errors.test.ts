// kubectl's message shapes (from kubectl's cmdutil, kubectl exec, the API server and clientcmd) that
// the stand-in does not print, put into words; and what is not kubectl's is left alone.
import { describe, expect, it } from 'vitest';
import { describeKubectlFailure } from '../../runner/kube/errors.js';

describe('describeKubectlFailure', () => {
  it.each([
    [
      'Error from server (Forbidden): pods "web-1" is forbidden: User "arn:aws:sts::111122223333:assumed-role/dev/me" cannot get resource "pods" in API group "" in the namespace "shop"',
      'forbidden: arn:aws:sts::111122223333:assumed-role/dev/me may not get pods in namespace "shop": its RBAC role needs the "get" verb on "pods"',
    ],
    [
      'Error from server (Forbidden): nodes is forbidden: User "me" cannot list resource "nodes" in API group "" at the cluster scope',
      'forbidden: me may not list nodes at the cluster scope: its RBAC role needs the "list" verb on "nodes"',
    ],
    [
      'error: Internal error occurred: error executing command in container: failed to exec in container: container is in CONTAINER_EXITED state',
      'the container is not running (failed to exec in container: container is in CONTAINER_EXITED state)',
    ],
    ['error: unable to upgrade connection: pod does not exist', 'kubectl could not open the exec stream to the pod: pod does not exist'],
    ['Error from server (BadRequest): pod web-1 does not have a host assigned', 'the API server answered BadRequest: pod web-1 does not have a host assigned'],
    ['error: lost connection to pod', 'kubectl failed: lost connection to pod'],
    ['Error in configuration: context was not found for specified context: prod', 'the kubeconfig has no context "prod": check --kube-context or kube-context: in the frontmatter (`kubectl config get-contexts` lists them)'],
  ])('%s', (stderr, sentence) => {
    expect(describeKubectlFailure(`${stderr}\n`, { namespace: 'shop' })).toBe(sentence);
  });

  it('reads the problems kubectl lists under "Error in configuration:"', () => {
    const stderr = 'Error in configuration: \n* no server found for cluster "lab"\n* unable to read client-cert /nope: no such file or directory\n';
    expect(describeKubectlFailure(stderr)).toBe('the kubeconfig is not usable: no server found for cluster "lab"; unable to read client-cert /nope: no such file or directory');
  });

  it("prefers kubectl's last line over what came before it", () => {
    const stderr = 'Error from server (NotFound): pods "printed-by-the-block" not found\nerror: unable to upgrade connection: container not found ("app")\n';
    expect(describeKubectlFailure(stderr)).toBe('container "app" is not running (crashing, or not started yet)');
  });

  it('matches only at the start of a line', () => {
    expect(describeKubectlFailure('log: Error from server (NotFound): pods "x" not found\n')).toBe('kubectl failed: log: Error from server (NotFound): pods "x" not found');
  });

  it('says so when kubectl failed without a word', () => {
    expect(describeKubectlFailure('')).toBe('kubectl failed without a message');
  });
});
