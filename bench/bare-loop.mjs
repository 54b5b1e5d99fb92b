// The floor of a live step for `npm run bench`, built without the project: one bash reads a
// script per request on fd 3, forks it into a subshell, which then dumps `declare -p`,
// `declare -f` and `alias -p` on fd 4 and a NUL; Node waits for the NUL before sending the next.
// The least a persistent shell that hands its state back after every step can do.
// Usage: node bench/bare-loop.mjs STEPS
import { spawn } from 'node:child_process';

const steps = Number(process.argv[2] ?? 1);
const host = `while IFS= read -r -d '' script <&3; do ( eval "$script"; declare -p; declare -f; alias -p; printf '\\0' ) >&4; done`;
const bash = spawn('bash', ['--norc', '--noprofile', '-c', host], { stdio: ['ignore', 'inherit', 'inherit', 'pipe', 'pipe'] });
const dump = bash.stdio[4];
let finished;
let text = '';
dump.setEncoding('utf8');
dump.on('data', (chunk) => {
  text += chunk;
  if (text.endsWith('\0')) {
    text = '';
    finished();
  }
});
for (let i = 0; i < steps; i++) {
  await new Promise((resolve) => {
    finished = resolve;
    bash.stdio[3].write('true\0');
  });
}
bash.stdio[3].end();
