// What one matcher says about one output: pass, or why not and the diff to show.

export type MatchOutcome = { pass: true } | { pass: false; reason: string; diff?: string };
