// The Terminal key's pieces that need no shell: handing the walk's terminal over (raw mode off,
// the prompts' listeners off stdin, Node not reading) and back, and a banner that fits 40 columns.
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadLab } from '../../runner/lab/index.js';
import { handOverTerminal, terminalTitle } from '../../runner/walk/attached-shell.js';
import { Terminal } from '../../runner/walk/terminal.js';
import { ROOT } from '../helpers/cli.js';
import { captureOutput } from './doubles.js';

/** stdin as a TTY in raw mode with a prompt's keypress reader on it, as @inquirer leaves it. */
function rawInput() {
  const raw: boolean[] = [];
  const stdin = Object.assign(new PassThrough(), {
    isTTY: true,
    isRaw: true,
    setRawMode(mode: boolean) {
      raw.push(mode);
      stdin.isRaw = mode;
      return stdin;
    },
  });
  return { stdin, raw };
}

describe('handing the walk\'s terminal to the attached shell', () => {
  it('turns raw mode off, takes the prompts\' listeners off stdin and stops reading it while the shell runs; puts all back after', async () => {
    const { stdin, raw } = rawInput();
    const seen: string[] = [];
    const onData = (chunk: Buffer) => seen.push(chunk.toString());
    stdin.on('data', onData);
    stdin.on('keypress', () => {});
    const during = await handOverTerminal(stdin, async () => {
      stdin.write('typed into the shell');
      return { raw: stdin.isRaw, data: stdin.listenerCount('data'), keypress: stdin.listenerCount('keypress'), flowing: stdin.readableFlowing };
    });
    expect(during).toEqual({ raw: false, data: 0, keypress: 0, flowing: false });
    expect(seen).toEqual([]); // the walk read nothing the learner typed for the shell
    expect(raw).toEqual([false, true]);
    expect(stdin.listenerCount('data')).toBe(1);
    expect(stdin.listenerCount('keypress')).toBe(1);
  });

  it('after a killed shell, resets the terminal\'s modes (raw and back) before raw mode again; a terminal not taken back is left alone', async () => {
    const { stdin, raw } = rawInput();
    await handOverTerminal(stdin, async () => ({ signal: 'SIGKILL' as const, terminalBack: true }));
    expect(raw).toEqual([false, true, false, true]);
    const lost = rawInput();
    await handOverTerminal(lost.stdin, async () => ({ signal: 'SIGKILL' as const, terminalBack: false }));
    expect(lost.raw).toEqual([false]);
  });

  it('puts the terminal back when the shell could not start', async () => {
    const { stdin } = rawInput();
    await expect(handOverTerminal(stdin, async () => {
      throw new Error('no bash');
    })).rejects.toThrow('no bash');
    expect(stdin.isRaw).toBe(true);
  });

  it('the banner\'s rule names the lab where it fits and never wraps at 40 columns', async () => {
    const { lab } = await loadLab(path.join(ROOT, 'test/samples/walk/labs/practice/basics.md'));
    const step = lab.steps[1]!;
    expect(terminalTitle(new Terminal(captureOutput(100), { noColor: true }), lab, step)).toBe('Terminal · step 2/5 · practice/basics');
    const narrow = new Terminal(captureOutput(40), { noColor: true });
    expect(narrow.rule(terminalTitle(narrow, lab, step))).toBe(`── Terminal · step 2/5 ${'─'.repeat(17)}`);
    expect(narrow.rule(terminalTitle(narrow, lab, step)).length).toBe(40);
  });
});
