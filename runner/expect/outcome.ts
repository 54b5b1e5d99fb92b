// What one matcher says about one output: pass, or why not and the diff to show.

export type MatchOutcome = { pass: true } | { pass: false; reason: string; diff?: string };

/**
 * A failed outcome whose diff is made when it is first read: a retried step's attempts fail until
 * one passes, and the diffs of those are never shown (in a replay of the catalogue, where every
 * step ends passing, they were most of the matchers' time).
 */
export function failedOutcome(reason: string, diff: () => string): MatchOutcome {
  let made: string | undefined;
  return {
    pass: false,
    reason,
    get diff() {
      return (made ??= diff());
    },
  };
}

/** How a matcher may use what it remembers: `remember: false` for a body with `{{VAR}}` values put in. */
export interface MatchOptions {
  remember?: boolean;
}
