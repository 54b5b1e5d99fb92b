#!/usr/bin/env node
// The `lab` binary: runs the command line (program.ts) and sets the process exit code.
import { runCli } from './program.js';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`lab: ${String(error)}\n`);
    process.exitCode = 2;
  },
);
