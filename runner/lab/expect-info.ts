// Reads an ```expect fence's info string: a mode, a stream and/or `exit=N`.
import { EXPECT_MODE_NAMES, isExpectMode, type ExitSpec, type ExpectMode, type ExpectStream } from '../expect/index.js';
import type { Diagnostic, SourcePosition } from '../model/lab.js';
import type { InfoWord } from './info-string.js';
import { parseExitSpec } from './step-attributes.js';
import { didYouMean } from '../text/suggest.js';

const STREAMS: ExpectStream[] = ['stdout', 'stderr', 'both'];

export function readExpectInfo(
  words: InfoWord[],
  positionOf: (word: InfoWord) => SourcePosition,
): { mode: ExpectMode; stream: ExpectStream; exit?: ExitSpec; diagnostics: Diagnostic[] } {
  let mode: ExpectMode = EXPECT_MODE_NAMES[0]!;
  let stream: ExpectStream = 'stdout';
  let exit: ExitSpec | undefined;
  const diagnostics: Diagnostic[] = [];
  for (const word of words) {
    const position = positionOf(word);
    if (word.name === 'exit') {
      const parsed = word.value === true ? undefined : parseExitSpec(word.value);
      if (parsed === undefined) diagnostics.push({ severity: 'error', rule: 'bad-number', position, message: `bad exit code in \`expect\`: write exit=N (0-255) or exit=any` });
      else exit = parsed;
    } else if (word.value === true && isExpectMode(word.name)) {
      mode = word.name;
    } else if (word.value === true && (STREAMS as string[]).includes(word.name)) {
      stream = word.name as ExpectStream;
    } else {
      const suggestion = didYouMean(word.name, [...EXPECT_MODE_NAMES, ...STREAMS, 'exit']);
      diagnostics.push({
        severity: 'error', rule: 'unknown-attribute', position,
        message: `unknown word \`${word.name}\` in \`expect\`${suggestion}: a mode (${EXPECT_MODE_NAMES.join(', ')}), a stream (${STREAMS.join(', ')}) or exit=N`,
      });
    }
  }
  return { mode, stream, exit, diagnostics };
}
