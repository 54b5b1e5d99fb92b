import { describe, expect, it } from 'vitest';
import { wrapLine, wrapText } from '../../runner/walk/wrap.js';
import { stripAnsi, visibleLength } from '../../runner/walk/ansi.js';
import { Terminal } from '../../runner/walk/terminal.js';
import { captureOutput } from './doubles.js';

describe('wrapping and colour', () => {
  it('wraps at the width, keeps indentation, never splits an ANSI code', () => {
    const coloured = `  \x1b[1mbold words\x1b[22m that go on and on past the edge of a narrow terminal`;
    const lines = wrapLine(coloured, 24);
    for (const line of lines) expect(stripAnsi(line).length).toBeLessThanOrEqual(24);
    expect(lines.slice(1).every((line) => line.startsWith('  '))).toBe(true);
    expect(stripAnsi(lines.join(' ')).replace(/\s+/g, ' ').trim()).toBe('bold words that go on and on past the edge of a narrow terminal');
    expect(lines.join('')).toContain('\x1b[1m');
  });

  it('splits a word longer than the width, leaves table lines whole', () => {
    expect(wrapLine('x'.repeat(50), 20).map((line) => line.length)).toEqual([20, 20, 10]);
    const table = '│ a │ ' + 'b'.repeat(40) + ' │';
    expect(wrapText(table, 20)).toBe(table);
  });

  it('counts columns, not characters: Hangul takes two, a long Korean word splits at the width', () => {
    const lines = wrapLine('컨테이너 런타임을 확인합니다 그리고 운영체제도 확인합니다', 20);
    for (const line of lines) expect(visibleLength(line), line).toBeLessThanOrEqual(20);
    expect(lines.join(' ')).toBe('컨테이너 런타임을 확인합니다 그리고 운영체제도 확인합니다');
    expect(wrapLine('가'.repeat(15), 10)).toEqual(['가'.repeat(5), '가'.repeat(5), '가'.repeat(5)]);
    expect(visibleLength('\x1b[1m한글\x1b[22m ok')).toBe(7);
  });

  it('NO_COLOR and --no-color strip colour even on a TTY; width comes from the stream', () => {
    const tty = captureOutput(42, true);
    expect(new Terminal(tty, { env: {} }).color).toBe(true);
    expect(new Terminal(tty, { env: { NO_COLOR: '1' } }).color).toBe(false);
    expect(new Terminal(tty, { env: {}, noColor: true }).color).toBe(false);
    expect(new Terminal(captureOutput(80, false), { env: {} }).color).toBe(false);
    const terminal = new Terminal(tty, { env: { NO_COLOR: '1' } });
    expect(terminal.width).toBe(42);
    terminal.line(terminal.style.red('plain please'));
    expect(tty.text()).toBe('plain please\n');
  });
});
