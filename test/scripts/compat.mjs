// `npm run compat`: how lab reads the EKS Workshop's pages (../shared/corpus/eks-workshop-v2,
// when it is there) under the `eks-workshop` profile. Every page is parsed and linted; the
// figures are pages, blocks, steps, lint errors by rule, crashes, and the blocks their harness
// would cut short at a blank line. Steps found are compared with what their harness would run,
// re-counted here the way it reads a block (testing/util/src/lib/gatherer/gatherer.ts).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintLab } from '../../dist/lab/lint.js';
import { parseLab } from '../../dist/lab/parse.js';
import { splitWorkshopBlock } from '../../dist/lab/transcript.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = path.resolve(root, process.argv[2] ?? '../shared/corpus/eks-workshop-v2');
if (!existsSync(corpus)) {
  console.log(`no corpus at ${corpus}: nothing to check`);
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
    steps += lab.steps.filter((step) => step.attributes.skip === false).length;
    skipped += lab.steps.filter((step) => step.attributes.skip !== false).length;
    for (const diagnostic of [...diagnostics, ...lintLab(lab)]) {
      const tally = diagnostic.severity === 'error' ? errorsByRule : warningsByRule;
      tally.set(diagnostic.rule, (tally.get(diagnostic.rule) ?? []).concat(`${diagnostic.position.file}:${diagnostic.position.line}: ${diagnostic.message}`));
    }
  } catch (error) {
    crashes.push(`${relative}: ${error instanceof Error ? error.stack : String(error)}`);
  }
}

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
console.log(`lint warnings: ${[...warningsByRule.values()].reduce((n, list) => n + list.length, 0)}`);
for (const line of tally(warningsByRule)) console.log(line);
for (const message of warningsByRule.get('unknown-attribute') ?? []) console.log(`    ${message}`);
console.log(`blocks their harness cuts short at a blank line: ${dropped.length}`);
for (const line of dropped) console.log(`  ${line}`);
process.exit(crashes.length > 0 || errorsByRule.size > 0 ? 1 : 0);
