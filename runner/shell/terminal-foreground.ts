// Taking the terminal back after an interactive bash died without giving it back. bash with job
// control makes its own process group the terminal's foreground one and hands it back on exit;
// killed (SIGKILL from another terminal) it cannot, and the runner is left in a background group:
// every read of stdin and every change of its mode fails with EIO (the walk crashed on its next
// prompt). Node has no tcsetpgrp, so a short-lived child in the runner's own group calls it, with
// SIGTTOU ignored (a background group may then set the foreground): perl (part of every Debian
// and macOS base system), else python3.
import { spawnSync } from 'node:child_process';

const HELPERS: Array<[string, string[]]> = [
  ['perl', ['-MPOSIX', '-e', '$SIG{TTOU} = "IGNORE"; exit(POSIX::tcsetpgrp(0, getpgrp()) ? 0 : 1)']],
  ['python3', ['-c', 'import os, signal; signal.signal(signal.SIGTTOU, signal.SIG_IGN); os.tcsetpgrp(0, os.getpgrp())']],
];

/** Makes the runner's process group the foreground one of the terminal on stdin; false when no helper could. */
export function reclaimTerminal(): boolean {
  for (const [command, args] of HELPERS) {
    const result = spawnSync(command, args, { stdio: ['inherit', 'ignore', 'ignore'], timeout: 5_000 });
    if (result.status === 0) return true;
  }
  return false;
}
