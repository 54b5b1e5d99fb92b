// ANSI escape codes: removed when colour is off, and never counted as width.

const ANSI_PATTERN = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI_PATTERN, '');
}

/** Visible width of a string: ANSI codes take no room. */
export function visibleLength(text: string): number {
  return stripAnsi(text).length;
}
