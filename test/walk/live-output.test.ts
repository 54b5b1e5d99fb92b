// A running step's output on screen: every screen row behind the gutter (a long line is cut
// there, not wrapped by the terminal under it), host prefixes padded to the widest.
import { describe, expect, it } from 'vitest';
import { StepOutputView } from '../../runner/walk/live-output.js';
import { Terminal, stripAnsi } from '../../runner/walk/terminal.js';
import { charWidth } from '../../runner/walk/ansi.js';
import { captureOutput } from './doubles.js';

function view(columns: number, color: boolean, remotes?: string[]) {
  const stream = captureOutput(columns, false);
  const terminal = new Terminal(stream, { env: color ? { FORCE_COLOR: '1' } : {} });
  return { stream, view: new StepOutputView(terminal, undefined, remotes) };
}

/** Screen columns of a row, as a terminal counts them. */
const columnsOf = (row: string) => Array.from(stripAnsi(row)).reduce((sum, char) => sum + charWidth(char), 0);

describe('step output view', () => {
  it('cuts a line longer than the terminal into rows that each start with the gutter', () => {
    const { stream, view: output } = view(20, false);
    output.output({ stream: 'stdout', text: `short\n${'x'.repeat(45)}\n` });
    output.stop();
    expect(stream.text()).toBe(`│ short\n│ ${'x'.repeat(18)}\n│ ${'x'.repeat(18)}\n│ ${'x'.repeat(9)}\n`);
  });

  it('counts wide characters and tabs as the terminal does', () => {
    const { stream, view: output } = view(20, false);
    output.output({ stream: 'stdout', text: `${'한'.repeat(12)}\n\ta\tb\tc\n` });
    output.stop();
    const rows = stream.text().split('\n').filter(Boolean);
    expect(rows.every((row) => row.startsWith('│ '))).toBe(true);
    expect(rows.every((row) => columnsOf(row) <= 20)).toBe(true);
    expect(rows.slice(0, 2).map((row) => row.slice(2))).toEqual(['한'.repeat(9), '한'.repeat(3)]);
    // Tab stops every 8 columns from the output's own start: `\ta\tb` fills 17 of 18, the next tab goes to a new row.
    expect(rows.slice(2)).toEqual([`│ ${' '.repeat(8)}a${' '.repeat(7)}b`, '│ c']);
  });

  it('a line mixing ASCII and wide characters is cut where its columns run out', () => {
    const { stream, view: output } = view(20, false);
    output.output({ stream: 'stdout', text: `ab${'한'.repeat(10)} ok\n` });
    output.stop();
    expect(stream.text()).toBe(`│ ab${'한'.repeat(8)}\n│ 한한 ok\n`);
  });

  it('pads host prefixes to the widest host, and a cut row keeps the gutter under the name', () => {
    const { stream, view: output } = view(30, false, ['node1', 'node10']);
    output.output({ stream: 'stdout', text: 'up\n', remote: 'node1' });
    output.output({ stream: 'stdout', text: `${'y'.repeat(30)}\n`, remote: 'node10' });
    output.stop();
    expect(stream.text().split('\n')).toEqual([
      'node1  │ up',
      `node10 │ ${'y'.repeat(21)}`,
      `       │ ${'y'.repeat(9)}`,
      '',
    ]);
  });

  it('a host seen only while running widens the prefixes from then on', () => {
    const { stream, view: output } = view(40, false);
    output.output({ stream: 'stdout', text: 'a\n', remote: 'pod-1' });
    output.output({ stream: 'stdout', text: 'b\n', remote: 'pod-10' });
    output.output({ stream: 'stdout', text: 'c\n', remote: 'pod-1' });
    expect(stream.text()).toBe('pod-1 │ a\npod-10 │ b\npod-1  │ c\n');
  });

  it('a colour open at the cut is closed before the row ends and opened again after the next gutter', () => {
    const { stream, view: output } = view(20, true);
    output.output({ stream: 'stderr', text: `${'e'.repeat(24)}\n` });
    output.stop();
    const rows = stream.text().split('\n');
    expect(rows[0]).toMatch(/^\x1b\[2m│ \x1b\[22m\x1b\[33me{18}\x1b\[0m$/);
    expect(rows[1]).toMatch(/^\x1b\[2m│ \x1b\[22m\x1b\[33me{6}\x1b\[39m$/);
  });

  it('a carriage return redraws its row behind the gutter', () => {
    const { stream, view: output } = view(40, false);
    output.output({ stream: 'stdout', text: ' 10%\r 50%\r100%\n' });
    output.stop();
    expect(stream.text()).toBe('│  10%\r│  50%\r│ 100%\n');
  });
});
