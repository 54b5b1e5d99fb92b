// A `tty` step in walk mode: bash gets the runner's own terminal (stdin/stdout/stderr inherited)
// and stays in the terminal's foreground group, so `ssh` or `kubectl exec -it` work as typed.
import type { Readable } from 'node:stream';
import { STATE_FD } from './prelude.js';
import { StateCollector, launchBash, settlePipes } from './spawn.js';
import type { ShellState } from './state.js';

export interface InteractiveLaunch {
  bashPath: string;
  script: string;
  prelude: string;
  env: Record<string, string>;
  cwd: string;
}

/** The step's exit code and the state it left; `refused` (no state) when the state was past its cap. */
export async function runInteractiveProcess(launch: InteractiveLaunch): Promise<{ exitCode: number | null; state: ShellState | undefined; refused?: string }> {
  // Ctrl-C reaches both the step and the runner (same foreground group): the step handles it,
  // the runner must survive it. A listener replaces Node's default "exit on SIGINT".
  const keepRunning = () => {};
  process.on('SIGINT', keepRunning);
  try {
    const child = await launchBash({ ...launch, stdio: ['inherit', 'inherit', 'inherit'], detached: false });
    const stateStream = child.stdio[STATE_FD] as Readable;
    const state = new StateCollector(stateStream);
    const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
    await settlePipes([stateStream], state);
    const refused = state.refused();
    return refused ? { exitCode: code, state: undefined, refused } : { exitCode: code, state: state.state() };
  } finally {
    process.off('SIGINT', keepRunning);
  }
}
