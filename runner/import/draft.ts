// A post's blocks -> the draft lab (Markdown) and its transcribed fixture. The lab is parsed back
// with the real parser, so the fixture's step ids and hashes are the ones lint and replay compute,
// and linted, so a variable the post set off-screen becomes a `vars:` entry instead of a warning.
import { lintLab } from '../lab/index.js';
import { parseLab } from '../lab/parse.js';
import type { Fixture, FixtureStep, RedactionCount } from '../replay/model.js';
import type { Post } from './read-post.js';
import { elideRunSpecific } from './run-specific.js';
import { stepKind } from './step-kind.js';

export interface DraftStep {
  id: string;
  command: string;
  output: string;
  /** 1-based line of the command in the post. */
  line: number;
  caption: string;
  lead: string;
}

export interface DraftOptions {
  id: string;
  title: string;
  /** Where the post came from: a path relative to the project, or a URL. */
  from: string;
  date?: string;
  runnerVersion: string;
  redactions: RedactionCount[];
  /** The lab file's path, for the parser's positions. */
  labFile: string;
}

export interface Draft {
  lab: string;
  fixture: Fixture;
}

/** An expectation shows this many output lines, then `...`: enough to read, short enough to keep. */
const EXPECT_LINES = 25;
const PROGRAMS = ['aws', 'kubectl', 'eksctl', 'terraform', 'helm', 'jq', 'curl', 'dig', 'ssh', 'git', 'docker'];
const CLOUD_PROGRAMS = new Set(['aws', 'eksctl', 'terraform']);

export function draftSteps(post: Post): DraftStep[] {
  const taken = new Set<string>();
  return post.blocks.map((block) => ({ ...block, id: uniqueId(stepIdFor(block.command), taken) }));
}

/** A readable id from a command's first words: `kubectl get nodes -o wide` -> `kubectl-get-nodes`. */
export function stepIdFor(command: string): string {
  const first = command.split('\n')[0]!.trim();
  const assignment = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=/.exec(first);
  if (assignment) return `set-${slug(assignment[1]!)}`;
  // The program and its subcommands: plain words, not flags, their values, paths or addresses.
  const tokens = first.split(/\s+/);
  const words = tokens.filter((word, i) => {
    if (i === 0) return /^[\w./-]+$/.test(word) && word !== 'sudo';
    const previous = tokens[i - 1]!;
    const flagValue = previous.startsWith('-') && !previous.includes('=') && i > 1;
    return !flagValue && /^[a-z][a-z0-9_-]*$/.test(word);
  }).map((word) => word.split('/').pop() ?? word);
  const id = slug(words.slice(0, 3).join('-')).slice(0, 40).replace(/-+$/, '');
  return id === '' ? 'step' : id;
}

export function uniqueId(id: string, taken: Set<string>): string {
  let candidate = id;
  for (let n = 2; taken.has(candidate); n++) candidate = `${id}-${n}`;
  taken.add(candidate);
  return candidate;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-._]+|-+$/g, '').replace(/-{2,}/g, '-');
}

export async function buildDraft(steps: DraftStep[], trailer: string, options: DraftOptions): Promise<Draft> {
  let lab = labText(steps, trailer, options, {});
  // Variables the post set before the part it shows (or in another post): asked for, not warned about.
  const undefinedNames = new Set<string>();
  for (const diagnostic of await lintLab(parseLab(lab, options.labFile, { defaultId: options.id }).lab)) {
    const name = diagnostic.rule === 'undefined-variable' ? /variable `([^`]+)`/.exec(diagnostic.message)?.[1] : undefined;
    if (name) undefinedNames.add(name);
  }
  if (undefinedNames.size > 0) lab = labText(steps, trailer, options, Object.fromEntries([...undefinedNames].map((name) => [name, 'used by the post, set outside the part it shows: give its value'])));
  const parsed = parseLab(lab, options.labFile, { defaultId: options.id }).lab;
  const byId = new Map(steps.map((step) => [step.id, step]));
  const fixtureSteps: FixtureStep[] = parsed.steps.map((step) => {
    const imported = byId.get(step.id)!;
    const stdout = imported.output === '' ? '' : `${imported.output}\n`;
    // A `for=` step passes by still running when stopped: the post's output is what it printed by then.
    const attempt = step.attributes.forMs !== undefined
      ? { exit: null, signal: 'SIGINT', durationMs: step.attributes.forMs, stoppedAfterFor: true, stdout, stderr: '' }
      : { exit: 0, durationMs: 0, stdout, stderr: '' };
    return {
      id: step.id, provenance: 'transcribed', sourceHash: step.sourceHash, command: step.command,
      attempts: [attempt],
      note: 'imported by `lab import`: the output as the post shows it (exit code and stderr not shown there)',
      source: { from: options.from, line: imported.line, ...(options.date ? { date: options.date } : {}) },
    };
  });
  const fixture: Fixture = {
    format: 1, lab: parsed.meta.id, labHash: parsed.sourceHash,
    recordedAt: options.date ? `${options.date}T00:00:00Z` : new Date().toISOString(),
    runner: options.runnerVersion, redactions: options.redactions, steps: fixtureSteps,
  };
  return { lab, fixture };
}

function labText(steps: DraftStep[], trailer: string, options: DraftOptions, vars: Record<string, string>): string {
  const kinds = new Map(steps.map((step) => [step.id, stepKind(step.command)]));
  // The post's closing deletions are the lab's cleanup (plus whatever ends the whole lab, wherever it stands).
  const cleanup = new Set<string>();
  for (let i = steps.length - 1; i >= 0 && kinds.get(steps[i]!.id)!.deletes; i--) cleanup.add(steps[i]!.id);
  for (const step of steps) if (kinds.get(step.id)!.endsLab) cleanup.add(step.id);

  const all = steps.map((step) => step.command).join('\n');
  const requires = PROGRAMS.filter((program) => new RegExp(`(?:^|[|;&(]\\s*|sudo\\s+)${program}\\b`, 'm').test(all));
  const front = [
    '---',
    `title: ${JSON.stringify(options.title)}`,
    `description: ${JSON.stringify(`Imported from ${options.from}${options.date ? ` (${options.date})` : ''}: review the prose, the expectations and the attributes.`)}`,
    ...(requires.length ? [`requires: [${requires.join(', ')}]`] : []),
    ...(requires.some((program) => CLOUD_PROGRAMS.has(program)) ? ['aws: true'] : []),
    ...(Object.keys(vars).length
      ? ['vars:', ...Object.entries(vars).map(([name, description]) => `  ${name}: { description: ${JSON.stringify(description)} }`)]
      : []),
    '---',
  ];
  const out: string[] = [front.join('\n'), `# ${options.title}`, `Drafted by \`lab import\` from ${options.from}. The outputs below are the post's, kept in the fixture as \`transcribed\`.`];
  const stepText = (step: DraftStep) => {
    const kind = kinds.get(step.id)!;
    const attributes = [`id=${step.id}`];
    if (cleanup.has(step.id)) attributes.push('cleanup');
    if (kind.attributes.timeout) attributes.push(`timeout=${kind.attributes.timeout}`);
    if (kind.attributes.for) attributes.push(`for=${kind.attributes.for}`);
    if (kind.attributes.confirm) attributes.push(`confirm=${JSON.stringify(kind.attributes.confirm)}`);
    const parts = [];
    if (step.caption) parts.push(step.caption);
    parts.push(fenced(`bash ${attributes.join(' ')}`, step.command));
    if (step.lead) parts.push(step.lead);
    if (step.output.trim() !== '') parts.push(fenced('expect', expectation(step.output)));
    return parts.join('\n\n');
  };
  for (const step of steps) if (!cleanup.has(step.id)) out.push(stepText(step));
  if (trailer) out.push(trailer);
  if (cleanup.size) out.push('## Clean up', ...steps.filter((step) => cleanup.has(step.id)).map(stepText));
  return `${out.join('\n\n')}\n`;
}

function expectation(output: string): string {
  const lines = output.split('\n').map((line) => elideRunSpecific(line).replace(/\{\{[^}]*\}\}/g, '[..]'));
  const shown = lines.length > EXPECT_LINES ? [...lines.slice(0, EXPECT_LINES), '...'] : lines;
  return shown.join('\n');
}

/** A fence longer than any run of backticks inside, so output holding ``` cannot close it. */
function fenced(info: string, body: string): string {
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${body}\n${fence}`;
}
