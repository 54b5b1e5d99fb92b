// When output gets colour: never with --no-color or NO_COLOR, always with FORCE_COLOR, else on a
// TTY. One rule for the headless reporters and the walk.
export function colorWanted(stream: { isTTY?: boolean }, options: { noColor?: boolean; env?: NodeJS.ProcessEnv } = {}): boolean {
  const env = options.env ?? process.env;
  if (options.noColor) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY);
}
