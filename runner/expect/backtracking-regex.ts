// The patterns RE2 cannot run (backreferences, lookaround) run on V8's backtracking engine, off
// the main thread with a deadline: a catastrophic one (`^(a+)+$`-like with a `\1`) costs at most
// the deadline instead of hanging lab with SIGTERM unheard, and a stack overflow while compiling
// stays in the worker. Synchronous for the caller: the main thread waits on a shared flag.
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

/** Generous for a loaded machine: a pattern that needs more than this is not an expectation. */
export const BACKTRACKING_DEADLINE_MS = 5_000;

// One worker for the run, started by the first such pattern and kept for the next ones (a worker
// takes ~30-150 ms to start: one per match cost a replay of the bundled labs a second); replaced
// only after a deadline, when it is terminated mid-match.
const WORKER = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', ({ port, flag, source, text }) => {
  let result;
  try { result = { matched: new RegExp(source, 'm').test(text) }; } catch (error) { result = { error: String(error && error.message || error) }; }
  port.postMessage(result);
  port.close();
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
`;

let worker: Worker | undefined;

export type BacktrackingResult = { matched: boolean } | { error: string };

/** Runs `new RegExp(source, 'm').test(text)` in the worker; `{ error }` when it throws or overruns the deadline. */
export function testBacktracking(source: string, text: string, deadlineMs = BACKTRACKING_DEADLINE_MS): BacktrackingResult {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  if (!worker) {
    worker = new Worker(WORKER, { eval: true });
    worker.unref(); // an idle worker never keeps lab alive
  }
  try {
    worker.postMessage({ port: port2, flag, source, text }, [port2]);
    const waited = Atomics.wait(flag, 0, 0, deadlineMs);
    const message = receiveMessageOnPort(port1)?.message as BacktrackingResult | undefined;
    if (waited === 'timed-out' || !message) {
      void worker.terminate();
      worker = undefined;
      return { error: `matching took longer than ${deadlineMs / 1000} s (backreferences and lookaround backtrack; write a simpler pattern)` };
    }
    return message;
  } finally {
    port1.close();
  }
}
