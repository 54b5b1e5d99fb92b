// A text's hash for keys of remembered facts (content cache memos): base64 sha1, in one call
// where Node has one (`crypto.hash`, 20.12 on); a Hash object per text cost more than many of
// the lookups it keys save.
import crypto from 'node:crypto';

export function textHash(text: string): string {
  return typeof crypto.hash === 'function' ? crypto.hash('sha1', text, 'base64') : crypto.createHash('sha1').update(text).digest('base64');
}
