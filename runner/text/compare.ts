// Sorting names (lab files, folders, ids) as `localeCompare` would, without its cost: the first
// `localeCompare` of a process sets up ICU's collator, 5-15 ms of a 60 ms `lab list`. ASCII names
// are compared with the collator's rules (punctuation before digits before letters, letters
// without case first, then lowercase before uppercase); anything else still goes to
// `localeCompare`.

const ASCII = /^[\x20-\x7e]*$/;
/** The collator's order of ASCII space and punctuation (CLDR root), all before the digits. */
const PUNCTUATION = ' _-,;:!?.\'"()[]{}@*/\\&#%`^+<=>|~$';

/** Negative, zero or positive, as `a.localeCompare(b)` gives for names. */
export function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  if (!ASCII.test(a) || !ASCII.test(b)) return a.localeCompare(b);
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const weight = primary(a.charCodeAt(i)) - primary(b.charCodeAt(i));
    if (weight !== 0) return weight;
  }
  if (a.length !== b.length) return a.length - b.length;
  // Same letters: lowercase first, as the collator's case level puts it.
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return isUpper(x) ? 1 : -1;
  }
  return 0;
}

function primary(code: number): number {
  if (code >= 97 && code <= 122) return 1000 + code;
  if (isUpper(code)) return 1000 + code + 32;
  if (code >= 48 && code <= 57) return 500 + code;
  return PUNCTUATION.indexOf(String.fromCharCode(code));
}

function isUpper(code: number): boolean {
  return code >= 65 && code <= 90;
}
