// Asking for a lab's variables at the start of a walk: --var values are taken as given; the rest
// are proposed (remembered answer, environment, default, default-from) and confirmed or typed.
// Secrets are typed masked and never proposed from memory (they are never saved).
import type { Lab, VariableSpec } from '../model/lab.js';
import type { Prompter } from './prompter.js';
import type { Terminal } from './terminal.js';

export interface AskVariablesOptions {
  given: Record<string, string>;
  /** Non-secret answers saved from an earlier walk of this lab. */
  remembered: Record<string, string>;
  environment: NodeJS.ProcessEnv;
  /** Runs a `default-from` command and returns its trimmed output ('' when it fails). Live walks only. */
  defaultFrom?: (command: string) => Promise<string>;
  /** Practice mode: a variable nobody knows may stay unset (commands then show `$NAME`). */
  optional?: boolean;
}

export async function askVariables(lab: Lab, prompter: Prompter, terminal: Terminal, options: AskVariablesOptions): Promise<Record<string, string>> {
  const values: Record<string, string> = { ...options.given };
  // A variable the session provides (a project config's bare name) is never asked for.
  const open = lab.meta.vars.filter((spec) => options.given[spec.name] === undefined && !spec.fromSession);
  if (open.length === 0) return values;

  const proposals = new Map<string, string>();
  for (const spec of open) {
    const proposal = await propose(spec, options);
    if (proposal !== undefined) proposals.set(spec.name, proposal);
  }
  const { style } = terminal;
  // The ones nobody knows a value for are asked one by one.
  for (const spec of open.filter((spec) => !proposals.has(spec.name))) {
    const value = await askOne(spec, prompter, undefined, options.optional === true);
    if (value !== '') values[spec.name] = value;
  }

  const proposed = open.filter((spec) => proposals.has(spec.name));
  if (proposed.length === 0) return values;
  terminal.line(style.bold('Variables'));
  const nameWidth = Math.max(...proposed.map((s) => s.name.length));
  for (const spec of proposed) {
    const row = `  ${spec.name.padEnd(nameWidth)}  ${spec.secret ? '********' : proposals.get(spec.name)!}`;
    // The prompt text is a reminder only: cut to the line, never wrapped under the values.
    const room = terminal.width - row.length - 3;
    const reminder = spec.prompt && room > 10 ? `  ${spec.prompt.length > room ? `${spec.prompt.slice(0, room - 1)}…` : spec.prompt}` : '';
    terminal.line(`${row}${style.dim(reminder)}`);
  }
  if (options.optional) terminal.line(style.dim('  (practice replays the outputs in the fixture: changed values may not match them)'));
  if (await prompter.confirm('Use these values?', { default: true })) {
    for (const spec of proposed) values[spec.name] = proposals.get(spec.name)!;
    return values;
  }
  for (const spec of proposed) values[spec.name] = await askOne(spec, prompter, proposals.get(spec.name), false);
  return values;
}

async function propose(spec: VariableSpec, options: AskVariablesOptions): Promise<string | undefined> {
  if (!spec.secret && options.remembered[spec.name] !== undefined) return options.remembered[spec.name];
  const fromEnvironment = options.environment[spec.name];
  if (fromEnvironment !== undefined && fromEnvironment !== '') return fromEnvironment;
  if (spec.defaultFrom && options.defaultFrom) {
    const derived = await options.defaultFrom(spec.defaultFrom);
    if (derived) return derived;
  }
  return spec.default;
}

async function askOne(spec: VariableSpec, prompter: Prompter, proposal: string | undefined, optional: boolean): Promise<string> {
  const message = `${spec.prompt ? `${spec.prompt} (${spec.name})` : spec.name}${optional ? ' [Enter: leave unset for practice]' : ''}`;
  for (;;) {
    const answer = spec.secret ? await prompter.password(message) : await prompter.input(message, { default: proposal });
    const value = answer === '' && proposal !== undefined ? proposal : answer;
    if (value !== '' || optional) return value;
  }
}
