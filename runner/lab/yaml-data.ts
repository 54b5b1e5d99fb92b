// YAML a person wrote (frontmatter, fixtures) -> plain data, never throwing and never printing:
// the yaml library throws on alias bombs (`&a [*b, *b, ...]`) and prints a process warning on
// stderr for keys that are lists or maps; both become a problem with an offset, reported like any other.
import { createRequire } from 'node:module';
import type { Document, DocumentOptions, LineCounter, ParseOptions, SchemaOptions } from 'yaml';

export type YamlLibrary = typeof import('yaml');
let yamlModule: YamlLibrary | undefined;

/**
 * The yaml library, loaded on first use: a replay, list or lint served by the content cache
 * parses no YAML, and the library is a third of the bundle's start-up code. In the bundle
 * `require` is esbuild's (the literal below is bundled, and evaluated on this first call); the
 * unbundled build (dist/, tsc) has none and takes it from node_modules.
 */
export function yamlLibrary(): YamlLibrary {
  yamlModule ??= (typeof require === 'function' ? require('yaml') : createRequire(import.meta.url)('yaml')) as YamlLibrary;
  return yamlModule;
}

/**
 * parseDocument with the library's own warnings silenced: problems are ours to report. Never
 * throws: the parser itself overflows the stack on brackets nested a few thousand deep (`{{{{...`
 * then `---`), which comes back as a document whose only error says so, at the deepest bracket.
 */
export function parseYaml(text: string, lineCounter: LineCounter, options: ParseOptions & DocumentOptions & SchemaOptions = {}): Document.Parsed {
  const { parseDocument, YAMLParseError } = yamlLibrary();
  const settings = { uniqueKeys: true, logLevel: 'silent', prettyErrors: false, ...options } as const;
  // The library makes an Error per problem, and a broken file has many (a line of 150,000 `]` is
  // 150,000 errors, of which only the first is reported): without stack traces they cost 2-4x less.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return parseDocument(text, { ...settings, lineCounter });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const document = parseDocument('', settings);
    const offset = deepestBracket(text);
    document.errors.push(new YAMLParseError([offset, offset + 1], 'UNEXPECTED_TOKEN', 'Maximum call stack size exceeded'));
    // The failed parse counted only some lines: count them all again for positions.
    lineCounter.lineStarts.length = 0;
    lineCounter.addNewLine(0);
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lineCounter.addNewLine(at + 1);
    return document;
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/** Offset of the most deeply nested `[` or `{` (quotes are not understood: good enough to point at). */
function deepestBracket(text: string): number {
  let depth = 0;
  let deepest = 0;
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '[' || char === '{') {
      if (++depth > deepest) {
        deepest = depth;
        at = i;
      }
    } else if ((char === ']' || char === '}') && depth > 0) depth--;
  }
  return at;
}

/**
 * The first syntax error, in words, with its offset. Only the first: after one, the parser's
 * further errors are mostly echoes of it (a line of 800 `{` gave 800 identical errors).
 */
export function yamlSyntaxProblem(document: Document.Parsed): { problem: string; offset: number } | undefined {
  const error = document.errors[0];
  if (!error) return undefined;
  const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  const problem = /call stack/i.test(message) ? 'it nests too deeply (brackets or indentation inside each other)' : message;
  return { problem, offset: error.pos[0] };
}

export type YamlData = { data: unknown } | { problem: string; offset: number };

/** The document's data, or the first problem no schema could describe, with its offset. */
export function yamlData(document: Document.Parsed): YamlData {
  const { isAlias, isCollection, isPair, visit } = yamlLibrary();
  let keyProblem: { problem: string; offset: number } | undefined;
  let firstAlias: number | undefined;
  visit(document, {
    Pair(_key, pair) {
      if (!keyProblem && isPair(pair) && isCollection(pair.key)) {
        keyProblem = { problem: 'a key is a list or a map: write a plain name before the `:`', offset: pair.key.range?.[0] ?? 0 };
      }
    },
    Alias(_key, node) {
      if (firstAlias === undefined && isAlias(node)) firstAlias = node.range?.[0];
    },
  });
  if (keyProblem) return keyProblem;
  try {
    return { data: document.toJS({ maxAliasCount: 100 }) };
  } catch (error) {
    const message = (error as Error).message;
    const reason = /alias count/i.test(message)
      ? 'aliases (`*name`) expand to too much data: write the values out instead'
      : error instanceof RangeError ? 'it nests too deeply (brackets or indentation inside each other)' : `it cannot be read: ${message}`;
    return { problem: reason, offset: firstAlias ?? 0 };
  }
}
