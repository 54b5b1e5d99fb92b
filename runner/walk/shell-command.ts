// `lab shell LAB [--live]`: the walk's Terminal from saved progress, for when the walk is not
// running. Only progress of the same mode is read (practice values never reach a live shell);
// on exit, what the learner changed is written back, atomically, so `lab walk LAB` resumes with it.
// Errors (no such lab, no progress) are thrown for the CLI to print once.
import path from 'node:path';
import type { Readable } from 'node:stream';
import { LabError } from '../errors/index.js';
import type { Profile } from '../model/lab.js';
import { loadProjectLabs } from '../project/load.js';
import { formatDiagnostic } from '../lab/diagnostic-text.js';
import { bannerText, handOverTerminal } from './attached-shell.js';
import { resumeCommand } from './command.js';
import { attachedShellSeed, loadProgress, progressKey, recordAttachedShell, resumeIndex, saveProgress, type WalkMode } from './state.js';
import { Terminal, type WalkOutput } from './terminal.js';

export interface ShellCommandOptions {
  path: string;
  live: boolean;
  profile?: Profile;
  cwd: string;
  stdin: Readable & { isTTY?: boolean };
  stdout: WalkOutput;
  stderr?: WalkOutput;
  noColor?: boolean;
  env?: NodeJS.ProcessEnv;
}

export async function shellCommand(options: ShellCommandOptions): Promise<number> {
  const stderr = options.stderr ?? process.stderr;
  const env = options.env ?? process.env;
  const mode: WalkMode = options.live ? 'live' : 'replay';
  let session: import('../shell/session.js').ShellSession | undefined;
  try {
    const { labs } = await loadProjectLabs([options.path], { profile: options.profile, cwd: options.cwd });
    if (labs.length !== 1) throw new LabError('BAD_INPUT', `lab shell takes one lab; ${options.path} holds ${labs.length}`, { hint: 'name a single lab file or id' });
    const { lab, diagnostics } = labs[0]!;
    const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    if (errors.length > 0) {
      for (const diagnostic of errors) stderr.write(`${formatDiagnostic(diagnostic)}\n`);
      stderr.write('fix these errors first (`lab lint` shows them all)\n');
      return 2;
    }
    const progress = await loadProgress(progressKey(lab, mode), env);
    if (!progress) {
      const other = await loadProgress(progressKey(lab, mode === 'live' ? 'replay' : 'live'), env);
      const kind = mode === 'live' ? 'live' : 'practice';
      throw new LabError('BAD_INPUT', `no saved ${kind} walk of ${lab.meta.id} to open a shell from`, {
        hint: `start one with \`${resumeCommand(lab, mode, options.cwd)}\` (its [t] Terminal key opens this shell during the walk)${other ? `; your ${kind === 'live' ? 'practice' : 'live'} progress stays apart: \`${resumeCommand(lab, other.mode, options.cwd, 'shell')}\`` : ''}`,
        position: { file: lab.displayPath, line: 1, column: 1 },
      });
    }
    if (!options.stdin.isTTY) {
      stderr.write('lab shell is interactive and needs a terminal (stdin is not a TTY).\n');
      return 2;
    }
    const terminal = new Terminal(options.stdout, { noColor: options.noColor, env });
    const seed = attachedShellSeed(lab, progress);
    const [{ ShellSession }, { existingDirectory }] = await Promise.all([import('../shell/session.js'), import('../shell/spawn.js')]);
    session = await ShellSession.start({ cwd: (seed.cwd && existingDirectory(seed.cwd)) || path.dirname(lab.file), env: { ...env } });
    session.setVariables(seed.variables, { export: true });
    // What an earlier Terminal or `lab shell` defined: back for this shell (the walk's steps never get them).
    session.addDefinitions(Object.values(progress.terminal?.functions ?? {}).join(''), Object.values(progress.terminal?.aliases ?? {}).join(''));
    const next = resumeIndex(lab, progress);
    const where = next >= lab.steps.length ? 'after its last step' : `before step ${next + 1}/${lab.steps.length} (${lab.steps[next]!.id})`;
    terminal.line(terminal.style.bold(terminal.rule(`Shell · ${lab.meta.id} · ${mode === 'live' ? 'live' : 'practice'}`)));
    terminal.line(`Your saved walk, ${where}.`);
    const unsaved = lab.meta.vars.filter((spec) => spec.secret && env[spec.name] === undefined).map((spec) => spec.name);
    if (unsaved.length > 0) terminal.line(terminal.style.dim(`Secrets are never saved with progress: ${unsaved.join(', ')} ${unsaved.length === 1 ? 'is' : 'are'} not set here.`));
    terminal.line(bannerText(terminal, lab, mode === 'replay', 'progress'));
    const shell = session;
    const attachment = await handOverTerminal(options.stdin, () => shell.attach());
    recordAttachedShell(lab, progress, { changed: attachment.variables, unset: attachment.unset, values: session.variables(), cwd: session.cwd, definitions: attachment.definitionChanges });
    await saveProgress(progress, env);
    terminal.line();
    terminal.line(terminal.style.dim(attachment.adopted
      ? `Saved. \`${resumeCommand(lab, mode, options.cwd)}\` resumes with what you changed (variables and the directory; functions and aliases come back in the next \`lab shell\`).`
      : `${attachment.refused ? `Nothing was taken from the shell: ${attachment.refused}` : `The shell left no state (${attachment.signal ? `killed by ${attachment.signal}` : 'replaced with `exec`'})`}; the saved walk is as it was.`));
    return attachment.exitCode ?? 1;
  } finally {
    await session?.close();
  }
}
