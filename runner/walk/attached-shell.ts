// The Terminal key: an interactive bash carrying the lab's state, on the walk's own terminal, so
// a task ("in another terminal") can be done right there. Live, it is the lab's session itself
// and the next step sees what the learner changed. Practice runs nothing of the lab: its Terminal
// is a shell of the learner's own answers (never a value replayed from the fixture), kept for
// the whole walk, and what is done there stays there.
import path from 'node:path';
import type { Readable } from 'node:stream';
import { LabError } from '../errors/index.js';
import type { Lab, Step } from '../model/lab.js';
import type { ShellAttachment } from '../step/target.js';
import type { TerminalShell, WalkContext } from './context.js';
import type { Terminal } from './terminal.js';
import type { Choice } from './prompter.js';

/** Practice: a session of the learner's own values, started the first time it is asked for. */
export function practiceShell(lab: Lab, seed: { variables: Record<string, string>; cwd?: string }, env: NodeJS.ProcessEnv): TerminalShell {
  let session: Promise<import('../shell/session.js').ShellSession> | undefined;
  let last: { variables: Record<string, string>; cwd: string } = { variables: { ...seed.variables }, cwd: seed.cwd ?? path.dirname(lab.file) };
  const open = () => (session ??= (async () => {
    // Loaded here: a practice walk that never opens its Terminal starts no process at all.
    const { ShellSession } = await import('../shell/session.js');
    const { existingDirectory } = await import('../shell/spawn.js');
    const started = await ShellSession.start({ cwd: existingDirectory(last.cwd) ?? path.dirname(lab.file), env: { ...env } });
    started.setVariables(seed.variables, { export: true });
    return started;
  })());
  return {
    practice: true,
    async attach() {
      const shell = await open();
      const attachment = await shell.attach();
      last = { variables: shell.variables(), cwd: shell.cwd };
      return attachment;
    },
    variables: () => last.variables,
    workingDirectory: () => last.cwd,
    close: async () => {
      if (session) await (await session).close();
    },
  };
}

/** Live: the lab's own session, through the step runner (its values follow). */
export function liveShell(context: Pick<WalkContext, 'runner'>): TerminalShell {
  const { runner } = context;
  return {
    practice: false,
    async attach() {
      const attachment = await runner.attachShell();
      if (!attachment) throw new Error('a live walk has a shell session');
      return attachment;
    },
    variables: () => runner.variables(),
    workingDirectory: () => runner.workingDirectory() ?? '',
    close: async () => {},
  };
}

/**
 * The terminal belongs to the shell until it exits: no raw mode, no listener of the prompts
 * left on stdin, Node not reading it; all put back afterwards.
 */
export async function handOverTerminal<T>(stdin: Readable & { isTTY?: boolean; isRaw?: boolean; setRawMode?: (raw: boolean) => unknown }, run: () => Promise<T>): Promise<T> {
  const raw = Boolean(stdin.isTTY && stdin.isRaw);
  const listeners = { data: stdin.rawListeners('data'), keypress: stdin.rawListeners('keypress') };
  stdin.removeAllListeners('data');
  stdin.removeAllListeners('keypress');
  if (raw) stdin.setRawMode?.(false);
  stdin.pause();
  let outcome: { signal?: NodeJS.Signals; terminalBack?: boolean } | undefined;
  try {
    const result = await run();
    outcome = result as typeof outcome;
    return result;
  } finally {
    for (const [event, list] of Object.entries(listeners)) for (const listener of list) stdin.on(event, listener as (...args: unknown[]) => void);
    const back = outcome?.terminalBack !== false;
    // A killed bash left the terminal in its line editor's modes (no echo): raw and back puts the
    // modes the walk started with.
    if (back && outcome?.signal && stdin.isTTY) {
      stdin.setRawMode?.(true);
      stdin.setRawMode?.(false);
    }
    if (raw && back) stdin.setRawMode?.(true);
  }
}

/** `[t] Terminal` at a step's or a task's prompt, when the walk has a shell to offer. */
export function terminalChoice<T>(context: WalkContext, value: T): Array<Choice<T>> {
  return context.terminalShell ? [{ value, name: 'Terminal', key: 't' }] : [];
}

/** The Terminal key at a step: banner, the shell, then what the walk took from it. */
export async function openTerminal(context: WalkContext, step: Step): Promise<void> {
  const { terminal, lab } = context;
  const shell = context.terminalShell;
  if (!shell) return;
  terminal.line();
  terminal.line(terminal.style.bold(terminal.rule(terminalTitle(terminal, lab, step))));
  terminal.line(bannerText(terminal, lab, shell.practice));
  const attachment = await handOverTerminal(context.stdin ?? process.stdin, () => shell.attach());
  terminal.line();
  terminal.line(terminal.style.dim(returnText(attachment, shell.practice)));
  await context.onShellDone?.(attachment, shell);
  if (!attachment.terminalBack) throw terminalLost(attachment);
}

/** The shell was killed and no helper could make the runner the terminal's foreground again. */
export function terminalLost(attachment: ShellAttachment): LabError {
  return new LabError('INTERRUPTED', `the Terminal's bash was killed (${attachment.signal ?? 'a signal'}) and lab could not take the terminal back from it`, {
    hint: 'lab needs perl or python3 on PATH for that; your progress is saved: start the walk again to resume',
  });
}

/** `Terminal · step 2/5 · week1/node-ssh`, the lab's id left out where it would not fit on one line. */
export function terminalTitle(terminal: Terminal, lab: Lab, step: Step): string {
  const title = `Terminal · step ${step.index + 1}/${lab.steps.length}`;
  const full = `${title} · ${lab.meta.id}`;
  // The rule around it: `── ` before, at least ` ───` after.
  return full.length + 7 <= terminal.width ? full : title;
}

/** What the shell holds and how to leave it; `from`: opened in a walk, or by `lab shell` from saved progress. */
export function bannerText(terminal: Terminal, lab: Lab, practice: boolean, from: 'walk' | 'progress' = 'walk'): string {
  const back = from === 'walk' ? '`exit` or Ctrl-D brings you back to the walk.' : '`exit` or Ctrl-D saves what you changed for the walk.';
  if (!practice) {
    return from === 'walk'
      ? `The lab's own shell: its variables (secrets too, never shown), functions and directory. The next step sees what you change here. ${back}`
      : `The lab's saved variables and directory; the walk resumes with what you change here. ${back}`;
  }
  const answers = lab.meta.vars.map((spec) => spec.name);
  return terminal.style.yellow(`Practice: this shell has only your own answers${answers.length > 0 ? ` (${answers.join(', ')})` : ''}, not the recording's values, and nothing of the lab runs here. What you do stays in this Terminal: the replayed steps never see it. `) + back;
}

function returnText(attachment: ShellAttachment, practice: boolean): string {
  if (attachment.signal) return `Back in the walk. The shell was killed (${attachment.signal}): nothing was taken from it; the lab's state is as it was before the Terminal.`;
  if (attachment.refused) return `Back in the walk. Nothing was taken from the shell: ${attachment.refused}.`;
  if (!attachment.adopted) return 'Back in the walk. The shell left no state (it was replaced with `exec`): nothing was taken from it.';
  const taken = [
    ...Object.keys(attachment.variables),
    ...attachment.unset.map((name) => `${name} (unset)`),
    ...(attachment.movedTo !== undefined ? ['the directory'] : []),
    ...(attachment.definitions ? ['functions or aliases'] : []),
    ...(attachment.options ?? []).map((line) => `\`${line}\``),
  ];
  if (taken.length === 0) return 'Back in the walk; nothing changed in the shell.';
  if (practice) return `Back in the walk. Kept in this Terminal for next time: ${taken.join(', ')}.`;
  return `Back in the walk. The next steps see what you changed: ${taken.join(', ')}.`;
}
