// Values that differ from one run to the next (addresses, AWS resource ids, ages, timestamps,
// generated pod names): in an expectation they become `[..]`, so the transcribed output still
// matches and a live run with other values does too.

const PATTERNS: RegExp[] = [
  /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g, // timestamps
  /\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} \d{2}:\d{2}:\d{2}(?: [A-Z]{2,5})? \d{4}/g, // date(1)
  /\b\d{2}:\d{2}:\d{2}(?:\.\d+)?\b/g, // times of day
  /\b(?:i|vol|eni|subnet|sg|vpc|rtb|igw|nat|ami|snap|eipalloc|lt|acl)-[0-9a-f]{8,17}\b/g, // EC2 resource ids
  /\bip-\d{1,3}-\d{1,3}-\d{1,3}-\d{1,3}\b/g, // node names
  /\b\d{1,3}(?:\.\d{1,3}){3}\b/g, // IPv4 addresses
  /(?<=\s|^)(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?(?<=\d[dhms])(?=\s|$)/g, // ages: 5m, 3d4h, 45s
];

/** The line with each run-specific value replaced by `[..]` (neighbouring ones merged). */
export function elideRunSpecific(line: string): string {
  // A Deployment's pod is `name-<replicaset hash>-<suffix>`: the name stays, the rest varies.
  let result = line.replace(/\b([a-z0-9]+(?:-[a-z0-9]+)*)-[a-f0-9]{8,10}-[a-z0-9]{5}\b/g, '$1-[..]');
  for (const pattern of PATTERNS) result = result.replace(pattern, '[..]');
  return result.replace(/(?:\[\.\.\])(?:[\s.:/-]*\[\.\.\])+/g, (run) => (/\s/.test(run) ? run : '[..]'));
}
