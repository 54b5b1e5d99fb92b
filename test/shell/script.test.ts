// Scripts reach bash byte for byte: heredocs, continuations, substitutions and quotes survive.
import { describe, expect, it } from 'vitest';
import { openSession } from './helpers.js';

describe('ShellSession script fidelity and streams', () => {
  it('keeps stdout, stderr and the exit code apart', async () => {
    const session = await openSession();
    const run = await session.run('echo to-out; echo to-err >&2; echo more-out; false');
    expect(run).toMatchObject({ stdout: 'to-out\nmore-out\n', stderr: 'to-err\n', exitCode: 1 });
    expect(run.durationMs).toBeGreaterThanOrEqual(0);
    expect(run.timedOut).toBeUndefined();
  });

  it('runs unquoted and quoted heredocs, continuations, $(...) and nested quotes', async () => {
    const session = await openSession();
    await session.run('NAME=myeks');
    const script = [
      'cat <<EOF | tr a-z A-Z',
      'cluster: $NAME',
      "it's \"$(echo sub)\"",
      'EOF',
      "cat << 'EOF'",
      'literal $NAME `date` \\n',
      'EOF',
      'echo one \\',
      '  two \\',
      '  three',
      `echo "outer '$(echo "inner \\"deep\\" $(echo $NAME)")'"`,
      "echo 'single \"double\" $NAME'",
      'echo $\'tab:\\there\'',
      'printf "%s\\n" "ünïcödé ✓"',
    ].join('\n');
    const run = await session.run(script);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        'CLUSTER: MYEKS',
        'IT\'S "SUB"',
        'literal $NAME `date` \\n',
        'one two three',
        `outer 'inner "deep" myeks'`,
        'single "double" $NAME',
        'tab:\there',
        'ünïcödé ✓',
        '',
      ].join('\n'),
    );
  });

  it('feeds stdin text, and gives /dev/null otherwise so nothing waits for input', async () => {
    const session = await openSession();
    expect((await session.run('read -r a; read -r b; echo "$b-$a"', { stdin: 'first\nsecond\n' })).stdout).toBe('second-first\n');
    const noInput = await session.run('cat; read -r x || echo "eof"', { timeoutMs: 10_000 });
    expect(noInput).toMatchObject({ stdout: 'eof\n', exitCode: 0 });
    expect(noInput.timedOut).toBeUndefined();
    // A script that ignores a large stdin must not break the runner (EPIPE).
    expect((await session.run('echo ignored', { stdin: 'x'.repeat(1 << 20) })).exitCode).toBe(0);
  });

  it('streams output chunks as they come', async () => {
    const session = await openSession();
    const chunks: Array<{ stream: string; text: string; at: number }> = [];
    const started = Date.now();
    const run = await session.run('echo first; sleep 1; echo second >&2', {
      onOutput: (chunk) => void chunks.push({ stream: chunk.stream, text: String(chunk.data), at: Date.now() - started }),
    });
    expect(chunks.map((chunk) => `${chunk.stream}:${chunk.text}`)).toEqual(['stdout:first\n', 'stderr:second\n']);
    // The first chunk arrived before the step ended, not all at once at the end.
    expect(chunks[0]!.at).toBeLessThan(chunks[1]!.at - 500);
    expect(run.stdout).toBe('first\n');
  });

  it('keeps head and tail of 200 MB of output within the cap while streaming every byte', async () => {
    const session = await openSession({ outputCapBytes: 1024 * 1024 });
    let streamed = 0;
    const rssBefore = process.memoryUsage().rss;
    const run = await session.run('yes | head -c 200000000; echo done-err >&2', {
      timeoutMs: 120_000,
      onOutput: (chunk) => {
        if (chunk.stream === 'stdout') streamed += chunk.data.length;
      },
    });
    const rssGrowth = process.memoryUsage().rss - rssBefore;
    expect(run.exitCode).toBe(0);
    expect(streamed).toBe(200_000_000);
    expect(run.stdout.length).toBeLessThan(1024 * 1024 + 100);
    expect(run.stdout.startsWith('y\ny\n')).toBe(true);
    expect(run.stdout.endsWith('y\ny\n')).toBe(true);
    expect(run.stdout).toMatch(/\n\[\.\.\. 198\d{6} bytes not kept \.\.\.\]\n/);
    // Head + what was dropped + tail account for every byte.
    const [head, marker, tail] = run.stdout.split(/(\[\.\.\. \d+ bytes not kept \.\.\.\]\n)/);
    const dropped = Number(/\d+/.exec(marker!)![0]);
    expect(head!.length + dropped + tail!.length).toBe(200_000_000);
    expect(run.stderr).toBe('done-err\n');
    // Loose: far below the 200 MB that went through.
    expect(rssGrowth).toBeLessThan(120 * 1024 * 1024);
  }, 120_000);
});
