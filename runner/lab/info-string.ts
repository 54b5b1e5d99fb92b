// Splits a fence's info string (`bash id=x confirm="Changes the cluster"`) into the language
// and key=value words, keeping each word's column for diagnostics.

export interface InfoWord {
  name: string;
  /** `true` for a bare word. */
  value: string | true;
  /** 0-based offset of the word in the info string. */
  offset: number;
}

export interface InfoString {
  language: string;
  languageOffset: number;
  words: InfoWord[];
  problems: Array<{ message: string; offset: number }>;
}

export function splitInfoString(info: string): InfoString {
  const result: InfoString = { language: '', languageOffset: 0, words: [], problems: [] };
  let i = 0;
  const skipSpace = () => {
    while (i < info.length && /\s/.test(info[i]!)) i++;
  };
  skipSpace();
  result.languageOffset = i;
  while (i < info.length && !/\s/.test(info[i]!)) i++;
  result.language = info.slice(result.languageOffset, i);
  // `{.bash id=x}` style braces are common in other tools; accept a surrounding `{ }` pair.
  for (;;) {
    skipSpace();
    if (i >= info.length) break;
    const start = i;
    while (i < info.length && !/[\s=]/.test(info[i]!)) i++;
    const name = info.slice(start, i);
    if (info[i] !== '=') {
      result.words.push({ name, value: true, offset: start });
      continue;
    }
    i++; // '='
    if (info[i] === '"' || info[i] === "'") {
      const quote = info[i]!;
      i++;
      let value = '';
      let closed = false;
      while (i < info.length) {
        const char = info[i]!;
        if (char === '\\' && quote === '"' && i + 1 < info.length) {
          value += info[i + 1];
          i += 2;
          continue;
        }
        if (char === quote) {
          closed = true;
          i++;
          break;
        }
        value += char;
        i++;
      }
      if (!closed) result.problems.push({ message: `unterminated quote in the value of \`${name}\``, offset: start });
      result.words.push({ name, value, offset: start });
    } else {
      const valueStart = i;
      while (i < info.length && !/\s/.test(info[i]!)) i++;
      result.words.push({ name, value: info.slice(valueStart, i), offset: start });
    }
  }
  return result;
}
