// What a lab author adds by hand to commands that create, change or destroy cloud resources, or
// that take long: `timeout=`, `confirm="why"`, and `cleanup` for what tears things down.

export interface ImportedAttributes {
  timeout?: string;
  /** A never-ending command (`tail -f`, `watch`, `kubectl get -w`): run it for a while, then Ctrl-C. */
  for?: string;
  confirm?: string;
  cleanup?: boolean;
}

interface Rule {
  pattern: RegExp;
  timeout?: string;
  for?: string;
  confirm?: string;
  /** Tears down what the lab made: a cleanup step when the post ends with it. */
  deletes?: boolean;
  /** Ends everything (terraform destroy): a cleanup step wherever it stands. */
  endsLab?: boolean;
}

const RULES: Rule[] = [
  { pattern: /^\s*(?:sudo\s+)?(?:watch\s|tail\s+(?:-\S*\s+)*-[a-zA-Z]*[fF]\b)|\bkubectl\s+(?:get|logs)\b[^|\n]*\s(?:-w|--watch|-f|--follow)(?:\s|$)/m, for: '10s' },
  { pattern: /\bterraform\s+(?:-chdir=\S+\s+)?apply\b/, timeout: '30m', confirm: 'Creates or changes the resources of this Terraform code in your account (billed until destroyed)' },
  { pattern: /\bterraform\s+(?:-chdir=\S+\s+)?destroy\b/, timeout: '30m', confirm: 'Destroys every resource of this Terraform code', deletes: true, endsLab: true },
  { pattern: /\bterraform\s+(?:-chdir=\S+\s+)?(?:init|plan)\b/, timeout: '10m' },
  { pattern: /\beksctl\s+create\s+cluster\b/, timeout: '30m', confirm: 'Creates an EKS cluster and its nodes in your account (billed until deleted)' },
  { pattern: /\beksctl\s+delete\s+cluster\b/, timeout: '30m', confirm: 'Deletes the EKS cluster and its nodes', deletes: true, endsLab: true },
  { pattern: /\beksctl\s+(?:create|upgrade|scale)\b/, timeout: '20m', confirm: 'Changes the EKS cluster in your account' },
  { pattern: /\beksctl\s+delete\b/, timeout: '20m', confirm: 'Deletes resources of the EKS cluster', deletes: true },
  { pattern: /\baws\s+\S+\s+(?:create|run|update|modify|put|associate)-[\w-]+/, confirm: 'Creates or changes AWS resources in your account' },
  { pattern: /\baws\s+\S+\s+(?:delete|terminate|disassociate|deregister|remove)-[\w-]+/, confirm: 'Deletes AWS resources in your account', deletes: true },
  { pattern: /\bhelm\s+(?:uninstall|delete)\b/, deletes: true },
  { pattern: /\bkubectl\s+delete\b/, deletes: true },
];

export interface StepKind {
  attributes: ImportedAttributes;
  deletes: boolean;
  endsLab: boolean;
}

export function stepKind(command: string): StepKind {
  const attributes: ImportedAttributes = {};
  let deletes = false;
  let endsLab = false;
  for (const rule of RULES) {
    if (!rule.pattern.test(command)) continue;
    attributes.timeout ??= rule.timeout;
    attributes.for ??= rule.for;
    attributes.confirm ??= rule.confirm;
    deletes ||= rule.deletes === true;
    endsLab ||= rule.endsLab === true;
  }
  for (const key of Object.keys(attributes) as (keyof ImportedAttributes)[]) if (attributes[key] === undefined) delete attributes[key];
  return { attributes, deletes, endsLab };
}
