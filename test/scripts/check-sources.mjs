// `npm run check:sources -- DIR [--fixtures FOLDER]`: every fixture step marked `transcribed` names
// its source (`source: { from, line }`, a file in DIR and the line of its command there). This
// compares the step's output with the lines that follow that command in the source, line by line,
// prints every difference with the fixture's file:line and the source's file:line, and exits 1 on
// any. See docs/fixtures.md, "Checking transcripts against their sources".
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const fixturesAt = args.indexOf('--fixtures');
const fixturesRoot = path.resolve(fixturesAt >= 0 ? args.splice(fixturesAt, 2)[1] ?? '' : path.join(root, 'fixtures'));
const sourcesDir = args[0] ? path.resolve(args[0]) : undefined;
if (!sourcesDir || !existsSync(sourcesDir) || !statSync(sourcesDir).isDirectory()) {
  console.error(`usage: npm run check:sources -- DIR [--fixtures FOLDER]\n  DIR: the folder of the write-ups the fixtures' \`source.from\` name${sourcesDir ? ` (${sourcesDir} is not a folder)` : ''}`);
  process.exit(2);
}

/** How far below its command a step's output may start: a post puts a sentence or a "show the result" toggle between them. */
const START_WINDOW = 8;
/** Beyond this many differences in one output, the rest would only repeat the first. */
const MAX_PER_OUTPUT = 10;
const PLACEHOLDER = /<[A-Z][A-Z0-9_:]*>|\[\.\.\]/g;
/** A command line (with its prompt) or a comment in the post: between the outputs of a step's commands. */
const SKIPPABLE = /^(?:\$|➜|#)\s|^\[[^\]]*\]\s*[#$]?\s|^\([^)]*\)\s*[#$]\s/;

const normalise = (line) => line.replace(/\s+/g, ' ').trim();
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Placeholders (`<ACCOUNT_ID>`, the post's `<REDACTED>`) and `[..]` stand for any text. */
function pattern(line) {
  let source = '';
  let last = 0;
  for (const match of line.matchAll(PLACEHOLDER)) {
    source += escape(line.slice(last, match.index)) + (match[0] === '[..]' ? '.*' : '.+?');
    last = match.index + match[0].length;
  }
  return new RegExp(`^${source}${escape(line.slice(last))}$`);
}
/** A line that is nothing but a placeholder (a redacted certificate) stands for another such line only, not for any line at all. */
const onlyPlaceholder = (line) => line.replace(PLACEHOLDER, '').trim() === '';
function same(fixtureLine, sourceLine) {
  if (fixtureLine === sourceLine) return true;
  if (onlyPlaceholder(fixtureLine) || onlyPlaceholder(sourceLine)) return onlyPlaceholder(fixtureLine) && onlyPlaceholder(sourceLine);
  return pattern(fixtureLine).test(sourceLine) || pattern(sourceLine).test(fixtureLine);
}

function fixtureFiles(folder) {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    return entry.isDirectory() ? fixtureFiles(full) : /\.ya?ml$/.test(entry.name) ? [full] : [];
  }).sort();
}

const sources = new Map();
function sourceLines(from) {
  if (!sources.has(from)) {
    const file = path.join(sourcesDir, from);
    sources.set(from, existsSync(file) ? readFileSync(file, 'utf8').replace(/\r\n?/g, '\n').split('\n') : undefined);
  }
  return sources.get(from);
}

/** Each place the entry ran (the step, or each host or pod): the last attempt's stdout and stderr. */
function* places(doc, index, entry) {
  const remotes = [...(entry.hosts ?? []).map((host, i) => ['hosts', i, host]), ...(entry.pods ?? []).map((pod, i) => ['pods', i, pod])];
  const all = remotes.length ? remotes.map(([key, i, remote]) => [['steps', index, key, i, 'attempts'], remote.attempts ?? []]) : [[['steps', index, 'attempts'], entry.attempts ?? []]];
  for (const [at, attempts] of all) {
    if (!attempts.length) continue;
    const streams = [];
    for (const stream of ['stdout', 'stderr']) {
      const node = doc.getIn([...at, attempts.length - 1, stream], true);
      if (node && typeof node.value === 'string' && node.value.trim()) streams.push({ stream, text: node.value, node });
    }
    yield streams;
  }
}

let differences = 0;
let checked = 0;
const show = (file) => path.relative(process.cwd(), file) || file;
for (const file of fixtureFiles(fixturesRoot)) {
  const text = readFileSync(file, 'utf8');
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  const steps = doc.toJS()?.steps ?? [];
  steps.forEach((entry, index) => {
    if (entry.provenance !== 'transcribed' || /^https?:\/\//.test(entry.source?.from ?? '')) return;
    const entryLine = counter.linePos(doc.getIn(['steps', index], true)?.range?.[0] ?? 0).line;
    const report = (fixtureLine, sourceLine, words) => {
      differences++;
      console.log(`${show(file)}:${fixtureLine}: ${entry.id}: ${words}${sourceLine ? `\n  ${entry.source.from}:${sourceLine}` : ''}`);
    };
    if (!entry.source?.from) return report(entryLine, undefined, 'transcribed with no `source:` to compare with');
    const lines = sourceLines(entry.source.from);
    if (!lines) return report(entryLine, undefined, `source ${entry.source.from} not found in ${show(sourcesDir)}`);
    if (!entry.source.line || entry.source.line > lines.length) return report(entryLine, undefined, `source.line ${entry.source.line ?? '(none)'} is not a line of ${entry.source.from} (${lines.length} lines)`);
    checked++;
    const theirs = (i) => normalise(lines[i] ?? '');
    let from = entry.source.line; // 0-based index of the line after the command
    for (const streams of places(doc, index, entry)) {
      const outputs = streams.map((output) => {
        // A block scalar's text starts on the line after its `|`; a quoted string on its own line.
        const first = counter.linePos(output.node.range[0]).line + (output.node.type?.startsWith('BLOCK') ? 1 : 0);
        return { ...output, lines: output.text.split('\n').map((line, i) => ({ text: normalise(line), line: first + i })).filter((line) => line.text) };
      });
      let end = from;
      for (const output of outputs) {
        // The post interleaves the streams (stderr's klog lines, then the table): each may start past the other.
        const others = outputs.filter((other) => other !== output).reduce((sum, other) => sum + other.lines.length, 0);
        end = Math.max(end, compare(output, from, START_WINDOW + others));
      }
      from = end;
    }
    function compare(output, from, window) {
      const mine = output.lines;
      let at = from;
      while (at < lines.length && at < from + window && !(theirs(at) && same(mine[0].text, theirs(at)))) at++;
      if (at >= from + window || at >= lines.length) at = from;
      let shown = 0;
      for (const line of mine) {
        while (at < lines.length && (!theirs(at) || (SKIPPABLE.test(theirs(at)) && !same(line.text, theirs(at))))) at++;
        if (at >= lines.length) {
          if (shown++ < MAX_PER_OUTPUT) report(line.line, lines.length, `${output.stream} goes on past the end of the source: ${JSON.stringify(line.text)}`);
          continue;
        }
        if (!same(line.text, theirs(at)) && shown++ < MAX_PER_OUTPUT) {
          report(line.line, at + 1, `${output.stream} differs from its source\n  fixture: ${JSON.stringify(line.text)}\n  source:  ${JSON.stringify(theirs(at))}`);
        }
        at++;
      }
      return at;
    }
  });
}
console.log(`${checked} transcribed step${checked === 1 ? '' : 's'} checked against ${show(sourcesDir)}: ${differences} difference${differences === 1 ? '' : 's'}`);
process.exit(differences ? 1 : 0);
