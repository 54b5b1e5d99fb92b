// Errors are values: a code, a message, a hint and (when known) the place in a file.
// Modules return or throw LabError; only the CLI edge prints them and maps them to exit codes.

export interface SourcePosition {
  file: string;
  /** 1-based line in the file. */
  line: number;
  /** 1-based column in the line. */
  column: number;
}

export type ErrorCode =
  | 'BAD_INPUT' // a flag, a path or a value given on the command line
  | 'LAB_SYNTAX' // a lab that cannot be parsed
  | 'FIXTURE_INVALID' // a fixture that cannot be read
  | 'FIXTURE_STALE'
  | 'FIXTURE_MISSING'
  | 'MISSING_VARIABLE'
  | 'MISSING_COMMAND'
  | 'REFUSED' // an action the environment forbids (record under CI, an untrusted lab live)
  | 'WRITE_FAILED' // a fixture, progress or report file that could not be written (the old one is kept)
  | 'INTERRUPTED'
  | 'INTERNAL';

export class LabError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  readonly position?: SourcePosition;

  constructor(code: ErrorCode, message: string, options: { hint?: string; position?: SourcePosition; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LabError';
    this.code = code;
    this.hint = options.hint;
    this.position = options.position;
  }
}

export function formatPosition(position: SourcePosition): string {
  return `${position.file}:${position.line}:${position.column}`;
}

/** The one place an error becomes text: `file:line:col: error: message` then the hint. */
export function formatError(error: LabError): string {
  const where = error.position ? `${formatPosition(error.position)}: ` : '';
  const hint = error.hint ? `\n  hint: ${error.hint}` : '';
  return `${where}error: ${error.message}${hint}`;
}

/** Exit code contract: 0 ok, 1 a step failed, 2 bad input, 130 interrupted. */
export function exitCodeFor(error: { code: string }): number {
  if (error.code === 'INTERRUPTED') return 130;
  if (error.code === 'FIXTURE_STALE' || error.code === 'FIXTURE_MISSING') return 1;
  return 2;
}
