// Reading a lab file from disk: refuses what is not Markdown text (binary, not UTF-8) with a
// diagnostic at the first offending byte instead of a crash, derives the default id from the path, then parses.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LabError } from '../errors/index.js';
import { cachedDerivation } from '../fs/content-cache.js';
import type { Diagnostic, Lab, ParseResult, Profile } from '../model/lab.js';
import { escapeControls } from '../expect/normalize.js';
import { textProblem, type TextProblem } from './text-file.js';
import { projectPathDiagnostics } from './project-paths.js';
import { hashStepInputs } from './step-inputs.js';

export function displayPathFor(file: string, cwd = process.cwd()): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/** `X/labs/week1/a.md` -> `week1/a`; a file outside any labs/ folder -> its base name. */
export function defaultLabId(file: string): string {
  const parts = path.resolve(file).split(path.sep);
  const labsIndex = parts.lastIndexOf('labs');
  const tail = labsIndex >= 0 && labsIndex < parts.length - 1 ? parts.slice(labsIndex + 1) : [parts[parts.length - 1]!];
  return tail.join('/').replace(/\.mdx?$/i, '');
}

export interface LoadOptions {
  /** How the lab is read (see ParseOptions.profile). */
  profile?: Profile;
}

export async function loadLab(file: string, cwd = process.cwd(), options: LoadOptions = {}): Promise<ParseResult> {
  const absolute = path.resolve(cwd, file);
  const displayPath = displayPathFor(absolute, cwd);
  let bytes: Buffer;
  try {
    bytes = readFileSync(absolute); // a lab is small: one read call, no file handle and event-loop turns
  } catch (error) {
    throw new LabError('BAD_INPUT', `cannot read ${displayPath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
      hint: 'check the path, or run `lab list` to see the labs',
    });
  }
  const parseOptions = { displayPath, defaultId: defaultLabId(absolute), profile: options.profile };
  // What follows the parse reads other files (the project root, inputs=): it is never cached.
  // The parser (marked, and yaml and zod for a frontmatter) is loaded only on a miss: a cached
  // list, lint or replay neither reads nor compiles it, nor checks again that the bytes are text.
  const text = bytes.toString('utf8');
  const parsed = await cachedDerivation('lab', [absolute, displayPath, parseOptions.defaultId, options.profile ?? 'native'], bytes, async () => {
    const problem = textProblem(bytes);
    if (problem) return notText(absolute, displayPath, problem);
    return (await import('./parse.js')).parseLab(text, absolute, parseOptions);
  });
  if (parsed.diagnostics.some((d) => d.rule === 'not-text')) return parsed;
  // A lab whose own text is broken is fixed first; paths are judged on a lab that parsed.
  if (!parsed.diagnostics.some((d) => d.severity === 'error')) parsed.diagnostics.push(...projectPathDiagnostics(parsed.lab));
  parsed.diagnostics.push(...controlCharacterDiagnostics(text, displayPath));
  hashStepInputs(parsed.lab);
  // What list, the reporters and the walk print as is: never a character that drives the terminal.
  parsed.lab.meta.title = escapeControls(parsed.lab.meta.title);
  for (const section of parsed.lab.sections) section.title = escapeControls(section.title);
  return parsed;
}

/** What a file that is no text reads as: an empty lab, and where its bytes stop being text. */
function notText(file: string, displayPath: string, problem: TextProblem): ParseResult {
  const lab: Lab = {
    file, displayPath, sections: [], steps: [], sourceHash: '',
    meta: { id: defaultLabId(file), title: defaultLabId(file), requires: [], vars: [], sshOptions: {}, redact: [], aws: false },
  };
  const message = problem.kind === 'binary' ? 'this is a binary file (a NUL byte here), not a Markdown lab' : 'this file is not UTF-8 text (from here on): save it as UTF-8';
  return { lab, diagnostics: [{ severity: 'error', rule: 'not-text', position: { file: displayPath, line: problem.line, column: problem.column }, message }] };
}

/** Tab, CR and LF are text; every other control character (ESC, BEL, C1...) is refused where it stands. */
const CONTROL = /[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const MAX_CONTROL_DIAGNOSTICS = 5;

function controlCharacterDiagnostics(text: string, file: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const match of text.matchAll(CONTROL)) {
    const before = text.slice(0, match.index);
    const line = before.split('\n').length;
    const column = match.index - before.lastIndexOf('\n');
    const code = `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    diagnostics.push({
      severity: 'error', rule: 'control-character', position: { file, line, column },
      message: `a control character (${code}) in the lab: remove it (a lab is text, and such a character could drive the terminal of whoever reads or runs it)`,
    });
    if (diagnostics.length === MAX_CONTROL_DIAGNOSTICS) break;
  }
  return diagnostics;
}
