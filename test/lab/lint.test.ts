import { describe, expect, it } from 'vitest';
import { lintLab } from '../../runner/lab/lint.js';
import { parseLab } from '../../runner/lab/parse.js';

const frontmatter = '---\nvars:\n  P1: aws-node-a\n  P2: aws-node-b\n  NS: kube-system\n  N1: 10.0.0.1\n---\n\n';

/** Parse and lint a lab whose first fence is line 9, after a frontmatter defining P1, P2, NS and N1. */
async function lint(body: string) {
  const { lab, diagnostics } = parseLab(frontmatter + body, 'pods.md');
  return [...diagnostics, ...(await lintLab(lab))].map((d) => ({ severity: d.severity, rule: d.rule, line: d.position.line, column: d.position.column, message: d.message }));
}

const step = (fence: string, script = 'cat /etc/os-release') => `\`\`\`bash ${fence}\n${script}\n\`\`\`\n`;
const rules = async (body: string) => (await lint(body)).map((d) => d.rule);
/** The column of `word` on the fence line, 1-based. */
const column = (fence: string, word: string) => '```bash '.length + fence.indexOf(word) + 1;

describe('pod steps lint', () => {
  it('lints a pod step by name or by selector clean', async () => {
    expect(await lint(step('id=a pods="$P1 $P2" namespace=$NS container=aws-node'))).toEqual([]);
    expect(await lint(step('id=b selector="k8s-app=aws-node" namespace=kube-system'))).toEqual([]);
  });

  it('refuses pods= or selector= together with hosts=, at the pod attribute', async () => {
    const fence = 'hosts=$N1 pods=$P1';
    expect(await lint(step(fence))).toEqual([expect.objectContaining({
      severity: 'error', rule: 'pods-and-hosts', line: 9, column: column(fence, 'pods='),
      message: '`pods=` and `hosts=` on the same step: a step runs in pods or on hosts over ssh, not both; drop one',
    })]);
    const selector = 'hosts=$N1 selector=app=x';
    expect(await lint(step(selector))).toEqual([expect.objectContaining({ severity: 'error', rule: 'selector-and-hosts', column: column(selector, 'selector=') })]);
    expect(await rules(step('hosts=$N1'))).toEqual([]);
  });

  it('refuses pods= together with selector=, at the selector', async () => {
    const fence = 'pods=$P1 selector=app=x';
    expect(await lint(step(fence))).toEqual([expect.objectContaining({
      severity: 'error', rule: 'pods-and-selector', column: column(fence, 'selector='),
      message: '`pods=` and `selector=` on the same step: name the pods or select them by label, not both; drop one',
    })]);
  });

  it('asks selector= for a value with a label selector as the example', async () => {
    const fence = 'id=x selector';
    expect(await lint(step(fence))).toEqual([expect.objectContaining({
      severity: 'error', rule: 'missing-value', column: column(fence, 'selector'),
      message: 'attribute `selector` needs a value, e.g. `selector="k8s-app=aws-node"`',
    })]);
    expect(await rules(step('selector=""'))).toEqual(['missing-value']);
  });

  it('refuses an empty pod list', async () => {
    const fence = 'id=x pods=" "';
    expect(await lint(step(fence))).toEqual([expect.objectContaining({
      severity: 'error', rule: 'pods-unreachable', column: column(fence, 'pods='),
      message: '`pods=` is empty: list the pods, e.g. pods="$P1 $P2"',
    })]);
    expect(await lint(step('pods=""'))).toEqual([expect.objectContaining({ rule: 'missing-value', message: 'attribute `pods` needs a value, e.g. `pods="$P1 $P2"`' })]);
  });

  it('refuses a pod list using a variable nothing defines, and accepts one set by an earlier step', async () => {
    const fence = 'pods="$P1 $P9"';
    expect(await lint(step(fence))).toEqual([expect.objectContaining({
      severity: 'error', rule: 'pods-unreachable', column: column(fence, 'pods='),
      message: '`pods=` uses `$P9`, which nothing defines: no way to reach these pods. Set it in an earlier step, capture it, or add it to `vars:`',
    })]);
    expect(await rules(step('id=set', 'P9=$(kubectl get pods -o name | head -1)') + '\n' + step(fence))).toEqual([]);
  });

  it('refuses a namespace variable nothing defines', async () => {
    const fence = 'pods=$P1 namespace=$NOPE';
    expect(await lint(step(fence))).toEqual([expect.objectContaining({
      severity: 'error', rule: 'unknown-namespace-variable', column: column(fence, 'namespace='),
      message: 'unknown namespace variable `$NOPE` in `namespace=`: nothing defines it, so the pods cannot be found. Set it in an earlier step, capture it, or add it to `vars:`',
    })]);
    expect(await rules(step('pods=$P1 namespace=$NS'))).toEqual([]);
    expect(await rules(step('pods=$P1 namespace=kube-system'))).toEqual([]);
  });

  it('warns that namespace= and container= do nothing without pods= or selector=', async () => {
    const fence = 'id=x namespace=kube-system container=aws-node';
    expect(await lint(step(fence))).toEqual([
      expect.objectContaining({ severity: 'warning', rule: 'namespace-without-pods', column: column(fence, 'namespace='), message: '`namespace=` without `pods=` or `selector=` has no effect' }),
      expect.objectContaining({ severity: 'warning', rule: 'container-without-pods', column: column(fence, 'container='), message: '`container=` without `pods=` or `selector=` has no effect' }),
    ]);
    expect(await rules(step('selector=app=x namespace=kube-system container=aws-node'))).toEqual([]);
  });

  it('refuses background on a remote step: background steps run in the lab shell', async () => {
    for (const remote of ['hosts=$N1', 'pods=$P1', 'selector=app=x']) {
      const fence = `${remote} background`;
      const name = remote.split('=')[0];
      expect(await lint(step(fence))).toEqual([expect.objectContaining({
        severity: 'error', rule: 'background-remote', column: column(fence, 'background'),
        message: `\`background\` on a remote step (\`${name}=\`): background steps run in the lab's own shell; drop \`background\` or \`${name}=\``,
      })]);
    }
    expect(await rules(step('background', 'kubectl port-forward svc/web 8080:80'))).toEqual([]);
  });

  it('warns that capture= on a remote step captures nothing', async () => {
    for (const remote of ['hosts=$N1', 'pods=$P1', 'selector=app=x']) {
      const fence = `${remote} capture=OUT`;
      expect(await lint(step(fence))).toEqual([expect.objectContaining({ severity: 'warning', rule: 'capture-remote', column: column(fence, 'capture=') })]);
    }
    expect(await rules(step('capture=OUT'))).toEqual([]);
  });

  it('leaves the variables of a pod step script alone: it runs in the pod', async () => {
    const script = 'echo "$HOSTNAME_IN_POD $AWS_VPC_K8S_CNI_LOGLEVEL"';
    expect(await rules(step('pods=$P1', script))).toEqual([]);
    expect(await rules(step('selector=k8s-app=aws-node', script))).toEqual([]);
    expect(await rules(step('id=local', script))).toEqual(['undefined-variable', 'undefined-variable']);
  });
});

describe('pod steps in the model', () => {
  it('keeps the pod attributes as written, variables unexpanded', async () => {
    const { lab } = parseLab(frontmatter + step('id=cni pods="$P1 $P2" namespace=$NS container=aws-node') + '\n' + step('id=sel selector="k8s-app=aws-node" namespace=kube-system'), 'pods.md');
    expect(lab.steps[0]!.attributes).toMatchObject({ pods: '$P1 $P2', namespace: '$NS', container: 'aws-node' });
    expect(lab.steps[0]!.attributes.selector).toBeUndefined();
    expect(lab.steps[1]!.attributes).toMatchObject({ selector: 'k8s-app=aws-node', namespace: 'kube-system' });
    expect(lab.steps[1]!.attributes.pods).toBeUndefined();
  });

  it('reads kube-context from the frontmatter, and suggests it when misspelt', async () => {
    const read = (yaml: string) => parseLab(`---\n${yaml}\n---\n\n${step('id=a')}`, 'k.md');
    const { lab, diagnostics } = read('kube-context: arn:aws:eks:us-east-1:111122223333:cluster/myeks');
    expect(diagnostics).toEqual([]);
    expect(lab.meta.kubeContext).toBe('arn:aws:eks:us-east-1:111122223333:cluster/myeks');
    expect(read('title: x').lab.meta.kubeContext).toBeUndefined();
    expect(read('kube-contxt: prod').diagnostics.map((d) => d.message)).toEqual(['unknown frontmatter key `kube-contxt` (did you mean `kube-context`?)']);
    expect(read('kube-context: [a, b]').diagnostics.map((d) => d.message)).toEqual(['frontmatter `kube-context` must be a string']);
  });
});
