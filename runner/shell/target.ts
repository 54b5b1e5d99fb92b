// The lab's own bash as a target: steps run in the persistent shell session (shell/session.ts),
// keep its variables and directory, and `background` and `tty` steps start from its state.
import path from 'node:path';
import type { Lab } from '../model/lab.js';
import type { AttemptRequest, BackgroundJob, LocalTarget, ShellAttachment, TargetAttempt, TerminalOutcome } from '../step/target.js';
import { shellQuote } from '../text/shell-quote.js';
import { ShellSession } from './session.js';
import { LabError } from '../errors/index.js';

export interface ShellTargetOptions {
  /** Where the session starts (default: the lab's folder); a resumed walk returns to its last directory. */
  cwd?: string;
  /** Exported into the session at its start. */
  variables: Record<string, string>;
  /** A project's `shell-init:`, run in the session before the first step, in the config's folder. */
  init?: { script: string; cwd: string; source: string };
}

/** Long enough for an IDE set-up script (it may install tools); a hung one still ends. */
const INIT_TIMEOUT_MS = 10 * 60_000;

export class ShellTarget implements LocalTarget {
  readonly mode = 'live' as const;

  private constructor(private readonly shell: ShellSession) {}

  static async start(lab: Lab, options: ShellTargetOptions): Promise<ShellTarget> {
    const shell = await ShellSession.start({ cwd: options.cwd ?? path.dirname(lab.file), env: { ...process.env } });
    shell.setVariables(options.variables, { export: true });
    if (options.init) await runInit(shell, options.init);
    return new ShellTarget(shell);
  }

  async attempt(request: AttemptRequest): Promise<TargetAttempt> {
    const { attributes } = request.step;
    const { variables, ...attempt } = await this.shell.run(request.script, {
      timeoutMs: request.timeoutMs, forMs: attributes.forMs, cwd: attributes.cwd, stdin: attributes.stdin, signal: request.signal,
      onOutput: (chunk) => request.onOutput(chunk.stream, chunk.data),
    });
    return { attempt, variables };
  }

  background(request: AttemptRequest): Promise<BackgroundJob> {
    return this.shell.startBackground(request.script, { cwd: request.step.attributes.cwd });
  }

  interactive(request: Pick<AttemptRequest, 'step' | 'script'>): Promise<TerminalOutcome> {
    return this.shell.runInteractive(request.script, { cwd: request.step.attributes.cwd });
  }

  /** A remote target's terminal (ssh -t, kubectl exec -it), started from this session. */
  runTerminal(argv: string[], cwd?: string): Promise<TerminalOutcome> {
    return this.shell.runInteractive(argv.map(shellQuote).join(' '), { cwd });
  }

  setVariables(values: Record<string, string>): void {
    this.shell.setVariables(values, { export: true });
  }

  workingDirectory(): string {
    return this.shell.cwd;
  }

  attachShell(): Promise<ShellAttachment> {
    return this.shell.attach();
  }

  close(): Promise<void> {
    return this.shell.close();
  }
}

/** The project's set-up script in the session itself, so what it exports is there for every step. */
async function runInit(shell: ShellSession, init: NonNullable<ShellTargetOptions['init']>): Promise<void> {
  const result = await shell.run(init.script, { cwd: init.cwd, timeoutMs: INIT_TIMEOUT_MS });
  if (result.exitCode === 0) return;
  await shell.close();
  const why = result.timedOut ? `did not finish in ${INIT_TIMEOUT_MS / 60_000} min` : `exited with ${result.exitCode ?? result.signal}`;
  const tail = result.stderr.trim().split('\n').slice(-5).join('\n  ');
  throw new LabError('MISSING_COMMAND', `the project's shell-init (${init.source}) ${why}${tail ? `:\n  ${tail}` : ''}`, {
    hint: 'fix the script (it runs in the config\'s folder before the first step), or run it by hand to see what it needs',
  });
}
