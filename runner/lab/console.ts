// ```console transcripts: each prompted command (`$ cmd`, root's `# cmd`, with `\` continuations,
// `> ` continuation prompts and heredocs) becomes a step, and what it printed its literal `lines`
// expectation.
import type { Expectation } from '../expect/index.js';
import type { SourcePosition } from '../model/lab.js';
import { splitTranscript } from './transcript.js';

export interface ConsoleCommand {
  command: string;
  position: SourcePosition;
  expectation?: Expectation;
  /** What the transcript shows it printed (the fixture's transcribed attempt). */
  output: string;
}

export function splitConsoleTranscript(text: string, firstLine: number, file: string): ConsoleCommand[] {
  return splitTranscript(text, { prompts: ['$', '#'], rootPromptOnlyForCommands: true }).map((entry) => {
    const bodyLine = firstLine + entry.outputLine;
    return {
      command: entry.command,
      position: { file, line: firstLine + entry.line, column: 1 },
      output: entry.output,
      expectation: entry.output.trim()
        ? { mode: 'lines', stream: 'stdout', text: entry.output, position: { file, line: bodyLine, column: 1 }, bodyLine }
        : undefined,
    };
  });
}
