// Lint rules that need the whole lab: variables never defined, conflicting attributes,
// remote steps nothing can reach, invalid expectation bodies. Lint never executes anything.
import { validateExpectation } from '../expect/index.js';
import type { Diagnostic, Lab, Profile, SourcePosition } from '../model/lab.js';
import { checkRemoteStep, remoteAttribute } from './remote-checks.js';
import { cleanupDiagnostics } from './cleanup-checks.js';
import { cloneDiagnostics } from './clone-checks.js';
import { attributePosition } from './step-attributes.js';
import { findVariableDefinitions, findVariableUses, isEnvironmentVariable } from './shell-variables.js';

/**
 * `parsed` are the parse's own diagnostics: when the frontmatter could not be read, its `vars:` are
 * unknown, and one typo there must not come back as a "never defined" warning for every variable.
 */
export async function lintLab(lab: Lab, parsed: readonly Diagnostic[] = [], options: LintOptions = {}): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  const defined = definedVariables(lab);
  for (const name of options.inherited ?? []) defined.add(name);
  const varsUnknown = parsed.some((diagnostic) => diagnostic.severity === 'error' && diagnostic.rule.startsWith('frontmatter-'));
  const isDefined = (name: string) => varsUnknown || defined.has(name) || isEnvironmentVariable(name);
  const warnUndefined = (name: string, position: SourcePosition, where: string) => {
    if (isDefined(name)) return;
    diagnostics.push({
      severity: 'warning', rule: 'undefined-variable', position,
      message: `variable \`${name}\`${where} is never defined: add it to \`vars:\` in the frontmatter, set it in an earlier step, or use \`capture=${name}\``,
    });
  };

  const noSteps = noStepsMessage(lab, options.profile);
  if (noSteps) diagnostics.push({ severity: 'warning', rule: 'no-steps', position: { file: lab.displayPath, line: 1, column: 1 }, message: noSteps });
  for (const step of lab.steps) {
    const { attributes } = step;
    if (attributes.tty && attributes.forMs !== undefined) {
      diagnostics.push({ severity: 'error', rule: 'tty-and-for', position: attributePosition(step, 'for'), message: '`tty` and `for` on the same step: a terminal session is ended by the learner, not by a timer; drop one' });
    }
    if (attributes.background && step.expectations.length > 0) {
      diagnostics.push({ severity: 'warning', rule: 'background-expect', position: step.expectations[0]!.position, message: 'expectations on a `background` step are never checked: its output goes to a log' });
    }
    checkRemoteStep(step, isDefined, diagnostics);
    const scripts = [{ text: step.command, line: step.position.line + 1 }];
    if (step.task?.solve) scripts.push({ text: step.task.solve.command, line: step.task.solve.position.line + 1 });
    // A remote step's script runs in the host's or the pod's environment, not the lab's shell.
    if (remoteAttribute(step) === undefined) {
      for (const script of scripts) {
        for (const use of findVariableUses(script.text)) warnUndefined(use.name, positionIn(script.text, use.offset, script.line, lab.displayPath), '');
      }
    }
    for (const expectation of step.expectations) {
      const problem = await validateExpectation(expectation);
      if (problem) diagnostics.push({ severity: 'error', rule: problem.rule, position: expectation.position, message: problem.message });
      // The workshop's sample output is what a page's author saw: its `{{...}}` are Go templates
      // (`system:node:{{EC2PrivateDNSName}}`), not this project's placeholders.
      if (expectation.mode === 'sample') continue;
      for (const match of expectation.text.matchAll(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g)) {
        warnUndefined(match[1]!, positionIn(expectation.text, match.index, expectation.bodyLine, lab.displayPath), ' (in `{{...}}`)');
      }
    }
  }
  diagnostics.push(...cleanupDiagnostics(lab), ...cloneDiagnostics(lab));
  return diagnostics;
}

export interface LintOptions {
  /** The profile the lab was read with: under `eks-workshop` a page of prose alone is normal. */
  profile?: Profile;
  /** Variables set before the lab runs: by the earlier pages of its folder's shared session. */
  inherited?: Iterable<string>;
}

function noStepsMessage(lab: Lab, profile: Profile | undefined): string | undefined {
  if (lab.steps.length > 0) return undefined;
  if (profile !== 'eks-workshop') return 'this lab has no steps: add a ```bash block';
  // Most of the workshop's index pages are prose: nothing to say. A ```bash block with no `$ `
  // line is never run, by their harness or by lab: on a page of nothing else, likely a slip.
  const bash = lab.sections.flatMap((section) => section.items).find((item) => item.kind === 'code' && item.language === 'bash');
  return bash?.kind === 'code' ? `no \`bash\` block of this page has a \`$ \` command, so none is run (theirs neither): start the commands with \`$ \` (line ${bash.position.line})` : undefined;
}

/** The variables a lab declares or sets (exports, assignments, `capture=`), for itself and what follows it in a shared session. */
export function definedVariables(lab: Lab): Set<string> {
  const defined = new Set(lab.meta.vars.map((variable) => variable.name));
  for (const step of lab.steps) {
    if (step.attributes.capture) defined.add(step.attributes.capture);
    for (const name of findVariableDefinitions(step.command)) defined.add(name);
    if (step.task?.solve) for (const name of findVariableDefinitions(step.task.solve.command)) defined.add(name);
  }
  return defined;
}

function positionIn(text: string, offset: number, firstLine: number, file: string): SourcePosition {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { file, line: firstLine + line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}
