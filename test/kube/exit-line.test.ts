// kubectl's "command terminated with exit code N" line: removed from the attempt's stderr and held
// out of the live output only when it is kubectl's (last, and naming kubectl's own exit code).
import { describe, expect, it } from 'vitest';
import { ExitLineFilter, stripExitLine } from '../../runner/kube/exit-line.js';

function filtered(chunks: string[], blockRan: boolean): { emitted: string[]; text: string } {
  const emitted: string[] = [];
  const filter = new ExitLineFilter((text) => emitted.push(text));
  for (const chunk of chunks) filter.write(chunk);
  filter.end(blockRan);
  return { emitted, text: emitted.join('') };
}

describe('stripExitLine', () => {
  it('removes the last line when it names the exit code kubectl ended with', () => {
    expect(stripExitLine('oops\ncommand terminated with exit code 3\n', 3)).toEqual({ stderr: 'oops\n', blockRan: true });
    expect(stripExitLine('command terminated with exit code 2\n', 2)).toEqual({ stderr: '', blockRan: true });
  });

  it('keeps the line when it is not last, names another code, or kubectl exited 0', () => {
    expect(stripExitLine('command terminated with exit code 3\nmore\n', 3).blockRan).toBe(false);
    expect(stripExitLine('command terminated with exit code 3\n', 1)).toEqual({ stderr: 'command terminated with exit code 3\n', blockRan: false });
    expect(stripExitLine('command terminated with exit code 0\n', 0).blockRan).toBe(false);
  });

  it('removes the line when it follows block output that did not end its line', () => {
    expect(stripExitLine('no newlinecommand terminated with exit code 1\n', 1)).toEqual({ stderr: 'no newline', blockRan: true });
  });
});

describe('ExitLineFilter', () => {
  it('drops the exit line even when it arrives in pieces, and passes the rest at once', () => {
    const { emitted, text } = filtered(['warn\ncommand term', 'inated with exit', ' code 3\n'], true);
    expect(emitted[0]).toBe('warn\n');
    expect(text).toBe('warn\n');
  });

  it('releases a held exit line as soon as more stderr shows it was not the last', () => {
    expect(filtered(['command terminated with exit code 1\n', 'still going\n'], true).text).toBe('command terminated with exit code 1\nstill going\n');
  });

  it('keeps the exit line when the block did not end with it', () => {
    expect(filtered(['command terminated with exit code 4\n'], false).text).toBe('command terminated with exit code 4\n');
  });

  it('holds back only an end that can still become the exit line', () => {
    const emitted: string[] = [];
    const filter = new ExitLineFilter((text) => emitted.push(text));
    filter.write('progress 10%');
    expect(emitted).toEqual(['progress 10%']);
    filter.write(' done\ncomm');
    expect(emitted.join('')).toBe('progress 10% done\n');
    filter.write('and not found\n');
    expect(emitted.join('')).toBe('progress 10% done\ncommand not found\n');
  });

  it('drops the exit line glued to unfinished block output', () => {
    expect(filtered(['no newline', 'command terminated with exit code 1\n'], true).text).toBe('no newline');
  });

  it('emits a held start of line at the end when it never became the exit line', () => {
    expect(filtered(['command term'], true).text).toBe('command term');
  });
});
