// The marks for an outcome, one set for the whole tool: the walk, the reporters and the walk's
// answered prompts all show a pass as ✓ and a failure as ✗ (never ✔/✘ beside them).

export const MARKS = {
  passed: '✓',
  failed: '✗',
  skipped: '↷',
} as const;
