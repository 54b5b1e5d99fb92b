// The state round trip through the dump file (runner/shell/dump-file.ts): every kind of state a
// step leaves comes back exactly, the file has no name anyone could open, and a secret never sits
// in a file that outlives the session.
import { readdirSync, readlinkSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DumpFile } from '../../runner/shell/dump-file.js';
import { openSession } from './helpers.js';

const onLinuxTmpfs = DumpFile.open();
onLinuxTmpfs?.close();

describe('the state dump file', () => {
  it('brings back tricky values, arrays, functions and aliases exactly', async () => {
    const session = await openSession();
    const tricky = `two\nlines, 'single' "double" $HOME \\ back\`tick\` \ttab 한국어 *`;
    session.setVariables({ TRICKY: tricky }, { export: true });
    const first = await session.run([
      `COPY="$TRICKY"`,
      `LIST=("a b" $'c\\nd' "it's" '"q"')`,
      `declare -A MAP=([k 1]=v1 [k2]=$'x\\ny')`,
      `greet() { printf '%s|%s\\n' "$1" "it's \\"here\\""; }`,
      `alias ll='ls -l "$HOME"'`,
      `set -C`,
    ].join('\n'));
    expect(first.exitCode).toBe(0);
    expect(first.variables).toMatchObject({ COPY: tricky, LIST: 'a b' });
    const second = await session.run(`printf '%s\\n' "$COPY" "\${LIST[1]}" "\${#LIST[@]}" "\${LIST[3]}" "\${MAP[k 1]}" "\${MAP[k2]}"; greet x; alias ll; [[ -o noclobber ]] && echo noclobber`);
    expect(second.stdout).toBe(`${tricky}\nc\nd\n4\n"q"\nv1\nx\ny\nx|it's "here"\nalias ll='ls -l "$HOME"'\nnoclobber\n`);
    // Under noclobber the next dump still overwrites the file.
    const third = await session.run('AFTER=1');
    expect(third.variables).toEqual({ AFTER: '1' });
  });

  it.runIf(onLinuxTmpfs)('is an unlinked file on tmpfs that only the runner and the host hold', async () => {
    const session = await openSession();
    session.setVariables({ API_TOKEN: 'tok-secret-123' }, { export: false });
    const run = await session.run('echo "pid=$$"; HELD=yes');
    expect(run.variables).toEqual({ HELD: 'yes' });
    const hostPid = Number(/pid=(\d+)/.exec(run.stdout)![1]);
    const targets = readdirSync(`/proc/${hostPid}/fd`).map((fd) => {
      try {
        return readlinkSync(`/proc/${hostPid}/fd/${fd}`);
      } catch {
        return '';
      }
    });
    expect(targets.some((target) => /^\/dev\/shm\/lab-state-\d+-[0-9a-f]+ \(deleted\)$/.test(target))).toBe(true);
    // Nothing of the session is left under a name.
    expect(readdirSync('/dev/shm').filter((name) => name.startsWith(`lab-state-${process.pid}-`))).toEqual([]);
  });

  it('reads each step\'s dump from where the last one ended, through dumps longer than one read and past the point where the file is emptied', async () => {
    const session = await openSession();
    // 700 KB a dump (past the 64 KiB read), so the file passes its 1 MiB rewind on the second step.
    const big = await session.run(`BIG=$(head -c 700000 /dev/zero | tr '\\0' x); echo "\${#BIG}"`);
    expect(big.stdout).toBe('700000\n');
    expect(big.variables.BIG).toHaveLength(700_000);
    for (let index = 1; index <= 3; index++) {
      const next = await session.run(`STEP=${index}; BIG="$BIG$STEP"; echo "\${#BIG} $STEP"`);
      expect(next.stdout).toBe(`${700_000 + index} ${index}\n`);
      expect(next.variables).toEqual({ STEP: String(index), BIG: `${'x'.repeat(700_000)}${'123'.slice(0, index)}` });
    }
    const small = await session.run('unset BIG; SMALL=1');
    expect(small.variables).toEqual({ SMALL: '1' });
    const after = await session.run('echo "[${BIG-unset}] $SMALL $STEP"');
    expect(after.stdout).toBe('[unset] 1 3\n');
  });

  it('keeps the previous state when a step dies before its dump, not a stale dump', async () => {
    const session = await openSession();
    await session.run('KEEP=one');
    session.setVariables({ SET_BY_RUNNER: 'r' }, { export: false });
    const killed = await session.run('LOST=yes; kill -9 $BASHPID');
    expect(killed.variables).toEqual({});
    const next = await session.run('echo "$KEEP $SET_BY_RUNNER [$LOST]"');
    expect(next.stdout).toBe('one r []\n');
  });
});
