// `npm run import:seeds`: import the study group's write-ups 000-003 (../shared/seeds, or
// $LAB_SEEDS) into a temporary project, lint and replay each draft, and print the figures.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const seeds = path.resolve(root, process.env.LAB_SEEDS ?? '../shared/seeds');
if (!existsSync(seeds)) {
  console.log(`no seeds at ${seeds}: set LAB_SEEDS to their folder`);
  process.exit(0);
}
const cli = path.join(root, 'dist/bin/main.js');
const project = mkdtempSync(path.join(os.tmpdir(), 'lab-seeds-'));
mkdirSync(path.join(project, 'labs'));
writeFileSync(path.join(project, 'package.json'), '{"name":"seeds"}\n');
const lab = (args, input) => spawnSync(process.execPath, [cli, ...args], { cwd: project, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: 'true' }, input });
let failed = 0;
for (const file of readdirSync(seeds).filter((name) => /^00[0-3]_.*\.txt$/.test(name)).sort()) {
  const name = `seeds/s${file.slice(0, 3)}`;
  const imported = lab(['import', path.join(seeds, file), name, '--yes']);
  const found = /\((\d+) steps? from (\d+) commands?/.exec(imported.stdout);
  const lint = lab(['lint', `labs/${name}.md`]);
  const figures = /(\d+) errors?, (\d+) warnings?/.exec(lint.stderr + lint.stdout);
  const run = lab(['run', `labs/${name}.md`, '--reporter', 'json']);
  let replay = `exit ${run.status}`;
  try {
    const steps = JSON.parse(run.stdout).labs[0].steps;
    replay = `${steps.filter((step) => step.status === 'passed').length}/${steps.length} passed`;
  } catch {}
  const green = imported.status === 0 && lint.status === 0 && figures?.[1] === '0' && figures?.[2] === '0' && run.status === 0;
  if (!green) failed++;
  console.log(`${file}: prompt blocks ${found?.[2] ?? '?'}, steps ${found?.[1] ?? '?'}, lint ${figures?.[1] ?? '?'} errors ${figures?.[2] ?? '?'} warnings, replay ${replay}${green ? '' : `  FAILED ${imported.stderr.trim()}`}`);
}
rmSync(project, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
