// Installs planted-command.cjs under the names a lab calls (kubectl, aws, helm...): a bin folder
// to put first on PATH, the plan (what each call prints, matched by an argv regex) and the log of
// every call. Plain JavaScript so `npm run compat` (a script, no TypeScript) and the tests share it.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PROGRAM = path.join(path.dirname(fileURLToPath(import.meta.url)), 'planted-command.cjs');

export function installPlantedCommands(root, plan) {
  const bin = path.join(root, 'bin');
  const state = path.join(root, 'state');
  for (const folder of [bin, state]) mkdirSync(folder, { recursive: true });
  // This node by absolute path: the PATH a lab runs with may not hold it.
  const program = `#!${process.execPath}\n${readFileSync(PROGRAM, 'utf8')}`;
  for (const name of Object.keys(plan)) {
    writeFileSync(path.join(bin, name), program);
    chmodSync(path.join(bin, name), 0o755);
  }
  writeFileSync(path.join(state, 'plan.json'), JSON.stringify(plan, null, 2));
  const log = path.join(state, 'calls.jsonl');
  return {
    bin,
    env: { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, PLANTED_COMMANDS: state },
    calls: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)) : []),
  };
}
