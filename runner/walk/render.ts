// Markdown prose and non-runnable code blocks rendered for the terminal with marked-terminal,
// loaded lazily. Our setup fixes its raw `**`/backticks inside list items (marked-terminal #304/#371)
// and wraps everything at the terminal's width.
import { stripAnsi } from './terminal.js';
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

export async function createMarkdownRenderer(options: RenderOptions): Promise<MarkdownRenderer> {
  const [{ Marked }, { markedTerminal }] = await Promise.all([import('marked'), import('marked-terminal')]);
  const marked = new Marked();
  marked.use(
    markedTerminal(
      { width: options.width, reflowText: true, showSectionPrefix: false, tab: 2, emoji: false },
      { ignoreIllegals: true, theme: highlightTheme() } as object,
    ) as Parameters<typeof marked.use>[0],
  );
  // marked-terminal renders a list item's text token as its raw source, so `**bold**` and
  // `code` reach the learner as typed. A text token that has inline children is parsed here;
  // plain text falls through (returning false) to marked-terminal's own renderer.
  marked.use({
    renderer: {
      text(token) {
        const inline = token as InlineToken;
        if (typeof token === 'object' && Array.isArray(inline.tokens) && inline.tokens.length > 0) {
          return this.parser.parseInline(inline.tokens as Parameters<typeof this.parser.parseInline>[0]);
        }
        return false;
      },
    },
  });

  const finish = (rendered: string) => {
    const text = options.color ? rendered : stripAnsi(rendered);
    return wrapText(text.replace(/\s+$/, ''), options.width);
  };
  return {
    prose: (markdown) => finish(marked.parse(markdown, { async: false }) as string),
    code: (language, text) => {
      const fence = '`'.repeat(Math.max(3, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length + 1)));
      return finish(marked.parse(`${fence}${language}\n${text}\n${fence}\n`, { async: false }) as string);
    },
  };
}
