// A stand-in for a command no test can reach (kubectl, aws, helm, the workshop IDE's scripts),
// installed under that command's name by planted-commands.mjs. It logs every call (name, argv, and
// stdin when the matching plan entry reads it) to calls.jsonl and prints what the plan planted for
// the first entry whose `args` regex matches the argv joined by spaces; with nothing planted it
// says so on stderr and exits 127, so a page calling something unplanned fails loudly.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const dir = process.env.PLANTED_COMMANDS;
if (!dir) {
  process.stderr.write('planted command: PLANTED_COMMANDS is not set (the folder holding plan.json)\n');
  process.exit(127);
}
const name = path.basename(process.argv[1]);
const argv = process.argv.slice(2);
const joined = argv.join(' ');
const plan = JSON.parse(fs.readFileSync(path.join(dir, 'plan.json'), 'utf8'));
const entry = (plan[name] ?? []).find((candidate) => new RegExp(candidate.args).test(joined));
const call = { name, argv };
if (entry?.stdin) call.stdin = fs.readFileSync(0, 'utf8');
fs.appendFileSync(path.join(dir, 'calls.jsonl'), `${JSON.stringify(call)}\n`);
if (!entry) {
  process.stderr.write(`${name} (stand-in): nothing planted for \`${name} ${joined}\`\n`);
  process.exit(127);
}
if (entry.stdout) process.stdout.write(entry.stdout);
if (entry.stderr) process.stderr.write(entry.stderr);
process.exit(entry.exit ?? 0);
