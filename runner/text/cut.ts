// Where a string may be cut without parting a UTF-16 surrogate pair (an emoji, a CJK extension
// character): the fixture's output cap and the live display cap cut at character counts.

/** `at`, or one less where `at` would part a surrogate pair. */
export function wholeCharactersAt(text: string, at: number): number {
  const code = text.charCodeAt(at - 1);
  return at > 0 && code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}
