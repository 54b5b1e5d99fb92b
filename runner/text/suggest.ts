// "Did you mean" for misspelt names: the closest candidate within a small edit distance, where a
// swap of two neighbouring letters counts as one edit (`retires` is one edit from `retries`).
// Words people write for a name (`retries` for `retry`) can be given as synonyms.

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/**
 * The candidate closest to `name`. `synonyms` maps words people write to the name they mean
 * (`retries` → `retry`); a synonym is matched like a candidate and answers with its name. A
 * synonym mapped to `undefined` is a known word with no good answer: no suggestion rather than a
 * misleading near spelling.
 */
export function closest(name: string, candidates: readonly string[], synonyms: Readonly<Record<string, string | undefined>> = {}): string | undefined {
  const lower = name.toLowerCase();
  if (Object.hasOwn(synonyms, lower)) return synonyms[lower];
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  const words: [string, string | undefined][] = [...candidates.map((candidate) => [candidate, candidate] as [string, string]), ...Object.entries(synonyms)];
  for (const [word, answer] of words) {
    const distance = editDistance(lower, word.toLowerCase());
    if (distance < bestDistance && answer !== undefined) {
      best = answer;
      bestDistance = distance;
    }
  }
  return best;
}

export function didYouMean(name: string, candidates: readonly string[], synonyms?: Readonly<Record<string, string | undefined>>): string {
  const match = closest(name, candidates, synonyms);
  return match ? ` (did you mean \`${match}\`?)` : '';
}
