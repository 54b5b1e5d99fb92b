// `git clone` of a branch gets whatever was pushed last: the lab's commands and expectations were
// written against one commit, and a learner's live run months later meets another (a moved file,
// a Kubernetes version past support). A clone should be pinned to the commit the lab was checked
// against.
import type { Diagnostic, Lab } from '../model/lab.js';

const CLONE = /\bgit\s+clone\b[^\n]*/g;
/** `git checkout <sha>`, `git -C dir checkout <sha>`, `git reset --hard <sha>`, `git switch --detach <sha>`, `git clone --revision=<sha>`, `git fetch … <sha>`. */
const PINNED = /\bgit\b(?:\s+-C\s+\S+)?\s+(?:checkout|reset\s+--hard|switch\s+--detach|fetch\b[^\n]*?)\s+(?:-q\s+)?[0-9a-f]{7,40}\b|--revision[=\s][0-9a-f]{7,40}\b/;
/** `--branch v1.2.3`: a release tag does not move. */
const TAG = /(?:--branch|-b)[=\s]+v?\d+\.\d+(?:\.\d+)?\b/;

export function cloneDiagnostics(lab: Lab): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const step of lab.steps) {
    for (const clone of step.command.matchAll(CLONE)) {
      if (TAG.test(clone[0]) || PINNED.test(step.command)) continue;
      const line = step.position.line + 1 + step.command.slice(0, clone.index).split('\n').length - 1;
      diagnostics.push({
        severity: 'warning', rule: 'clone-unpinned', position: { file: lab.displayPath, line, column: 1 },
        message: 'this `git clone` takes whatever the branch holds today, not the code the lab was checked against: pin a commit in the same step (`git -C DIR checkout <commit>`) and say in the prose how to move to a newer one',
      });
    }
  }
  return diagnostics;
}
