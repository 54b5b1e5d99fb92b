// YAML a person wrote (frontmatter, fixtures) -> plain data, never throwing and never printing:
// the yaml library throws on alias bombs (`&a [*b, *b, ...]`) and prints a process warning on
// stderr for keys that are lists or maps; both become a problem with an offset, reported like any other.
import { isAlias, isCollection, isPair, parseDocument, visit, type Document, type DocumentOptions, type LineCounter, type ParseOptions, type SchemaOptions } from 'yaml';

/** parseDocument with the library's own warnings silenced: problems are ours to report. */
export function parseYaml(text: string, lineCounter: LineCounter, options: ParseOptions & DocumentOptions & SchemaOptions = {}): Document.Parsed {
  return parseDocument(text, { lineCounter, uniqueKeys: true, logLevel: 'silent', prettyErrors: false, ...options });
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
    const reason = /alias count/i.test((error as Error).message)
      ? 'aliases (`*name`) expand to too much data: write the values out instead'
      : `it cannot be read: ${(error as Error).message}`;
    return { problem: reason, offset: firstAlias ?? 0 };
  }
}
