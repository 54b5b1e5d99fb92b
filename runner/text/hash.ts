// Remembered facts about texts (a replay keeps them in the content cache's memos: regex verdicts,
// passed expectations, texts redaction leaves unchanged), and the hash that keys them: base64
// sha1, in one call where Node has one (`crypto.hash`, 20.12 on); a Hash object per text cost
// more than many of the lookups it keys save.
import crypto from 'node:crypto';

/** Yes/no facts by key (a hash of what they are about); a persistent memo is one. */
export interface RememberedFacts {
  get(key: string): boolean | undefined;
  set(key: string, fact: boolean): void;
}

export function textHash(text: string): string {
  return typeof crypto.hash === 'function' ? crypto.hash('sha1', text, 'base64') : crypto.createHash('sha1').update(text).digest('base64');
}
