// Static checks of an expectation for `lab lint`: a regex that does not compile or a JSON body
// that does not parse is a bug in the lab, found before anything runs.
import type { Expectation } from '../lab/model.js';
import { replacePlaceholders } from './interpolate.js';
import { compileRegex } from './match-regex.js';
import { parseJsonBody } from './match-json.js';
import { normalizeOutput } from './normalize.js';

/** A problem message, or undefined when the expectation is well formed. */
export function validateExpectation(expectation: Expectation): string | undefined {
  const body = normalizeOutput(expectation.text);
  if (body.trim() === '' && expectation.exit !== undefined) return undefined;
  // Variables are unknown at lint time; a plain stand-in keeps both regex and JSON valid
  // whether the placeholder sits inside a string or stands for a number.
  const withStandIns = replacePlaceholders(body, '0');
  if (expectation.mode === 'regex') {
    const pattern = compileRegex(withStandIns);
    return typeof pattern === 'string' ? `invalid regex: ${pattern}` : undefined;
  }
  if (expectation.mode === 'json') {
    if (withStandIns.trim() === '') return 'empty JSON expectation: give the expected JSON value (or an exit= code)';
    const parsed = parseJsonBody(withStandIns);
    return 'problem' in parsed ? `invalid JSON: ${parsed.problem}` : undefined;
  }
  return undefined;
}
