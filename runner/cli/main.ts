#!/usr/bin/env node
// The `lab` binary: runs the command line (program.ts) and sets the process exit code.
import { runCli } from './program.js';

// A reader that goes away (`lab run | head`) is not an error of lab's: the rest of the output is
// dropped and the command finishes normally (a live run still runs its cleanup). Without this,
// Node raised EPIPE as an unhandled 'error' event with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
}

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`lab: ${String(error)}\n`);
    process.exitCode = 2;
  },
);
