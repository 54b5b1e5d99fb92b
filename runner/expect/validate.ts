// Static checks of an expectation for `lab lint`: a regex that does not compile or a JSON body
// that does not parse is a bug in the lab, found before anything runs.
import type { Expectation } from './expectation.js';
import { replacePlaceholders } from './interpolate.js';
import { EXPECT_MODES } from './modes.js';
import { normalizeOutput } from './normalize.js';

/** The problem and the lint rule that reports it, or undefined when the expectation is well formed. */
export async function validateExpectation(expectation: Expectation): Promise<{ message: string; rule: string } | undefined> {
  const body = normalizeOutput(expectation.text);
  if (body.trim() === '' && expectation.exit !== undefined) return undefined;
  const mode = EXPECT_MODES[expectation.mode];
  if (!mode.validate) return undefined;
  // Variables are unknown at lint time; a plain stand-in keeps both regex and JSON valid
  // whether the placeholder sits inside a string or stands for a number.
  const checked = replacePlaceholders(body, '0');
  const message = await mode.validate(checked);
  if (message === undefined) return undefined;
  // The message quotes what was checked (`/^0(/`); the author wrote `{{AWS_DEFAULT_REGION}}`, not 0.
  const asWritten = checked === body ? message : message.split(checked).join(body);
  return { message: asWritten, rule: mode.rule ?? `invalid-${expectation.mode}` };
}
