// SIGTERM during a walk (a closing session manager, `kill`, a CI timeout): unlike Ctrl-C, which
// stops only the running step, it ends the walk. The running step's group is stopped and the open
// prompt cancelled; the walk then runs its cleanup steps without asking, keeps its saved progress
// and exits 143. A second SIGTERM leaves at once.
import type { InterruptSource } from './context.js';

export const TERMINATED_EXIT_CODE = 143;

export interface Termination {
  /** Aborted on SIGTERM: prompts are given it, so the open one is cancelled. */
  readonly signal: AbortSignal;
  readonly terminated: boolean;
  /** Ctrl-C stops the running step; so does SIGTERM. */
  interrupts(source: InterruptSource): InterruptSource;
  dispose(): void;
}

export function watchTermination(): Termination {
  const controller = new AbortController();
  const onSigterm = () => {
    if (controller.signal.aborted) process.exit(TERMINATED_EXIT_CODE);
    controller.abort('SIGTERM');
  };
  process.on('SIGTERM', onSigterm);
  return {
    signal: controller.signal,
    get terminated() {
      return controller.signal.aborted;
    },
    interrupts: (source) => (handler) => {
      const unsubscribe = source(handler);
      if (controller.signal.aborted) {
        handler();
        return unsubscribe;
      }
      controller.signal.addEventListener('abort', handler, { once: true });
      return () => {
        unsubscribe();
        controller.signal.removeEventListener('abort', handler);
      };
    },
    dispose: () => process.off('SIGTERM', onSigterm),
  };
}
