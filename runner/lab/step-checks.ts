// Checks the parser makes once the whole file is read: runnable blocks hidden in lists, solve
// blocks with no task to solve, and step ids used twice.
import type { Token, Tokens } from 'marked';
import type { Diagnostic, Section, SourcePosition, Step, TaskBlock } from '../model/lab.js';
import { isMarkedToken } from './blocks.js';

export const STEP_LANGUAGES = new Set(['bash', 'sh', 'shell']);

export interface PendingSolve {
  block: TaskBlock;
  section: number;
}

export function warnNestedSteps(token: Token, position: SourcePosition, diagnostics: Diagnostic[]): void {
  for (const code of codeBlocksIn([token])) {
    const language = (code.lang ?? '').split(/\s/)[0]!.toLowerCase();
    if (STEP_LANGUAGES.has(language) || language === 'expect') {
      diagnostics.push({ severity: 'warning', rule: 'nested-step', position, message: `a \`${language}\` block inside a list or quote is shown but never run: move it out to the top level` });
    }
  }
}

/** Code blocks among the tokens and inside them (list items, quotes), in document order. */
function* codeBlocksIn(tokens: Token[]): Generator<Tokens.Code> {
  for (const token of tokens) {
    if (!isMarkedToken(token)) continue;
    if (token.type === 'code') yield token;
    if (token.type === 'list') yield* codeBlocksIn(token.items);
    else if ('tokens' in token) yield* codeBlocksIn(token.tokens ?? []);
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
