// `npm run compat`: how lab reads the EKS Workshop's pages (../shared/corpus/eks-workshop-v2,
// when it is there) under the `eks-workshop` profile. Every page is parsed and linted; the
// figures are pages, blocks, steps, lint errors by rule, crashes, and the blocks their harness
// would cut short at a blank line. Steps found are compared with what their harness would run,
// re-counted here the way it reads a block (testing/util/src/lib/gatherer/gatherer.ts). The lint
// runs twice: under the profile alone, then with the project config declaring what the workshop's
// IDE provides (eks-workshop-ide.lab.config.yaml) and its folder sessions, so what stays undefined
// is a real problem. Then one module (compat-module.mjs) is copied out of the corpus, recorded
// live (the whole folder, one `lab record`) with stand-ins on PATH by the built CLI, and replayed
// with nothing allowed to run.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { lintLab } from '../../dist/lab/lint.js';
import { parseLab } from '../../dist/lab/parse.js';
import { splitWorkshopBlock } from '../../dist/lab/transcript.js';
import { readProjectConfig } from '../../dist/project/config-file.js';
import { inheritedVariables } from '../../dist/project/folder-session.js';
import { sortWorkshopLabs } from '../../dist/project/folders.js';
import { installPlantedCommands } from '../helpers/planted-commands.mjs';
import * as chosen from './compat-module.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const corpus = path.resolve(root, process.argv[2] ?? '../shared/corpus/eks-workshop-v2');
if (!existsSync(corpus)) {
  console.log(`no corpus at ${corpus}: nothing linted, no module recorded or replayed`);
  console.log('(give its path as the argument; the workshop-style behaviours are tested on pages of our own: test/project/eks-module.test.ts)');
  process.exit(0);
}

const pages = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (name === 'node_modules' || name === 'testing') continue;
    if (statSync(full).isDirectory()) walk(full);
    else if (/\.mdx?$/.test(name)) pages.push(full);
  }
};
walk(corpus);

/** What their harness runs of a block's text: a block with any command runs; the blank-line cut. */
function theirCommands(text) {
  const lines = text.split('\n');
  const all = lines.filter((line) => line.startsWith('$')).length;
  const blank = lines.indexOf('');
  const kept = (blank < 0 ? lines : lines.slice(0, blank)).filter((line) => line.startsWith('$')).length;
  return { all, kept };
}

const FENCE = /^(\s*)(`{3,}|~{3,})bash\b(.*)$/;
const errorsByRule = new Map();
const warningsByRule = new Map();
const crashes = [];
const dropped = [];
let blocks = 0;
let steps = 0;
let skipped = 0;
let theirBlocks = 0;
let theirCommandsRun = 0;
let theirCommandsDropped = 0;
let ourCommands = 0;
const parsedPages = [];
for (const file of pages) {
  const relative = path.relative(corpus, file);
  const text = readFileSync(file, 'utf8');
  // Their bash blocks, read the way their gatherer does (fence to fence).
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const fence = open[2];
    let j = i + 1;
    while (j < lines.length && !lines[j].trimStart().startsWith(fence)) j++;
    const body = lines.slice(i + 1, j).map((line) => line.slice(Math.min(open[1].length, line.length - line.trimStart().length))).join('\n');
    blocks++;
    const notTested = /\btest=false\b/.test(open[3]);
    const counted = theirCommands(body);
    if (!notTested && counted.all > 0) {
      theirBlocks++;
      ourCommands += splitWorkshopBlock(body).commands.length;
      theirCommandsRun += counted.kept;
      if (counted.kept < counted.all) {
        theirCommandsDropped += counted.all - counted.kept;
        dropped.push(`${relative}:${i + 1}: ${counted.all - counted.kept} of ${counted.all} commands dropped`);
      }
    }
    i = j;
  }
  try {
    const { lab, diagnostics } = parseLab(text, file, { displayPath: relative, profile: 'eks-workshop' });
    parsedPages.push({ lab, diagnostics });
    steps += lab.steps.filter((step) => step.attributes.skip === false).length;
    skipped += lab.steps.filter((step) => step.attributes.skip !== false).length;
    for (const diagnostic of [...diagnostics, ...(await lintLab(lab, diagnostics, { profile: 'eks-workshop' }))]) {
      const tally = diagnostic.severity === 'error' ? errorsByRule : warningsByRule;
      tally.set(diagnostic.rule, (tally.get(diagnostic.rule) ?? []).concat(`${diagnostic.position.file}:${diagnostic.position.line}: ${diagnostic.message}`));
    }
  } catch (error) {
    crashes.push(`${relative}: ${error instanceof Error ? error.stack : String(error)}`);
  }
}

// The second lint: the IDE's variables declared, each page inheriting what the earlier pages of its
// folder exported (sessions: folder), in the workshop's order.
const ideConfig = readProjectConfig(path.join(here, 'eks-workshop-ide.lab.config.yaml'));
const withIde = new Map();
const ordered = sortWorkshopLabs(parsedPages);
for (const { lab } of ordered) {
  const own = new Set(lab.meta.vars.map((variable) => variable.name));
  lab.meta.vars = [...lab.meta.vars, ...ideConfig.vars.filter((variable) => !own.has(variable.name))];
  lab.project = { file: ideConfig.file, sessions: ideConfig.sessions };
}
const inherited = inheritedVariables(ordered.map((entry) => entry.lab));
// The IDE's variables alone, before the folder sessions: what the sessions account for.
let undefinedWithIdeOnly = 0;
for (const { lab, diagnostics } of ordered) undefinedWithIdeOnly += (await lintLab(lab, diagnostics, { profile: 'eks-workshop' })).filter((d) => d.rule === 'undefined-variable').length;
const stillUndefined = new Map();
for (const { lab, diagnostics } of ordered) {
  for (const diagnostic of [...diagnostics, ...(await lintLab(lab, diagnostics, { profile: 'eks-workshop', inherited: inherited.get(lab.file) }))]) {
    withIde.set(diagnostic.rule, (withIde.get(diagnostic.rule) ?? 0) + 1);
    if (diagnostic.rule !== 'undefined-variable') continue;
    const name = /`([^`]+)`/.exec(diagnostic.message)[1];
    stillUndefined.set(name, (stillUndefined.get(name) ?? []).concat(`${diagnostic.position.file}:${diagnostic.position.line}`));
  }
}

const count = (list) => list.length;
const tally = (map) => [...map].sort((a, b) => b[1].length - a[1].length).map(([rule, list]) => `  ${rule}: ${list.length}`);
console.log(`corpus: ${corpus}`);
console.log(`pages: ${pages.length}`);
console.log(`bash blocks: ${blocks}`);
console.log(`steps found: ${steps} to run, ${skipped} skipped (test=false)`);
console.log(`their harness: ${theirBlocks} blocks run, ${theirCommandsRun} \`$ \` commands run, ${theirCommandsDropped} dropped by the blank-line bug`);
console.log(`\`$ \` commands lab runs: ${ourCommands} (theirs run + dropped: ${theirCommandsRun + theirCommandsDropped})`);
console.log(`steps vs their blocks: ${steps === theirBlocks ? 'equal' : `differ by ${steps - theirBlocks}`}`);
console.log(`crashes: ${crashes.length}`);
for (const crash of crashes) console.log(`  ${crash}`);
console.log(`lint errors: ${[...errorsByRule.values()].reduce((n, list) => n + list.length, 0)}`);
for (const line of tally(errorsByRule)) console.log(line);
for (const list of errorsByRule.values()) for (const message of list.slice(0, 5)) console.log(`    ${message}`);
const warningsBefore = [...warningsByRule.values()].reduce((n, list) => n + list.length, 0);
const warningsAfter = [...withIde].filter(([rule]) => !errorsByRule.has(rule)).reduce((n, [, c]) => n + c, 0);
console.log(`lint warnings: ${warningsBefore} under the profile alone -> ${warningsAfter} with the IDE's ${ideConfig.vars.length} variables declared and folder sessions (${path.relative(root, ideConfig.file)})`);
for (const rule of new Set([...warningsByRule.keys(), ...withIde.keys()])) {
  if (errorsByRule.has(rule)) continue;
  const between = rule === 'undefined-variable' ? ` (${undefinedWithIdeOnly} left with the variables alone, each set by an earlier page of its folder)` : '';
  console.log(`  ${rule}: ${count(warningsByRule.get(rule) ?? [])} -> ${withIde.get(rule) ?? 0}${between}`);
}
for (const message of warningsByRule.get('unknown-attribute') ?? []) console.log(`    ${message}`);
// The native rule warns on every page without a step; under the profile a page of prose is normal.
const prose = parsedPages.filter(({ lab }) => lab.steps.length === 0).length;
console.log(`  no-steps: ${prose} pages have no step (a warning natively); under the profile only ${count(warningsByRule.get('no-steps') ?? [])} warned (a \`bash\` block with no \`$ \` command on a page of nothing else)`);
console.log(`lab lint (the CLI) over a copy of the pages with that config: ${lintThroughCli()}`);
console.log(`variables still undefined (${stillUndefined.size}): used where neither the IDE nor an earlier page of the folder sets them`);
for (const [name, where] of [...stillUndefined].sort()) console.log(`  ${name}: ${where.join(', ')}`);
console.log(`blocks their harness cuts short at a blank line: ${dropped.length}`);
for (const line of dropped) console.log(`  ${line}`);
const lintGreen = crashes.length === 0 && errorsByRule.size === 0;
const moduleGreen = recordAndReplay();
process.exit(lintGreen && moduleGreen ? 0 : 1);

/** `lab lint` as a maintainer runs it: the pages copied, the IDE config beside them. */
function lintThroughCli() {
  if (!existsSync(path.join(corpus, 'docs'))) return 'not run: the corpus has no docs/ folder';
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'lab-compat-lint-'));
  try {
    writeFileSync(path.join(tmp, 'package.json'), '{}\n');
    cpSync(path.join(corpus, 'docs'), path.join(tmp, 'docs'), { recursive: true });
    chmodSync(path.join(tmp, 'docs'), 0o755);
    writeFileSync(path.join(tmp, 'docs/lab.config.yaml'), readFileSync(ideConfig.file));
    const linted = spawnSync(process.execPath, [path.join(root, 'dist/bin/main.js'), 'lint', '--no-fixtures', 'docs'], { cwd: tmp, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
    const rules = new Map();
    for (const line of linted.stdout.split('\n')) {
      const rule = /\[([\w-]+)\]$/.exec(line)?.[1];
      if (rule) rules.set(rule, (rules.get(rule) ?? 0) + 1);
    }
    return `${linted.stderr.trim()} (exit ${linted.status}; ${[...rules].map(([rule, n]) => `${rule} ${n}`).join(', ') || 'none'})`;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Records the chosen module from a copy, page by page in the workshop's order, then replays it. */
function recordAndReplay() {
  const source = path.join(corpus, chosen.MODULE);
  console.log(`\nmodule: ${chosen.MODULE}`);
  if (!existsSync(source)) {
    console.log(`  not in this corpus: nothing recorded or replayed`);
    return true;
  }
  const missing = chosen.LOCAL_TOOLS.filter((tool) => spawnSync('bash', ['-c', `command -v ${tool}`]).status !== 0);
  if (missing.length > 0) {
    console.log(`  not recorded: the pages pipe through ${missing.join(', ')}, not on PATH here (real tools, never stood in for)`);
    return true;
  }
  const cli = path.join(root, 'dist/bin/main.js');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'lab-compat-'));
  try {
    // A project of its own: the pages copied unchanged, the config beside them, hooks in tests/.
    writeFileSync(path.join(tmp, 'package.json'), '{}\n');
    const docs = path.join(tmp, 'docs', path.basename(chosen.MODULE));
    cpSync(source, docs, { recursive: true });
    // The corpus is read-only; its copy takes the config, the hooks and the recording's files.
    for (const file of ['', ...readdirSync(docs, { recursive: true })]) {
      const full = path.join(docs, String(file));
      chmodSync(full, statSync(full).isDirectory() ? 0o755 : 0o644);
    }
    writeFileSync(path.join(tmp, 'docs/lab.config.yaml'), chosen.CONFIG);
    writeFileSync(path.join(tmp, 'docs/ide-env.bash'), chosen.IDE_ENV);
    mkdirSync(path.join(docs, 'tests'), { recursive: true });
    for (const [name, script] of Object.entries(chosen.HOOKS)) writeFileSync(path.join(docs, 'tests', `hook-${name}.sh`), script);
    const standIns = installPlantedCommands(path.join(tmp, 'stand-ins'), chosen.PLAN);
    const lab = (args, env, preload = []) => spawnSync(process.execPath, [...preload, cli, ...args], {
      cwd: tmp, encoding: 'utf8', env: { ...env, NO_COLOR: '1', CI: 'true' }, maxBuffer: 64 * 1024 * 1024,
    });

    const listed = JSON.parse(lab(['list', '--json', 'docs'], process.env).stdout);
    const problems = [];
    const recordStart = Date.now();
    // The module in one go, in the workshop's order and one session (sessions: folder); CI=true, as
    // in their scheduled job, so recording says so with --allow-ci.
    const recorded = lab(['record', '--allow-ci', '--trust', path.join('docs', path.basename(chosen.MODULE))], { ...process.env, ...standIns.env });
    if (recorded.status !== 0) problems.push(`lab record: exit ${recorded.status}\n${recorded.stdout}${recorded.stderr}`);
    const recordMs = Date.now() - recordStart;
    const calls = standIns.calls();
    const hooksLog = existsSync(path.join(standIns.env.PLANTED_COMMANDS, 'hooks.log')) ? readFileSync(path.join(standIns.env.PLANTED_COMMANDS, 'hooks.log'), 'utf8').trim().split('\n').filter(Boolean) : [];
    problems.push(...chosen.recordingProblems(calls, hooksLog));
    let recordedSteps = 0;
    let recordedHooks = 0;
    const fixtures = path.join(tmp, 'fixtures');
    for (const file of existsSync(fixtures) ? readdirSync(fixtures, { recursive: true }) : []) {
      if (!String(file).endsWith('.yaml')) continue;
      const fixture = parseYaml(readFileSync(path.join(fixtures, String(file)), 'utf8'));
      recordedSteps += fixture.steps.filter((step) => step.provenance === 'recorded').length;
      recordedHooks += fixture.steps.reduce((n, step) => n + (step.hooks?.length ?? 0), 0);
    }

    // Replay: no stand-in on PATH, child_process failing on use; nothing may run, nothing be called.
    const noChildProcess = ['--import', path.join(root, 'test/samples/record/no-child-process.mjs')];
    const replayStart = Date.now();
    const spawnLog = path.join(tmp, 'spawn-attempts.log');
    const replay = lab(['run', 'docs', '--reporter', 'json'], { PATH: '', LAB_SPAWN_LOG: spawnLog }, noChildProcess);
    const replayMs = Date.now() - replayStart;
    let report;
    try {
      report = JSON.parse(replay.stdout);
    } catch {
      problems.push(`lab run (replay): exit ${replay.status}, no JSON report\n${replay.stdout}${replay.stderr}`);
    }
    const replayed = (report?.labs ?? []).flatMap((entry) => entry.steps);
    const by = (status) => replayed.filter((step) => step.status === status).length;
    if (replay.status !== 0) problems.push(`lab run (replay): exit ${replay.status}\n${replay.stderr}`);
    if (standIns.calls().length !== calls.length) problems.push('the replay called a stand-in');
    if (existsSync(spawnLog)) problems.push(`the replay tried to start a process:\n${readFileSync(spawnLog, 'utf8')}`);
    const drifts = replayed.filter((step) => step.warnings?.length).length;

    console.log(`  pages: ${listed.length} (${listed.map((page) => path.basename(page.file)).join(', ')})`);
    console.log(`  recorded: ${recordedSteps} steps, ${recordedHooks} hook results, ${calls.length} stand-in calls (${[...new Set(calls.map((call) => call.name))].join(', ')}), ${(recordMs / 1000).toFixed(1)}s (the page's wait=30 included)`);
    console.log(`  replayed: ${by('passed')} passed, ${by('failed')} failed, ${by('skipped')} skipped, ${drifts} with sample drift, exit ${replay.status}, ${(replayMs / 1000).toFixed(1)}s, no process started`);
    console.log(`  ${problems.length === 0 ? 'green' : `NOT green:\n    ${problems.join('\n    ')}`}`);
    return problems.length === 0;
  } finally {
    if (process.env.LAB_COMPAT_KEEP) console.log(`  kept: ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
}
