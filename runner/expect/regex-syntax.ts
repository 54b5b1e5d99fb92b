// What RE2 cannot do that a JavaScript regex can: backreferences and lookaround. Found by a
// scan of the pattern (escapes and character classes skipped) so the author hears what to write
// instead, not the engine's "invalid escape sequence".

const ADVICE = {
  backreference: 'a backreference (`\\1`, `\\k<name>`) needs backtracking: write the repeated text itself, or check it in a later step',
  lookahead: 'lookahead (`(?=`, `(?!`) needs backtracking: match the text itself, or put what must be absent in a `not-contains` expectation',
  lookbehind: 'lookbehind (`(?<=`, `(?<!`) needs backtracking: match the text before it too, or use a `lines` expectation with `[..]`',
} as const;

/** Why the pattern needs a backtracking engine, or undefined. */
export function unsupportedSyntax(source: string): string | undefined {
  let inClass = false;
  for (let at = 0; at < source.length; at++) {
    const char = source[at];
    if (char === '\\') {
      const next = source[at + 1] ?? '';
      if (!inClass && (/[1-9]/.test(next) || (next === 'k' && source[at + 2] === '<'))) return ADVICE.backreference;
      at++;
    } else if (inClass) {
      if (char === ']') inClass = false;
    } else if (char === '[') {
      inClass = true;
      if (source[at + 1] === ']') at++; // `[]]` in some dialects; harmless here
    } else if (char === '(' && source[at + 1] === '?') {
      const rest = source.slice(at + 2, at + 4);
      if (rest.startsWith('=') || rest.startsWith('!')) return ADVICE.lookahead;
      if (rest === '<=' || rest === '<!') return ADVICE.lookbehind;
    }
  }
  return undefined;
}
