// tty steps: the terminal is inherited, yet the state is restored before and collected after.
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLab } from '../../runner/lab/parse.js';
import { ShellTarget } from '../../runner/shell/target.js';
import { StepRunner } from '../../runner/step/runner.js';
import { openSession, tempDir } from './helpers.js';

describe('ShellSession.runInteractive', () => {
  it('restores the state, returns the exit code and keeps what the step changed', async () => {
    const session = await openSession();
    mkdirSync(join(session.cwd, 'node'));
    await session.run('export TARGET=n1; hop() { echo "hop $1"; }');
    // stdout is the runner's own (inherited): the step reports through its exit code and state.
    const { exitCode: code } = await session.runInteractive('[ "$(hop $TARGET)" = "hop n1" ] || exit 9; SEEN=$TARGET; cd node; exit 4');
    expect(code).toBe(4);
    const after = await session.run('echo "$SEEN"; pwd');
    expect(after.stdout).toBe(`n1\n${join(session.cwd)}\n`);
    expect(session.cwd.endsWith('/node')).toBe(true);
  });

  it('runs in the step cwd= and the runner survives the Ctrl-C a terminal would also send it', async () => {
    const session = await openSession();
    mkdirSync(join(session.cwd, 'sub'));
    // A real Ctrl-C reaches the whole foreground group; here the step sends it to the runner ($PPID).
    const { exitCode: code } = await session.runInteractive('[ "$(basename "$PWD")" = sub ] || exit 9; kill -INT $PPID; sleep 0.3; exit 7', { cwd: 'sub' });
    expect(code).toBe(7);
    expect((await session.run('echo alive')).stdout).toBe('alive\n');
  });
});

describe('tty steps and the variable cap', () => {
  const fill = (megabytes: number) => `"$(head -c ${megabytes * 1024 * 1024} /dev/zero | tr '\\0' x)"`;

  it.each([8, 20])('a tty step exporting %i MB is refused naming the variable; the session keeps the state from before', async (megabytes) => {
    const session = await openSession();
    await session.run('export SMALL=ok');
    // 8 MB is read and refused; 20 MB is past the state cap, so the dump is dropped unread.
    const outcome = await session.runInteractive(`export BIG=${fill(megabytes)}; SMALL=changed; exit 3`);
    expect(outcome.exitCode).toBe(3);
    expect(outcome.refused).toMatch(/^variable BIG holds .* MiB, more than the 4\.0 MiB a lab variable may hold: write the value to a file/);
    expect((await session.run('echo "small=$SMALL big=${#BIG}"')).stdout).toBe('small=ok big=0\n');
  });

  it('the step runner fails such a tty step at its position, with the variable named', async () => {
    const { lab } = parseLab(`---\ntitle: T\n---\n\n# T\n\n\`\`\`bash id=big tty\nexport BIG=${fill(5)}\n\`\`\`\n`, '/tmp/t.md', { displayPath: 't.md' });
    const target = await ShellTarget.start(lab, { cwd: tempDir(), variables: {} });
    const runner = new StepRunner(lab, { mode: 'live', local: target, for: () => target, close: () => target.close() }, { variables: {}, yes: true, interactive: true });
    try {
      const result = await runner.run(lab.steps[0]!);
      expect(result.status).toBe('failed');
      expect(result.failures.map((failure) => failure.message)).toEqual([expect.stringMatching(/^t\.md:7:1: variable BIG holds 5\.0 MiB, more than the 4\.0 MiB/)]);
    } finally {
      await runner.close();
    }
  });
});
