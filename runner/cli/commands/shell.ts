// `lab shell LAB [--live]`: the walk's Terminal from saved progress (runner/walk/shell-command.ts), loaded lazily.
import { checkedProfile } from '../../project/apply.js';

export interface ShellFlags {
  live?: boolean;
  color?: boolean;
  profile?: string;
}

export async function shellCommandLine(labPath: string, flags: ShellFlags): Promise<number> {
  const { shellCommand } = await import('../../walk/shell-command.js');
  return shellCommand({
    path: labPath,
    live: Boolean(flags.live),
    profile: checkedProfile(flags.profile),
    noColor: flags.color === false,
    cwd: process.cwd(),
    stdin: process.stdin,
    stdout: process.stdout,
  });
}
