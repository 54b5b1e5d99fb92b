// The patterns RE2 cannot run (backreferences, lookaround) run on V8's backtracking engine, off
// the main thread with a deadline: a catastrophic one (`^(a+)+$`-like with a `\1`) costs at most
// the deadline instead of hanging lab with SIGTERM unheard, and a stack overflow while compiling
// stays in the worker. Synchronous for the caller: the main thread waits on a shared flag.
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

/** Generous for a loaded machine: a pattern that needs more than this is not an expectation. */
export const BACKTRACKING_DEADLINE_MS = 5_000;

const WORKER = `
const { workerData } = require('node:worker_threads');
const { port, flag, source, text } = workerData;
let result;
try { result = { matched: new RegExp(source, 'm').test(text) }; } catch (error) { result = { error: String(error && error.message || error) }; }
port.postMessage(result);
Atomics.store(flag, 0, 1);
Atomics.notify(flag, 0);
`;

export type BacktrackingResult = { matched: boolean } | { error: string };

/** Runs `new RegExp(source, 'm').test(text)` in a worker; `{ error }` when it throws or overruns the deadline. */
export function testBacktracking(source: string, text: string, deadlineMs = BACKTRACKING_DEADLINE_MS): BacktrackingResult {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER, { eval: true, workerData: { port: port2, flag, source, text }, transferList: [port2] });
  try {
    const waited = Atomics.wait(flag, 0, 0, deadlineMs);
    const message = receiveMessageOnPort(port1)?.message as BacktrackingResult | undefined;
    if (waited === 'timed-out' || !message) return { error: `matching took longer than ${deadlineMs / 1000} s (backreferences and lookaround backtrack; write a simpler pattern)` };
    return message;
  } finally {
    void worker.terminate();
    port1.close();
  }
}
