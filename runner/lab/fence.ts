// A fenced code block's opening line: its indent, its fence (``` or ~~~, three or more), its info
// string split into the language and attribute words, and whether the block is ever closed.
import { splitInfoString, type InfoString } from './info-string.js';

export interface Fence {
  /** Spaces before the fence (0-3). */
  indent: number;
  /** The fence itself, e.g. ```` ``` ```` or `~~~~`. */
  marker: string;
  /** Offset of the info string from the start of the block. */
  infoOffset: number;
  info: InfoString;
  closed: boolean;
}

/** The fence of a code block's raw text; undefined for an indented code block, which has none. */
export function readFence(raw: string): Fence | undefined {
  const newline = raw.indexOf('\n');
  const match = /^( {0,3})(`{3,}|~{3,})(.*)$/.exec(raw.slice(0, newline === -1 ? raw.length : newline));
  if (!match) return undefined;
  const indent = match[1]!.length;
  const marker = match[2]!;
  return { indent, marker, infoOffset: indent + marker.length, info: splitInfoString(match[3]!), closed: isClosed(raw, marker) };
}

function isClosed(raw: string, marker: string): boolean {
  const lines = raw.replace(/\n+$/, '').split('\n');
  if (lines.length < 2) return false;
  const last = lines[lines.length - 1]!.trim();
  return last.length >= marker.length && new RegExp(`^\\${marker[0]}{${marker.length},}$`).test(last);
}
