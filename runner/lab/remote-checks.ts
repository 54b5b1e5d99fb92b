// Lint rules for remote steps, which run somewhere other than the lab's own shell: on hosts over
// ssh (`hosts=`) or in pods through kubectl exec (`pods=`, `selector=`). Targets nothing can
// reach, attributes that conflict, and attributes that have no effect there.
import type { Diagnostic, Severity, Step } from '../model/lab.js';
import { findVariableUses } from './shell-variables.js';
import { attributePosition, STEP_ATTRIBUTES, type StepAttributeName } from './step-attributes.js';

type RemoteAttribute = 'hosts' | 'pods' | 'selector';

/** The attribute that sends the step elsewhere, if any. */
export function remoteAttribute(step: Step): RemoteAttribute | undefined {
  const { hosts, pods, selector } = step.attributes;
  return hosts !== undefined ? 'hosts' : pods !== undefined ? 'pods' : selector !== undefined ? 'selector' : undefined;
}

/** `isDefined` says whether lint knows where a variable's value comes from. */
export function checkRemoteStep(step: Step, isDefined: (name: string) => boolean, diagnostics: Diagnostic[]): void {
  const { hosts, pods, selector, namespace, container, sshUser, capture, background } = step.attributes;
  const report = (severity: Severity, rule: string, attribute: StepAttributeName, message: string) =>
    diagnostics.push({ severity, rule, message, position: attributePosition(step, attribute) });
  const podStep = pods !== undefined || selector !== undefined;

  if (sshUser !== undefined && hosts === undefined) report('warning', 'ssh-user-without-hosts', 'ssh-user', '`ssh-user` without `hosts=` has no effect');
  if (hosts !== undefined) checkTargets('hosts', hosts, isDefined, report);
  if (pods !== undefined) checkTargets('pods', pods, isDefined, report);
  for (const [name, value] of [['pods', pods], ['selector', selector]] as const) {
    if (value !== undefined && hosts !== undefined) {
      report('error', `${name}-and-hosts`, name, `\`${name}=\` and \`hosts=\` on the same step: a step runs in pods or on hosts over ssh, not both; drop one`);
    }
  }
  if (pods !== undefined && selector !== undefined) {
    report('error', 'pods-and-selector', 'selector', '`pods=` and `selector=` on the same step: name the pods or select them by label, not both; drop one');
  }
  for (const [name, value] of [['namespace', namespace], ['container', container]] as const) {
    if (value !== undefined && !podStep) report('warning', `${name}-without-pods`, name, `\`${name}=\` without \`pods=\` or \`selector=\` has no effect`);
  }
  for (const use of findVariableUses(namespace ?? '')) {
    if (isDefined(use.name)) continue;
    report('error', 'unknown-namespace-variable', 'namespace',
      `unknown namespace variable \`$${use.name}\` in \`namespace=\`: nothing defines it, so the pods cannot be found. Set it in an earlier step, capture it, or add it to \`vars:\``);
  }
  const remote = remoteAttribute(step);
  if (remote === undefined) return;
  if (background) {
    report('error', 'background-remote', 'background', `\`background\` on a remote step (\`${remote}=\`): background steps run in the lab's own shell; drop \`background\` or \`${remote}=\``);
  }
  if (capture !== undefined) {
    report('warning', 'capture-remote', 'capture', `\`capture=\` on a remote step (\`${remote}=\`) captures nothing: nothing is captured from hosts or pods; capture in a step of its own that runs locally`);
  }
}

/** `hosts=` or `pods=`: a list that is empty, or uses a variable nothing defines, reaches nothing. */
function checkTargets(
  name: 'hosts' | 'pods', list: string, isDefined: (name: string) => boolean,
  report: (severity: Severity, rule: string, attribute: StepAttributeName, message: string) => void,
): void {
  const rule = `${name}-unreachable`;
  if (!list.trim()) {
    report('error', rule, name, `\`${name}=\` is empty: list the ${name}, e.g. ${name}=${STEP_ATTRIBUTES[name].example}`);
    return;
  }
  for (const use of findVariableUses(list)) {
    if (isDefined(use.name)) continue;
    report('error', rule, name,
      `\`${name}=\` uses \`$${use.name}\`, which nothing defines: no way to reach these ${name}. Set it in an earlier step, capture it, or add it to \`vars:\``);
  }
}
