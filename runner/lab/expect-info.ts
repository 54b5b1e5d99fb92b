// Reads an ```expect fence's info string: a mode, a stream and/or `exit=N`.
import type { Diagnostic, ExitSpec, ExpectMode, ExpectStream, SourcePosition } from './model.js';
import type { InfoWord } from './info-string.js';
import { parseExitSpec } from './step-attributes.js';
import { didYouMean } from './suggest.js';

const MODES: ExpectMode[] = ['lines', 'exact', 'regex', 'contains', 'not-contains', 'json'];
const STREAMS: ExpectStream[] = ['stdout', 'stderr', 'both'];

export function readExpectInfo(
  words: InfoWord[],
  positionOf: (word: InfoWord) => SourcePosition,
): { mode: ExpectMode; stream: ExpectStream; exit?: ExitSpec; diagnostics: Diagnostic[] } {
  let mode: ExpectMode = 'lines';
  let stream: ExpectStream = 'stdout';
  let exit: ExitSpec | undefined;
  const diagnostics: Diagnostic[] = [];
  for (const word of words) {
    const position = positionOf(word);
    if (word.name === 'exit') {
      const parsed = word.value === true ? undefined : parseExitSpec(word.value);
      if (parsed === undefined) diagnostics.push({ severity: 'error', rule: 'bad-number', position, message: `bad exit code in \`expect\`: write exit=N (0-255) or exit=any` });
      else exit = parsed;
    } else if (word.value === true && (MODES as string[]).includes(word.name)) {
      mode = word.name as ExpectMode;
    } else if (word.value === true && (STREAMS as string[]).includes(word.name)) {
      stream = word.name as ExpectStream;
    } else {
      const suggestion = didYouMean(word.name, [...MODES, ...STREAMS, 'exit']);
      diagnostics.push({
        severity: 'error', rule: 'unknown-attribute', position,
        message: `unknown word \`${word.name}\` in \`expect\`${suggestion}: a mode (${MODES.join(', ')}), a stream (${STREAMS.join(', ')}) or exit=N`,
      });
    }
  }
  return { mode, stream, exit, diagnostics };
}
