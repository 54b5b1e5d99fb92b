// `sample` mode: a page's sample output, compared loosely. What changes from run to run (ages,
// pod hashes, IPs, timestamps, account ids) is masked on both sides, `[...]` reads as `[..]`
// (any text), and then the comparison is `lines` mode's (spaces flexible, `...` skips lines).
// The mode's severity is `warn`: drift from a sample is reported, never a failure.
import { matchLines } from './match-lines.js';
import { failedOutcome, type MatchOutcome } from './outcome.js';

const MASKS: Array<[RegExp, string]> = [
  [/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?/g, '<TIME>'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?:\/\d{1,2})?\b/g, '<IP>'],
  [/\b\d{12}\b/g, '<ACCOUNT>'],
  // A Deployment's pod: name-<replicaset hash>-<5 chars>; a StatefulSet's or Job's: name-<5 chars>.
  [/\b([a-z0-9]+(?:-[a-z0-9]+)*?)-[a-z0-9]{8,10}-[a-z0-9]{5}\b/g, '$1-<POD>'],
  [/\b(\d+(?:d|h|m|s|ms))+\b/g, '<AGE>'],
];

export function maskVolatile(text: string): string {
  let masked = text.replace(/\[\.\.\.\]/g, '[..]');
  for (const [pattern, replacement] of MASKS) masked = masked.replace(pattern, replacement);
  return masked;
}

export function matchSample(body: string, output: string): MatchOutcome {
  const outcome = matchLines(maskVolatile(body), maskVolatile(output));
  // Not spread: that would make the diff now.
  return outcome.pass ? outcome : failedOutcome('drifts from the sample output', () => outcome.diff ?? '');
}
