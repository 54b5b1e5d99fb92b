// `lab walk [PATH]`: hands over to the interactive walk-through (runner/walk), loaded lazily.
import { parseAssignments } from '../output.js';
import { checkedProfile } from '../../project/apply.js';

export interface WalkFlags {
  live?: boolean;
  var?: string[];
  sshConfig?: string;
  sshOption?: string[];
  kubeContext?: string;
  kubeconfig?: string;
  restart?: boolean;
  trust?: boolean;
  color?: boolean;
  profile?: string;
  filesRoot?: string;
  from?: string;
}

export async function walkCommandLine(labPath: string | undefined, flags: WalkFlags): Promise<number> {
  const { walkCommand } = await import('../../walk/index.js');
  return walkCommand({
    paths: labPath ? [labPath] : [],
    profile: checkedProfile(flags.profile),
    live: Boolean(flags.live),
    vars: parseAssignments(flags.var, '--var'),
    sshConfig: flags.sshConfig,
    sshOptions: parseAssignments(flags.sshOption, '--ssh-option'),
    kubeContext: flags.kubeContext,
    kubeconfig: flags.kubeconfig,
    filesRoot: flags.filesRoot,
    restart: Boolean(flags.restart),
    from: flags.from,
    trust: Boolean(flags.trust),
    noColor: flags.color === false,
    cwd: process.cwd(),
    stdin: process.stdin,
    stdout: process.stdout,
  });
}
