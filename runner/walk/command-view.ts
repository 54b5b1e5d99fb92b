// A step's command as the lab wrote it, so it can be copied: each line cut at the width with a
// continuation marker (never reflowed, never a placeholder in place of a value), the variables it
// uses listed below with their values (secrets masked), and a copy key: OSC 52 where the terminal
// takes it, else a temp file. What is copied keeps a secret as `$NAME`, so no secret reaches the
// clipboard or the disk.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Lab, Step } from '../model/lab.js';
import { findVariableUses } from '../lab/shell-variables.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { displayRedactor } from '../redact/display.js';
import { storableText } from './state.js';
import type { Terminal } from './terminal.js';
import { splitAtColumns, visibleLength } from './ansi.js';
import { shorten } from './step-view.js';

/** Marks a line cut at the width: the next screen line continues it (it is not a new line). */
export const CONTINUED = '↩';

/** One line cut into pieces of the room left after the prompt; every piece but the last ends with the marker. */
export function cutLine(line: string, room: number): string[] {
  const width = Math.max(8, room - 2); // the marker and a space
  if (visibleLength(line) <= room) return [line];
  const pieces: string[] = [];
  // In columns: `echo "노드 확인"` has two per syllable.
  for (let rest = line; rest.length > 0; ) {
    const [piece, after] = splitAtColumns(rest, width);
    pieces.push(piece);
    rest = after;
  }
  return pieces;
}

interface ShownVariable {
  name: string;
  value: string;
  secret: boolean;
}

/** The variables a command uses that have a value now, in order of first use. */
export function commandVariables(lab: Lab, command: string, values: Record<string, string>): ShownVariable[] {
  const secretNames = new Set(lab.meta.vars.filter((spec) => spec.secret).map((spec) => spec.name));
  const seen = new Set<string>();
  const shown: ShownVariable[] = [];
  for (const { name } of findVariableUses(command)) {
    if (seen.has(name) || values[name] === undefined) continue;
    seen.add(name);
    const value = values[name]!;
    shown.push({ name, value, secret: secretNames.has(name) || storableText(lab, values, value) === undefined });
  }
  return shown;
}

export function commandView(terminal: Terminal, lab: Lab, command: string, values: Record<string, string>): string {
  const { style } = terminal;
  const room = terminal.width - 2;
  const lines: string[] = [];
  // A credential written literally in the lab (a pasted key) is masked like any output; the
  // variables stay `$NAME`, their values listed below.
  const redactor = displayRedactor(lab, values);
  for (const [index, line] of redactor.redact(command).split('\n').entries()) {
    const pieces = cutLine(line, room);
    pieces.forEach((piece, at) => {
      const lead = index === 0 && at === 0 ? style.cyan('$') : ' ';
      const more = at < pieces.length - 1 ? ` ${style.dim(CONTINUED)}` : '';
      lines.push(`${lead} ${style.bold(piece)}${more}`);
    });
  }
  const variables = commandVariables(lab, command, values);
  if (variables.length > 0) {
    const wide = Math.max(...variables.map((variable) => variable.name.length));
    for (const variable of variables) {
      const value = variable.secret ? '•••••• (secret, not shown)' : redactor.redact(variable.value);
      const text = `    ${variable.name.padEnd(wide)} = ${value}`;
      lines.push(style.dim(shorten(text, terminal.width)));
    }
  }
  return lines.join('\n');
}

/** The runnable text: variables with a value put in, a secret left as `$NAME` (set it in your shell). */
export function copyText(lab: Lab, command: string, values: Record<string, string>): string {
  const shown = new Map(commandVariables(lab, command, values).map((variable) => [variable.name, variable]));
  // What is copied may land in a file: a literal credential is masked there too.
  return displayRedactor(lab, values).redact(command).replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (whole, braced?: string, bare?: string) => {
    const variable = shown.get((braced ?? bare)!);
    return !variable || variable.secret ? whole : variable.value;
  });
}

/** OSC 52 unless told otherwise (LAB_CLIPBOARD=file) or the terminal cannot take it. */
function osc52Supported(env: NodeJS.ProcessEnv): boolean {
  if (env.LAB_CLIPBOARD === 'file') return false;
  if (env.LAB_CLIPBOARD === 'osc52') return true;
  const term = env.TERM ?? '';
  return term !== '' && term !== 'dumb' && term !== 'linux';
}

/** Puts `text` on the clipboard; returns what to tell the learner. */
export async function copyCommand(terminal: Terminal, text: string, env: NodeJS.ProcessEnv): Promise<string> {
  if (osc52Supported(env)) {
    // Written past the colour filter: a clipboard escape is not colour, NO_COLOR keeps it.
    terminal.output.write(`\x1b]52;c;${Buffer.from(text).toString('base64')}\x07`);
    return 'Copied to the clipboard (OSC 52; a secret stays $NAME: set it in your shell).';
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lab-copy-'));
  const file = path.join(dir, 'command.sh');
  await writeFileAtomic(file, `${text}\n`, { mode: 0o600, what: 'the copied command' });
  return `This terminal takes no clipboard escape: the command is in ${file} (a secret stays $NAME).`;
}
