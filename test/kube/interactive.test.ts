// A `tty` step in a pod: the terminal the lab's shell is handed (`kubectl exec -it`), with the
// pod's shell, or with the step's block run by that shell.
import { describe, expect, it } from 'vitest';
import { PREFER_BASH } from '../../runner/kube/command.js';
import { PodTarget } from '../../runner/kube/target.js';
import { podLab, podStep } from './pod-lab.js';

function recordingTerminal() {
  const calls: Array<{ argv: string[]; cwd?: string }> = [];
  return { calls, runTerminal: async (argv: string[], cwd?: string) => (calls.push({ argv, cwd }), { exitCode: 0 }) };
}

describe('PodTarget.interactive', () => {
  it("opens the pod's shell (bash when it has one) when the block is empty", async () => {
    const terminal = recordingTerminal();
    const target = new PodTarget(podLab({ kubeContext: 'from-frontmatter' }), terminal, { kubeconfig: '/k/config' });
    const step = podStep({ pods: 'web-1', namespace: '$NS', tty: true, cwd: '/work' }, '');
    const list = await target.remotes(step, { NS: 'shop' });
    if ('error' in list) throw new Error(list.error);
    expect(await target.interactive({ step, script: '  \n', remote: list.remotes[0] })).toEqual({ exitCode: 0 });
    expect(terminal.calls).toEqual([{
      argv: ['kubectl', '--context', 'from-frontmatter', '--kubeconfig', '/k/config', 'exec', '-it', 'web-1', '-n', 'shop', '--', 'sh', '-c', PREFER_BASH, 'sh'],
      cwd: '/work',
    }]);
  });

  it('runs the block in that shell when there is one, as one argument', async () => {
    const terminal = recordingTerminal();
    const target = new PodTarget(podLab(), terminal, { kubeContext: 'lab' });
    const step = podStep({ pods: 'aws-node-a', namespace: 'kube-system', container: 'aws-node', tty: true }, "top -b -n 1 | head -5\necho 'done'");
    const list = await target.remotes(step, {});
    if ('error' in list) throw new Error(list.error);
    await target.interactive({ step, script: step.command, remote: list.remotes[0] });
    expect(terminal.calls[0]!.argv).toEqual([
      'kubectl', '--context', 'lab', 'exec', '-it', 'aws-node-a', '-n', 'kube-system', '-c', 'aws-node', '--',
      'sh', '-c', PREFER_BASH, 'sh', '-c', "top -b -n 1 | head -5\necho 'done'",
    ]);
  });

  it('refuses a pod that did not come from remotes(), whose namespace is unknown', () => {
    const target = new PodTarget(podLab(), recordingTerminal());
    const step = podStep({ pods: 'web-1', namespace: 'shop', tty: true });
    expect(() => target.interactive({ step, script: '', remote: { kind: 'pod', name: 'web-1' } })).toThrow(/was not resolved by the pod target/);
  });
});
