// Is a file text? Labs and fixtures must be UTF-8 without NUL bytes. When one is not, the
// problem is placed at the first offending byte (line and column), so the file can be fixed.

export interface TextProblem {
  kind: 'binary' | 'not-utf8';
  /** 1-based line and column (in characters) of the first offending byte. */
  line: number;
  column: number;
}

/** Undefined for UTF-8 text without NUL bytes; otherwise where it first stops being text. */
export function textProblem(bytes: Uint8Array): TextProblem | undefined {
  const nul = bytes.indexOf(0);
  const invalid = firstInvalidUtf8(bytes);
  if (nul === -1 && invalid === undefined) return undefined;
  const offset = Math.min(nul === -1 ? Infinity : nul, invalid ?? Infinity);
  return { kind: offset === nul ? 'binary' : 'not-utf8', ...lineAndColumn(bytes, offset) };
}

/** Byte offset where UTF-8 decoding first fails (a sequence cut off at the end counts). */
function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  if (decodes(bytes, false)) return undefined;
  // The shortest prefix that fails in streaming mode ends at the bad byte; none fails => cut off at the end.
  let low = 0;
  let high = bytes.length;
  if (decodes(bytes, true)) {
    let start = bytes.length;
    while (start > 0 && (bytes[start - 1]! & 0xc0) === 0x80) start--;
    return Math.max(0, start - 1);
  }
  while (low < high) {
    const mid = (low + high) >> 1;
    if (decodes(bytes.subarray(0, mid + 1), true)) low = mid + 1;
    else high = mid;
  }
  return low;
}

function decodes(bytes: Uint8Array, stream: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream });
    return true;
  } catch {
    return false;
  }
}

function lineAndColumn(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = bytes.indexOf(10); i !== -1 && i < offset; i = bytes.indexOf(10, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  const before = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, offset));
  return { line, column: [...before].length + 1 };
}
