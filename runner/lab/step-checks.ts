// Checks the parser makes once the whole file is read: runnable blocks hidden in lists, solve
// blocks with no task to solve, and step ids used twice.
import type { Token, Tokens } from 'marked';
import type { Diagnostic, Section, SourcePosition, Step, TaskBlock } from '../model/lab.js';

export const STEP_LANGUAGES = new Set(['bash', 'sh', 'shell']);

export interface PendingSolve {
  block: TaskBlock;
  section: number;
}

export function warnNestedSteps(token: Token, position: SourcePosition, diagnostics: Diagnostic[]): void {
  const nested: Tokens.Code[] = [];
  const walk = (items: Token[] | undefined) => {
    for (const item of items ?? []) {
      if (item.type === 'code') nested.push(item as Tokens.Code);
      const children = item as { tokens?: Token[]; items?: Token[] };
      walk(children.tokens);
      walk(children.items);
    }
  };
  walk([token]);
  for (const code of nested) {
    const language = (code.lang ?? '').split(/\s/)[0]!.toLowerCase();
    if (STEP_LANGUAGES.has(language) || language === 'expect') {
      diagnostics.push({ severity: 'warning', rule: 'nested-step', position, message: `a \`${language}\` block inside a list or quote is shown but never run: move it out to the top level` });
    }
  }
}

export function attachSolves(solves: PendingSolve[], steps: Step[], sections: Section[], diagnostics: Diagnostic[]): void {
  for (const solve of solves) {
    const task = steps.find((step) => step.section === solve.section && step.task);
    if (!task || !task.task) {
      diagnostics.push({ severity: 'error', rule: 'solve-without-verify', position: solve.block.position, message: `\`solve\` block with no \`verify\` block in its section "${sections[solve.section]!.title}": add the check it solves` });
    } else if (task.task.solve) {
      diagnostics.push({ severity: 'error', rule: 'duplicate-solve', position: solve.block.position, message: `a second \`solve\` block for task \`${task.id}\`: one solution per task` });
    } else task.task.solve = solve.block;
  }
}

export function markDuplicateIds(steps: Step[], diagnostics: Diagnostic[]): void {
  const first = new Map<string, Step>();
  for (const step of steps) {
    const earlier = first.get(step.id);
    if (earlier) {
      diagnostics.push({ severity: 'error', rule: 'duplicate-id', position: step.position, message: `duplicate step id \`${step.id}\` (first used at line ${earlier.position.line}): step ids must be unique in a lab` });
    } else first.set(step.id, step);
  }
}
