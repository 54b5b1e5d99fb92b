// How much one variable, and one step's state dump, may hold. A step that exported 120 MB made
// the runner parse, copy and send it back to bash at every later step: 2.2 GB and 19 s per step
// at 50 MB, out of memory after 2 minutes at 120 MB. Lab variables hold names, ids and small
// documents; a bigger value belongs in a file.

/** The most one variable may hold (bytes, UTF-8). */
export const MAX_VARIABLE_BYTES = 4 * 1024 * 1024;
/** The most of a step's state dump the runner keeps; past it, the dump is dropped unread. */
export const MAX_STATE_BYTES = 2 * MAX_VARIABLE_BYTES + 4 * 1024 * 1024;

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MiB`;

/** Why the step's new state is refused: the first variable over the cap, named. */
export function oversizedVariable(variables: Iterable<[string, { value: string }]>, changed: (name: string) => boolean): string | undefined {
  for (const [name, variable] of variables) {
    if (variable.value.length * 3 < MAX_VARIABLE_BYTES || !changed(name)) continue;
    const bytes = Buffer.byteLength(variable.value);
    if (bytes > MAX_VARIABLE_BYTES) return tooBig(name, `${mib(bytes)}`);
  }
  return undefined;
}

/** The dump was cut at MAX_STATE_BYTES: the variable being declared there is the big one. */
export function oversizedDump(head: string): string {
  const names = [...head.matchAll(/(?:^|\n)declare -[-a-zA-Z]* ([A-Za-z_][A-Za-z0-9_]*)=/g)];
  const name = names.at(-1)?.[1];
  return name ? tooBig(name, `more than ${mib(MAX_STATE_BYTES)}`) : `the step's shell state holds more than ${mib(MAX_STATE_BYTES)} (variables, functions, aliases), more than lab keeps: write big values to a file`;
}

function tooBig(name: string, size: string): string {
  return `variable ${name} holds ${size}, more than the ${mib(MAX_VARIABLE_BYTES)} a lab variable may hold: write the value to a file and keep its path in the variable`;
}
