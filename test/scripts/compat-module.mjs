// The corpus module `npm run compat` records and replays: the EKS Workshop's KEDA module
// (fundamentals/workloads/keda: 5 pages, `prepare-environment` with timeout= and wait=, two
// hooks with hookTimeout=, test=false, `\` continuations, exports used by later commands, MDX).
// Nothing here reaches AWS: what the pages call on a cluster or an account (kubectl, aws, helm,
// and the IDE's prepare-environment and wait-for-lb) are stand-ins that log their argv and print
// what is planted below, shaped as the real tools answer. The local tools the pages pipe through
// (jq, yq, awk, envsubst) are the machine's own. The corpus holds no hook scripts (their tests/
// folders are not part of it), so the hooks are written here, asserting on TEST_OUTPUT as theirs do.

export const MODULE = 'docs/fundamentals/workloads/keda';
export const LOCAL_TOOLS = ['jq', 'yq', 'awk', 'envsubst', 'bash'];

const ACCOUNT = '123456789012';
const LB_ARN = `arn:aws:elasticloadbalancing:us-west-2:${ACCOUNT}:loadbalancer/app/k8s-ui-ui-5ddc3ba496/0123456789abcdef`;
const TG_ARN = `arn:aws:elasticloadbalancing:us-west-2:${ACCOUNT}:targetgroup/k8s-ui-ui-6a9f2f1f8d/fedcba9876543210`;
const HOST = 'k8s-ui-ui-5ddc3ba496-107943159.us-west-2.elb.amazonaws.com';

/** The copy's lab.config.yaml: the IDE's variables come from shell-init, as the IDE's shell has them. */
export const CONFIG = `profile: eks-workshop
vars:
  EKS_CLUSTER_NAME:
  AWS_REGION:
  KEDA_CHART_VERSION:
  KEDA_ROLE_ARN:
shell-init: source ./ide-env.bash
fixtures-root: ../fixtures
sessions: folder
`;

/** What the IDE's environment holds once \`prepare-environment autoscaling/workloads/keda\` ran. */
export const IDE_ENV = `export EKS_CLUSTER_NAME=eks-workshop AWS_REGION=us-west-2
export KEDA_CHART_VERSION=2.16.0 KEDA_ROLE_ARN=arn:aws:iam::${ACCOUNT}:role/eks-workshop-keda-operator
`;

const hook = (name, expected) => `set -e
echo "${name} $1" >> "$PLANTED_COMMANDS/hooks.log"
if [ "$1" = after ]; then grep -q '${expected}' <<<"$TEST_OUTPUT"; fi
`;

/** tests/hook-NAME.sh, next to the pages. */
export const HOOKS = {
  'validate-ingress': hook('validate-ingress', 'k8s-ui-ui'),
  'keda-pod-scaleout': hook('keda-pod-scaleout', 'pod/load-generator created'),
};

export const PLAN = {
  'prepare-environment': [{ args: '^autoscaling/workloads/keda$', stdout: 'Refreshing copy of workshop repository from GitHub...\nResetting the environment...\nSetting up the environment for autoscaling/workloads/keda...\n' }],
  helm: [
    { args: '^repo add kedacore https://kedacore\\.github\\.io/charts$', stdout: '"kedacore" has been added to your repositories\n' },
    {
      args: `^upgrade --install keda kedacore/keda --version 2\\.16\\.0 --namespace keda --create-namespace --set podIdentity\\.aws\\.irsa\\.enabled=true --set podIdentity\\.aws\\.irsa\\.roleArn=arn:aws:iam::${ACCOUNT}:role/eks-workshop-keda-operator --wait$`,
      stdout: 'Release "keda" does not exist. Installing it now.\nNAME: keda\nLAST DEPLOYED: Thu Dec  3 11:00:00 2026\nNAMESPACE: keda\nSTATUS: deployed\nREVISION: 1\nTEST SUITE: None\nNOTES:\n:::^_^:::\n',
    },
  ],
  kubectl: [
    { args: '^get deployment -n keda$', stdout: 'NAME                              READY   UP-TO-DATE   AVAILABLE   AGE\nkeda-admission-webhooks           1/1     1            1           2m10s\nkeda-operator                     1/1     1            1           2m10s\nkeda-operator-metrics-apiserver   1/1     1            1           2m10s\n' },
    { args: '^kustomize .*/modules/autoscaling/workloads/keda/scaledobject$', stdout: 'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: ui-hpa\n  namespace: ui\nspec:\n  triggers:\n    - type: aws-cloudwatch\n      metadata:\n        dimensionValue: ${ALB_ID}\n        targetGroup: ${TARGETGROUP_ID}\n' },
    { args: '^apply -f-$', stdin: true, stdout: 'scaledobject.keda.sh/ui-hpa created\n' },
    { args: '^get ingress ui -n ui$', stdout: `NAME   CLASS   HOSTS   ADDRESS                                                      PORTS   AGE\nui     alb     *       ${HOST}   80      4m2s\n` },
    { args: '^get ingress -n ui ui -o jsonpath=', stdout: `${HOST}\n` },
    { args: '^get ingress ui -n ui -o yaml$', stdout: `status:\n  loadBalancer:\n    ingress:\n      - hostname: ${HOST}\n` },
    { args: '^run load-generator --image=williamyeh/hey:latest --restart=Never -- -c 3 -q 5 -z 10m http://', stdout: 'pod/load-generator created\n' },
    { args: '^delete pod load-generator$', stdout: 'pod "load-generator" deleted\n' },
  ],
  aws: [
    { args: '^elbv2 describe-load-balancers --query ', stdout: `${JSON.stringify([{ LoadBalancerArn: LB_ARN }])}\n` },
    { args: `^elbv2 describe-target-groups --load-balancer-arn ${LB_ARN}$`, stdout: `${JSON.stringify({ TargetGroups: [{ TargetGroupArn: TG_ARN }] })}\n` },
  ],
  'wait-for-lb': [{ args: `^${HOST}$`, stdout: `Waiting for ${HOST}...\nYou can now access http://${HOST}\n` }],
};

/**
 * What the live recording must show beyond green steps, as problems (empty when all hold): the
 * hooks ran around their blocks, and the exports of one command reached the next (envsubst filled
 * the ScaledObject with the ALB id the aws and jq pipeline had just found).
 */
export function recordingProblems(calls, hooksLog) {
  const problems = [];
  const expectedHooks = ['validate-ingress before', 'validate-ingress after', 'keda-pod-scaleout before', 'keda-pod-scaleout after'];
  if (hooksLog.join('\n') !== expectedHooks.join('\n')) problems.push(`hooks ran as [${hooksLog.join(', ')}], not [${expectedHooks.join(', ')}]`);
  const apply = calls.find((call) => call.name === 'kubectl' && call.argv.join(' ') === 'apply -f-');
  if (!apply?.stdin?.includes('dimensionValue: app/k8s-ui-ui-5ddc3ba496/0123456789abcdef')) problems.push('`kubectl apply -f-` did not get the ScaledObject with ALB_ID substituted');
  if (!apply?.stdin?.includes('targetGroup: targetgroup/k8s-ui-ui-6a9f2f1f8d/fedcba9876543210')) problems.push('`kubectl apply -f-` did not get the ScaledObject with TARGETGROUP_ID substituted');
  if (calls.some((call) => call.argv.includes('--watch'))) problems.push('the test=false block (`kubectl get hpa --watch`) ran');
  return problems;
}
