// Builders for expectations and attempts, so each test states only what it is about.
import type { Expectation, ExpectMode, ExpectStream, ExitSpec } from '../../runner/expect/index.js';
import type { AttemptResult } from '../../runner/model/result.js';

export function expectation(text: string, options: { mode?: ExpectMode; stream?: ExpectStream; exit?: ExitSpec; line?: number } = {}): Expectation {
  const line = options.line ?? 10;
  return {
    mode: options.mode ?? 'lines',
    stream: options.stream ?? 'stdout',
    exit: options.exit,
    text,
    position: { file: 't.md', line, column: 1 },
    bodyLine: line + 1,
  };
}

export function attempt(stdout: string, overrides: Partial<AttemptResult> = {}): AttemptResult {
  return { stdout, stderr: '', exitCode: 0, durationMs: 5, ...overrides };
}
