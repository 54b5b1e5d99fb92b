// Lint rules for the steps that clean up after a lab: a learner often runs them alone, in a new
// terminal, days later (`lab walk LAB --only destroy-cluster`). What an earlier step exported or
// captured is then unset, and `terraform destroy` stops at "No value for required variable" while
// the cluster keeps billing.
import type { Diagnostic, Lab, Step } from '../model/lab.js';
import { findVariableDefinitions, findVariableUses, isEnvironmentVariable } from './shell-variables.js';

const DESTROY = /\bterraform\s+(?:-chdir=\S+\s+)?destroy\b|\beksctl\s+delete\s+cluster\b|\bcdk\s+destroy\b/;
const TERRAFORM = /\bterraform\b/;

/** A step that tears down what the lab built: marked `cleanup`, or a destroy command. */
export function isCleanupStep(step: Step): boolean {
  return step.attributes.cleanup === true || DESTROY.test(step.command);
}

export function cleanupDiagnostics(lab: Lab): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const declared = new Set(lab.meta.vars.map((variable) => variable.name));
  /** Variable name → the first earlier step that sets it. */
  const setBy = new Map<string, Step>();
  for (const step of lab.steps) {
    if (isCleanupStep(step)) {
      const own = findVariableDefinitions(step.command);
      const needs = new Set(findVariableUses(step.command).map((use) => use.name));
      // Terraform reads TF_VAR_<name> from the environment without a `$` anywhere in the step.
      if (TERRAFORM.test(step.command)) for (const name of setBy.keys()) if (name.startsWith('TF_VAR_')) needs.add(name);
      for (const name of needs) {
        const earlier = setBy.get(name);
        if (!earlier || own.has(name) || declared.has(name) || (isEnvironmentVariable(name) && !name.startsWith('TF_'))) continue;
        diagnostics.push({
          severity: 'error', rule: 'cleanup-needs-earlier-step', position: step.position,
          message: `cleanup step \`${step.id}\` needs \`${name}\`, which only step \`${earlier.id}\` (line ${earlier.position.line}) sets: run alone in a new session (\`--only ${step.id}\`) it is unset and the cleanup fails with the resources still there; set it in this step (from a \`vars:\` entry)`,
        });
      }
    }
    for (const name of findVariableDefinitions(step.command)) if (!setBy.has(name)) setBy.set(name, step);
    if (step.attributes.capture && !setBy.has(step.attributes.capture)) setBy.set(step.attributes.capture, step);
  }
  return diagnostics;
}
