// Prints bench/results.json as the Markdown table docs/performance.md carries ("Latest figures"),
// so the docs are regenerated from a run, not retyped: `node bench/table.mjs [results.json]`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const file = process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), 'results.json');
const results = JSON.parse(readFileSync(file, 'utf8'));
const three = (n) => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2));
const { machine } = results;
const held = results.rows.filter((row) => row.pass).length;
console.log(`Taken on ${results.at.slice(0, 10)} (${results.at.slice(11, 16)} UTC) on a ${machine.cores}-core ${machine.cpu} with ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}, ${results.rounds} rounds${results.quick ? ' (--quick)' : ''}; the bench took ${results.seconds} s. ${held} of ${results.rows.length} rows held.\n`);
console.log('| figure | value | floor | ratio | target | held |');
console.log('|---|---|---|---|---|---|');
for (const row of results.rows) {
  console.log(`| ${row.name} | ${three(row.value)} ${row.unit} | ${three(row.baseline)} ${row.unit} | ${three(row.ratio)} | ${row.target} | ${row.pass ? 'yes' : '**no**'} |`);
}
console.log('\nNotes on the run (from `bench/results.json`):\n');
for (const row of results.rows) if (row.note) console.log(`- *${row.name}*: ${row.note}`);
