// ```console transcripts: `$ command` lines (with `\` or `> ` continuations) followed by their
// output become one step each, with the output as a literal `lines` expectation.
import type { Expectation } from '../expect/index.js';
import type { SourcePosition } from '../model/lab.js';

export interface ConsoleCommand {
  command: string;
  position: SourcePosition;
  expectation?: Expectation;
}

export function splitConsoleTranscript(text: string, firstLine: number, file: string): ConsoleCommand[] {
  const commands: ConsoleCommand[] = [];
  const lines = text.split('\n');
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    if (!/^\$ ?/.test(line)) {
      index++; // text before the first prompt is not part of any command
      continue;
    }
    const position = { file, line: firstLine + index, column: 1 };
    const commandLines = [line.replace(/^\$ ?/, '')];
    index++;
    while (index < lines.length && (commandLines[commandLines.length - 1]!.endsWith('\\') || /^> /.test(lines[index]!))) {
      commandLines.push(lines[index]!.replace(/^> /, ''));
      index++;
    }
    const outputStart = index;
    while (index < lines.length && !/^\$ ?/.test(lines[index]!)) index++;
    const output = lines.slice(outputStart, index).join('\n').replace(/\n+$/, '');
    commands.push({
      command: commandLines.join('\n'),
      position,
      expectation: output.trim()
        ? { mode: 'lines', stream: 'stdout', text: output, position: { file, line: firstLine + outputStart, column: 1 }, bodyLine: firstLine + outputStart }
        : undefined,
    });
  }
  return commands;
}
