// Drives a command in a real terminal: a tmux session on its own server socket (so tests never
// touch anyone's tmux), keys sent with send-keys, the screen read with capture-pane.
import { execa } from 'execa';
import { randomUUID } from 'node:crypto';

const EXIT_MARKER = '__TMUX_EXIT__=';

function quote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export interface TmuxOptions {
  cwd: string;
  env?: Record<string, string>;
  width?: number;
  height?: number;
}

export class TmuxSession {
  private constructor(private readonly socket: string) {}

  /**
   * Starts `command` (argv) in a detached session; the pane stays open after it exits. bash, not
   * sh: dash dies of a Ctrl-C its child handled, and the exit code would never be printed.
   */
  static async start(command: string[], options: TmuxOptions): Promise<TmuxSession> {
    const socket = `labwalk-${randomUUID().slice(0, 8)}`;
    const env = Object.entries(options.env ?? {}).map(([name, value]) => `${name}=${quote(value)}`).join(' ');
    const script = `env ${env} ${command.map(quote).join(' ')}; echo "${EXIT_MARKER}$?"; exec sleep 600`;
    // The server starts with an empty session so options apply before the command runs:
    // a long history, and the pane kept (with its text) even if the command dies.
    const tmux = (...args: string[]) => execa('tmux', ['-L', socket, ...args]);
    await tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'keep', '-x', '20', '-y', '5');
    await tmux('set-option', '-g', 'history-limit', '10000');
    await tmux('set-option', '-g', 'remain-on-exit', 'on');
    await tmux('new-session', '-d', '-s', 'walk', '-x', String(options.width ?? 100), '-y', String(options.height ?? 40), '-c', options.cwd, 'bash', '-c', script);
    return new TmuxSession(socket);
  }

  /** Keys as tmux names them: 'Enter', 'Down', 'C-c', or literal text with `literal`. */
  async send(...keys: string[]): Promise<void> {
    await execa('tmux', ['-L', this.socket, 'send-keys', '-t', 'walk', ...keys]);
  }

  async type(text: string): Promise<void> {
    await execa('tmux', ['-L', this.socket, 'send-keys', '-t', 'walk', '-l', text]);
  }

  /** The whole scrollback and screen, wrapped lines joined. */
  async screen(options: { escapes?: boolean } = {}): Promise<string> {
    const args = ['-L', this.socket, 'capture-pane', '-p', '-J', '-S', '-10000', '-t', 'walk'];
    if (options.escapes) args.push('-e');
    return (await execa('tmux', args)).stdout;
  }

  /** Waits until the screen matches; `after` counts only text after that many earlier matches. */
  async waitFor(pattern: string | RegExp, options: { timeoutMs?: number; count?: number } = {}): Promise<string> {
    const deadline = Date.now() + (options.timeoutMs ?? 20_000);
    const wanted = options.count ?? 1;
    let screen = '';
    while (Date.now() < deadline) {
      screen = await this.screen();
      if (occurrences(screen, pattern) >= wanted) return screen;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    throw new Error(`timed out waiting for ${String(pattern)} (x${wanted}); screen:\n${screen}`);
  }

  /** Waits for the command to end and returns its exit code. */
  async exitCode(timeoutMs = 20_000): Promise<number> {
    const screen = await this.waitFor(new RegExp(`${EXIT_MARKER}\\d+`), { timeoutMs });
    return Number(new RegExp(`${EXIT_MARKER}(\\d+)`).exec(screen)![1]);
  }

  async kill(): Promise<void> {
    await execa('tmux', ['-L', this.socket, 'kill-server'], { reject: false });
  }
}

export function occurrences(text: string, pattern: string | RegExp): number {
  if (typeof pattern === 'string') return text.split(pattern).length - 1;
  const flags = pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`;
  return [...text.matchAll(new RegExp(pattern.source, flags))].length;
}
