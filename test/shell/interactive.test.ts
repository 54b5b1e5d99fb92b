// tty steps: the terminal is inherited, yet the state is restored before and collected after.
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openSession } from './helpers.js';

describe('ShellSession.runInteractive', () => {
  it('restores the state, returns the exit code and keeps what the step changed', async () => {
    const session = await openSession();
    mkdirSync(join(session.cwd, 'node'));
    await session.run('export TARGET=n1; hop() { echo "hop $1"; }');
    // stdout is the runner's own (inherited): the step reports through its exit code and state.
    const code = await session.runInteractive('[ "$(hop $TARGET)" = "hop n1" ] || exit 9; SEEN=$TARGET; cd node; exit 4');
    expect(code).toBe(4);
    const after = await session.run('echo "$SEEN"; pwd');
    expect(after.stdout).toBe(`n1\n${join(session.cwd)}\n`);
    expect(session.cwd.endsWith('/node')).toBe(true);
  });

  it('runs in the step cwd= and the runner survives the Ctrl-C a terminal would also send it', async () => {
    const session = await openSession();
    mkdirSync(join(session.cwd, 'sub'));
    // A real Ctrl-C reaches the whole foreground group; here the step sends it to the runner ($PPID).
    const code = await session.runInteractive('[ "$(basename "$PWD")" = sub ] || exit 9; kill -INT $PPID; sleep 0.3; exit 7', { cwd: 'sub' });
    expect(code).toBe(7);
    expect((await session.run('echo alive')).stdout).toBe('alive\n');
  });
});
