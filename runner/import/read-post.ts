// A write-up -> its command blocks: each prompt line (with its `\` continuations and heredocs) and
// the output below it, with the prose before it as the caption. Reads Markdown fences, Jekyll
// `{% highlight %}` blocks, or scraped plain text where prose and output share the lines.
import { splitTranscript, type TranscriptCommand } from '../lab/transcript.js';

export interface PostBlock {
  command: string;
  /** What it printed, as the post shows it. */
  output: string;
  /** 1-based line of the command in the post. */
  line: number;
  /** Prose before the command (a heading, a caption); Markdown. */
  caption: string;
  /** Prose between the command and its output (`결과는 이렇게 나옵니다.`). */
  lead: string;
}

export interface Post {
  blocks: PostBlock[];
  /** Prose after the last command. */
  trailer: string;
  title?: string;
  /** `YYYY-MM-DD` found in the post (front matter `date:`, or the first date in it). */
  date?: string;
  /** How many prompt lines the post holds (a merged or skipped block still counts). */
  promptCount: number;
  form: 'markdown' | 'plain';
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)/;
const JEKYLL_OPEN = /^\s*\{%-?\s*highlight\s+([\w+-]+)[^%]*-?%\}\s*$/;
const JEKYLL_CLOSE = /^\s*\{%-?\s*endhighlight\s*-?%\}\s*$/;
/** Languages whose fenced blocks are terminal sessions when they hold prompts. */
const SESSION_LANGUAGES = new Set(['', 'console', 'shell-session', 'sh', 'bash', 'shell', 'zsh', 'text', 'terminal', 'plaintext']);
/** Prose a scraped post leaves between output lines: any Hangul, or a shell comment in words. */
const PROSE_LINE = /[\u3131-\u318e\uac00-\ud7a3]/;

export function readPost(text: string): Post {
  const source = text.replace(/\r\n?/g, '\n').replace(/^\uFEFF/, '');
  const lines = source.split('\n');
  const { body, offset, meta } = splitFrontMatter(lines);
  const date = meta.date ?? firstDate(source);
  const markdown = body.some((line) => FENCE.test(line) || JEKYLL_OPEN.test(line));
  const post = markdown ? readMarkdown(body, offset) : readPlain(body, offset);
  const title = meta.title ?? post.title;
  return { ...post, ...(title ? { title } : {}), ...(date ? { date } : {}), form: markdown ? 'markdown' : 'plain' };
}

function splitFrontMatter(lines: string[]): { body: string[]; offset: number; meta: { date?: string; title?: string } } {
  if (lines[0] !== '---') return { body: lines, offset: 0, meta: {} };
  const end = lines.indexOf('---', 1);
  if (end < 0) return { body: lines, offset: 0, meta: {} };
  const meta: { date?: string; title?: string } = {};
  for (const line of lines.slice(1, end)) {
    const date = /^date:\s*["']?(\d{4}-\d{2}-\d{2})/.exec(line);
    if (date) meta.date = date[1];
    const title = /^title:\s*(.+)$/.exec(line);
    if (title) meta.title = title[1]!.trim().replace(/^(["'])(.*)\1$/, '$2');
  }
  return { body: lines.slice(end + 1), offset: end + 1, meta };
}

function firstDate(text: string): string | undefined {
  // `2026-03-16`, `2026.3.16`, `2026. 3. 16.` or `2025년 2월 6일`.
  const match = /\b(20\d{2})(?:[-./]\s?|년\s*)(\d{1,2})(?:[-./]\s?|월\s*)(\d{1,2})(?:\b|일)/.exec(text);
  if (!match) return undefined;
  const [, year, month, day] = match;
  if (Number(month) > 12 || Number(day) > 31) return undefined;
  return `${year}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}`;
}

const split = (text: string, bare = false) =>
  splitTranscript(text, { prompts: ['$', '#', '➜'], rootPromptOnlyForCommands: true, bare }).filter((command) => command.command.trim() !== '');

function readMarkdown(lines: string[], offset: number): Omit<Post, 'form'> {
  const blocks: PostBlock[] = [];
  let prose: string[] = [];
  let promptCount = 0;
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    const fence = FENCE.exec(line);
    const jekyll = JEKYLL_OPEN.exec(line);
    if (!fence && !jekyll) {
      prose.push(line);
      index++;
      continue;
    }
    const language = (fence ? fence[3]! : jekyll![1]!).toLowerCase();
    const closes = fence ? (candidate: string) => new RegExp(`^\\s*${fence[2]![0]}{${fence[2]!.length},}\\s*$`).test(candidate) : (candidate: string) => JEKYLL_CLOSE.test(candidate);
    let end = index + 1;
    while (end < lines.length && !closes(lines[end]!)) end++;
    const inner = lines.slice(index + 1, end);
    const commands = SESSION_LANGUAGES.has(language) ? split(inner.join('\n')) : [];
    if (commands.length === 0) {
      prose.push(...lines.slice(index, end + 1)); // a block of code to show (yaml, hcl...) stays in the prose
    } else {
      promptCount += commands.length;
      commands.forEach((command, n) => {
        blocks.push({
          command: command.command, output: command.output, line: offset + index + 2 + command.line,
          caption: n === 0 ? trimBlank(prose).join('\n') : '', lead: '',
        });
      });
      prose = [];
    }
    index = end + 1;
  }
  return { blocks, trailer: trimBlank(prose).join('\n'), promptCount };
}

function readPlain(lines: string[], offset: number): Omit<Post, 'form'> {
  // No prompt anywhere: the scraper dropped them, so lines that read as commands are taken as such.
  let commands: TranscriptCommand[] = split(lines.join('\n'));
  if (commands.length === 0) commands = split(lines.join('\n'), true);
  const firstLine = commands[0]?.line ?? lines.length;
  // A scraped post opens with its title: a short line before any command.
  const titleAt = lines.findIndex((line) => line.trim() !== '');
  const title = titleAt >= 0 && titleAt < firstLine && lines[titleAt]!.trim().length <= 120 ? lines[titleAt]!.trim() : undefined;
  let caption = lines.slice(title ? titleAt + 1 : 0, firstLine);
  const blocks: PostBlock[] = [];
  for (const command of commands) {
    const output = command.output === '' ? [] : command.output.split('\n');
    // Prose around output: the lines before the first output line and after the last one.
    let from = 0;
    while (from < output.length && isProse(output[from]!)) from++;
    let to = output.length;
    while (to > from && isProse(output[to - 1]!)) to--;
    to = beforeTrailingSentences(output, from, to);
    blocks.push({
      command: command.command, output: output.slice(from, to).join('\n'), line: offset + command.line + 1,
      caption: proseText(caption), lead: proseText(output.slice(0, from)),
    });
    caption = output.slice(to);
  }
  return { blocks, trailer: proseText(caption), promptCount: commands.length, ...(title ? { title } : {}) };
}

/**
 * An English caption scraped after the output, set off by a blank line ("Create a config map with a
 * heredoc."), belongs to the next command: a paragraph at the end whose every line reads as a
 * sentence (a capital, three words or more, closing punctuation) is cut off. Output with no blank
 * line before its last lines (the output a command printed right below it) is never cut.
 */
function beforeTrailingSentences(output: string[], from: number, to: number): number {
  while (to > from) {
    let blank = to - 1;
    while (blank >= 0 && output[blank]!.trim() !== '') blank--;
    if (blank < 0) return to;
    if (!output.slice(Math.max(blank + 1, from), to).every((line) => SENTENCE.test(line.trim()))) return to;
    to = Math.max(blank, from);
    while (to > from && output[to - 1]!.trim() === '') to--;
  }
  return to;
}

const SENTENCE = /^[A-Z][a-z']*(?:[ ,][^\s|{}<>=]+){2,}[.?!:]$/;

function isProse(line: string): boolean {
  // A lone `#` is an empty comment the post left between commands, not output.
  return line.trim() === '' || /^#\s*$/.test(line) || PROSE_LINE.test(line);
}

/** Scraped lines are paragraphs each; a `# 확인` caption is a comment in words, not a heading. */
function proseText(lines: string[]): string {
  return trimBlank(lines)
    .map((line) => line.trim().replace(/^#+(?:\s+|$)/, ''))
    .filter((line) => line.trim() !== '')
    .join('\n\n');
}

function trimBlank(lines: string[]): string[] {
  let from = 0;
  let to = lines.length;
  while (from < to && lines[from]!.trim() === '') from++;
  while (to > from && lines[to - 1]!.trim() === '') to--;
  return lines.slice(from, to);
}
