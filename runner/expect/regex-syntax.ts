// What RE2 cannot do that a JavaScript regex can: backreferences and lookaround. Found by a
// scan of the pattern (escapes and character classes skipped); such a pattern runs on V8 in a
// worker with a deadline instead (backtracking-regex.ts).

export function needsBacktracking(source: string): boolean {
  let inClass = false;
  for (let at = 0; at < source.length; at++) {
    const char = source[at];
    if (char === '\\') {
      const next = source[at + 1] ?? '';
      if (!inClass && (/[1-9]/.test(next) || (next === 'k' && source[at + 2] === '<'))) return true;
      at++;
    } else if (inClass) {
      if (char === ']') inClass = false;
    } else if (char === '[') {
      inClass = true;
    } else if (char === '(' && source[at + 1] === '?') {
      const rest = source.slice(at + 2, at + 4);
      if (rest.startsWith('=') || rest.startsWith('!') || rest === '<=' || rest === '<!') return true;
    }
  }
  return false;
}
