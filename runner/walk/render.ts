// Markdown prose and non-runnable code blocks rendered for the terminal with marked-terminal,
// loaded lazily. Our setup fixes its raw `**`/backticks inside list items (marked-terminal #304/#371)
// and wraps everything at the terminal's width.
import { readMdx, type MdxOptions, type MdxPart } from '../text/mdx.js';
import { stripAnsi, visibleLength } from './terminal.js';
import { wrapText } from './wrap.js';

export interface MarkdownRenderer {
  /** A piece of Markdown prose (headings, lists, tables, quotes, inline code, links). */
  prose(markdown: string): string;
  /** A shown-not-run block (yaml, hcl, json, text), highlighted when colour is on. */
  code(language: string, text: string): string;
}

export interface RenderOptions {
  width: number;
  color: boolean;
  /** How MDX in the prose is read: `::yaml` files and `VAR::NAME` values (runner/text/mdx.ts). */
  mdx?: () => MdxOptions;
}

interface InlineToken {
  type: string;
  tokens?: unknown[];
}

/**
 * Our own colours for highlighted blocks: cli-highlight's bundled chalk decides its colour level on
 * its own (and often decides "none"), while these always follow the walk's colour decision.
 */
function highlightTheme(): Record<string, (text: string) => string> {
  const paint = (open: number) => (text: string) => `\x1b[${open}m${text}\x1b[39m`;
  const [cyan, green, yellow, magenta, grey] = [paint(36), paint(32), paint(33), paint(35), paint(90)];
  return {
    keyword: cyan, built_in: cyan, type: cyan, literal: magenta, number: yellow, string: green, attr: cyan, attribute: cyan,
    symbol: magenta, bullet: yellow, comment: grey, meta: grey, variable: yellow, 'template-variable': yellow, section: cyan,
    name: cyan, tag: grey, title: cyan, params: (text) => text,
  };
}

/** A heading's lines, wrapped at the width, with a rule under them as wide as the widest. */
const underlined = (rule: string, width: number) => (text: string) => {
  const lines = wrapText(text, width).split('\n');
  return `${lines.join('\n')}\n${rule.repeat(Math.max(...lines.map(visibleLength)))}`;
};

/**
 * Without colour, bold and colour are gone: a heading would read as a line of prose and inline
 * code as a word. Headings get a rule under them (═ for the first level, ─ below), inline code its
 * backticks, as a reader of Markdown expects.
 */
const plainStyles = (width: number) => ({
  firstHeading: underlined('═', width),
  heading: underlined('─', width),
  codespan: (text: string) => `\`${text}\``,
});

/**
 * A hard line break (two trailing spaces, `<br>`) while a paragraph is joined: marked-terminal's own
 * reflow counts characters, so a Korean paragraph came out up to twice the width; we join the
 * source's soft line ends and wrap in columns (wrap.ts) instead.
 */
const HARD_BREAK = '\u2028';
const joinParagraph = (text: string) => text.replace(/[ \t]*\n[ \t]*/g, ' ').replaceAll(HARD_BREAK, '\n');

export async function createMarkdownRenderer(options: RenderOptions): Promise<MarkdownRenderer> {
  const [{ Marked }, { markedTerminal }] = await Promise.all([import('marked'), import('marked-terminal')]);
  // One marked per width: marked-terminal reflows at the width it was made with, and an
  // admonition's body is narrower than the page.
  const markeds = new Map<number, InstanceType<typeof Marked>>();
  const markedAt = (width: number) => {
    let marked = markeds.get(width);
    if (marked) return marked;
    marked = new Marked();
    marked.use(
      markedTerminal(
        { width, reflowText: false, paragraph: joinParagraph, showSectionPrefix: false, tab: 2, emoji: false, ...(options.color ? {} : plainStyles(width)) },
        { ignoreIllegals: true, theme: highlightTheme() } as object,
      ) as Parameters<typeof marked.use>[0],
    );
    // marked-terminal renders a list item's text token as its raw source, so `**bold**` and
    // `code` reach the learner as typed. A text token that has inline children is parsed here;
    // plain text falls through (returning false) to marked-terminal's own renderer.
    marked.use({
      renderer: {
        br: () => HARD_BREAK,
        // marked-terminal sizes a rule by its reflow width, or else by process.stdout's.
        hr: () => `${'-'.repeat(Math.max(0, width - 1))}\n\n`,
        text(token) {
          const inline = token as InlineToken;
          if (typeof token === 'object' && Array.isArray(inline.tokens) && inline.tokens.length > 0) {
            return this.parser.parseInline(inline.tokens as Parameters<typeof this.parser.parseInline>[0]);
          }
          return false;
        },
      },
    });
    markeds.set(width, marked);
    return marked;
  };
  const marked = markedAt(options.width);

  const finish = (rendered: string, width = options.width) => {
    const text = (options.color ? rendered : stripAnsi(rendered)).replaceAll(HARD_BREAK, '\n');
    return wrapText(text.replace(/\s+$/, ''), width);
  };
  const markdownAt = (markdown: string, width: number) => finish(markedAt(width).parse(markdown, { async: false }) as string, width);
  const parts = (list: MdxPart[], width: number): string =>
    list.map((part) => (part.kind === 'markdown' ? markdownAt(part.text, width) : admonitionBox(part, width, (body, inner) => parts(body, inner)))).join('\n\n');
  return {
    prose: (markdown) => parts(readMdx(markdown, options.mdx?.() ?? {}), options.width),
    code: (language, text) => {
      const fence = '`'.repeat(Math.max(3, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length + 1)));
      return finish(marked.parse(`${fence}${language}\n${text}\n${fence}\n`, { async: false }) as string);
    },
  };
}

/** An admonition (`:::tip Title`) as a box: its type and title on the top edge, the body inside. */
function admonitionBox(part: Extract<MdxPart, { kind: 'admonition' }>, width: number, render: (body: MdxPart[], width: number) => string): string {
  const inner = Math.max(20, width - 4);
  const body = render(part.body, inner).split('\n');
  const visible = visibleLength;
  const boxWidth = Math.min(width, Math.max(inner, ...body.map(visible)) + 4);
  const label = ` ${part.type}${part.title ? `: ${part.title}` : ''} `;
  const top = `╭─${label}${'─'.repeat(Math.max(0, boxWidth - 3 - visible(label)))}╮`;
  const lines = body.map((line) => `│ ${line}${' '.repeat(Math.max(0, boxWidth - 4 - visible(line)))} │`);
  return [top, ...lines, `╰${'─'.repeat(boxWidth - 2)}╯`].join('\n');
}
