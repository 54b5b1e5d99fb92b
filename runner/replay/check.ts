// A fixture against its lab before anything replays it: every step's last attempt judged by the
// step's own expectations (as replay will), regexes that cannot compile, `capture` steps without
// the variable later steps need, and (for hand-written entries) a command or host the lab lacks.
// `lab accept` refuses on these; `lab lint` reports them at the step.
import type { Lab, Step } from '../model/lab.js';
import { formatPosition, type SourcePosition } from '../errors/index.js';
import { evaluateAttempt, validateExpectation } from '../expect/index.js';
import { secretVariable } from '../redact/index.js';
import type { Fixture, FixtureAttempt, FixtureStep } from './model.js';
import { fixtureRemotes } from './remotes.js';
import { toAttempt } from './replay.js';

export interface FixtureProblem {
  stepId: string;
  rule: 'fixture-mismatch' | 'invalid-expectation' | 'fixture-missing-variable' | 'fixture-command-differs' | 'fixture-unknown-host';
  severity: 'error' | 'warning';
  message: string;
  position: SourcePosition;
  diff?: string;
}

export async function checkFixture(lab: Lab, fixture: Fixture): Promise<FixtureProblem[]> {
  const entries = new Map(fixture.steps.map((entry) => [entry.id, entry]));
  const vars: Record<string, string> = {};
  for (const spec of lab.meta.vars) if (spec.default !== undefined) vars[spec.name] = spec.default;
  const problems: FixtureProblem[] = [];
  const secret = secretVariable(lab);
  for (const step of lab.steps) {
    const entry = entries.get(step.id);
    if (!entry) continue;
    problems.push(...(await checkStep(step, entry, { ...vars }, secret)));
    Object.assign(vars, entry.variables ?? {});
  }
  return problems;
}

async function checkStep(step: Step, entry: FixtureStep, vars: Record<string, string>, secret: (name: string) => boolean): Promise<FixtureProblem[]> {
  const problems: FixtureProblem[] = [];
  const at = (rule: FixtureProblem['rule'], message: string, position = step.position, severity: FixtureProblem['severity'] = 'error', diff?: string) =>
    problems.push({ stepId: step.id, rule, severity, message, position, ...(diff ? { diff } : {}) });
  for (const expectation of step.expectations) {
    const invalid = await validateExpectation(expectation);
    if (invalid) at('invalid-expectation', `step \`${step.id}\`: ${invalid.message}`, expectation.position);
  }
  const capture = step.attributes.capture;
  if (capture && !entry.skipped && entry.variables?.[capture] === undefined) {
    at('fixture-missing-variable', `step \`${step.id}\` captures ${capture}, but its fixture entry has no \`variables: { ${capture}: ... }\`: replay would have no value for {{${capture}}}; add \`variables:\` with \`${capture}: <the value>\` to the entry (usually its trimmed stdout)`);
  }
  const handWritten = entry.provenance !== 'recorded';
  if (handWritten && !sameCommand(entry.command, step.command)) {
    at('fixture-command-differs', `step \`${step.id}\`: the fixture's command differs from the lab's (fixture: \`${oneLine(entry.command)}\`, lab: \`${oneLine(step.command)}\`): copy the lab's command into the entry, or check that the output belongs to this step`, step.position, 'warning');
  }
  const remotes = fixtureRemotes(entry);
  const declared = step.attributes.hosts?.split(/\s+/).filter(Boolean);
  if (entry.hosts && declared && !declared.some((name) => name.includes('$'))) {
    for (const host of entry.hosts) {
      if (!declared.includes(host.host)) at('fixture-unknown-host', `step \`${step.id}\`: the fixture has host \`${host.host}\`, which is not in the step's hosts (${declared.join(', ')}): rename it to one of those`);
    }
  }
  if (entry.skipped || step.attributes.skip !== false) return problems;
  const judged: Array<{ label: string; attempt: FixtureAttempt | undefined }> = remotes
    ? remotes.map((remote) => ({ label: ` on ${remote.name}`, attempt: remote.attempts.at(-1) }))
    : [{ label: '', attempt: entry.attempts.at(-1) }];
  if (problems.some((problem) => problem.rule === 'invalid-expectation')) return problems;
  for (const { label, attempt } of judged) {
    if (!attempt) continue;
    for (const mismatch of await evaluateAttempt(step.expectations, toAttempt(attempt), { exit: step.attributes.exit, exitPosition: step.position, vars, secret })) {
      // The diagnostic already stands at the expectation's position: the message need not repeat it.
      const words = mismatch.position ? mismatch.message.replace(`${formatPosition(mismatch.position)}: `, '') : mismatch.message;
      at('fixture-mismatch', `step \`${step.id}\`${label}: its fixture output${sideFileWords(attempt)} fails its expectation: ${words}`, mismatch.position ?? step.position, 'error', mismatch.diff);
    }
  }
  return problems;
}

/** " (in side file outputs/x.txt)": where to fix an output that is not inline. */
function sideFileWords(attempt: FixtureAttempt): string {
  const files = [attempt['stdout-file'], attempt['stderr-file']].filter((file): file is string => file !== undefined);
  return files.length ? ` (in side file ${files.join(', ')})` : '';
}

/** The fixture's command is the lab's, with its `$VARS` and `{{VARS}}` expanded (a transcript shows values). */
function sameCommand(fixture: string, lab: string): boolean {
  // Literal text between the variables, each variable standing for one or more characters;
  // matched by ordered search, never by a regex built from the command (a 32 KB command line made
  // V8 refuse the regex, an internal error in lint).
  const literals = unquoted(normalizeCommand(lab)).split(/\$\{[^}]+\}|\$[A-Za-z_][A-Za-z0-9_]*|\{\{[^}]+\}\}/);
  const text = unquoted(normalizeCommand(fixture));
  const first = literals[0]!;
  if (literals.length === 1) return text === first;
  const last = literals[literals.length - 1]!;
  if (!text.startsWith(first) || !text.endsWith(last)) return false;
  const limit = text.length - last.length;
  let from = first.length;
  for (const literal of literals.slice(1, -1)) {
    const at = text.indexOf(literal, from + 1); // the variable before it holds at least one character
    if (at < 0 || at + literal.length > limit) return false;
    from = at + literal.length;
  }
  return limit - from >= 1;
}

function normalizeCommand(command: string): string {
  return command.replace(/\\\n/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Quotes left out: a transcript shows `kubectl describe pv-1` where the lab says `kubectl describe "$PV"`. */
function unquoted(command: string): string {
  return command.replace(/["']/g, '');
}

function oneLine(command: string): string {
  const line = normalizeCommand(command);
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}
