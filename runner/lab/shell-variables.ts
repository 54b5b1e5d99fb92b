// A light reading of shell text for lint: which variables a block uses and which it defines.
// It understands quotes, comments and quoted heredocs well enough to avoid false alarms; it is
// not a shell parser, and lint only warns on what it finds.
import type { Lab, Step } from '../model/lab.js';

export interface VariableUse {
  name: string;
  /** 0-based offset in the text. */
  offset: number;
}

/** `$NAME` and `${NAME...}` expanded by the shell (not inside single quotes or quoted heredocs). */
export function findVariableUses(text: string): VariableUse[] {
  const uses: VariableUse[] = [];
  let inSingle = false;
  let inDouble = false;
  let heredocEnd: string | undefined;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (i === lineStart && heredocEnd !== undefined) {
      const end = text.indexOf('\n', i);
      const line = text.slice(i, end === -1 ? text.length : end);
      if (line.trim() === heredocEnd) heredocEnd = undefined;
      i = end === -1 ? text.length : end;
      lineStart = i + 1;
      continue;
    }
    if (char === '\n') {
      lineStart = i + 1;
      continue;
    }
    if (char === '\\' && !inSingle) {
      i++;
      continue;
    }
    if (char === "'" && !inDouble) inSingle = !inSingle;
    else if (char === '"' && !inSingle) inDouble = !inDouble;
    else if (char === '#' && !inSingle && !inDouble && (i === 0 || /\s/.test(text[i - 1]!))) {
      const end = text.indexOf('\n', i);
      i = (end === -1 ? text.length : end) - 1;
    } else if (char === '<' && !inSingle && !inDouble && text[i + 1] === '<') {
      const quoted = /^<<-?\s*(['"])([A-Za-z_][A-Za-z0-9_]*)\1/.exec(text.slice(i));
      if (quoted) heredocEnd = quoted[2];
      i++;
    } else if (char === '$' && !inSingle) {
      const match = /^\$(?:\{#?!?([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))/.exec(text.slice(i));
      if (match) uses.push({ name: (match[1] ?? match[2])!, offset: i });
    }
  }
  return uses;
}

/** Names a block assigns: `NAME=`, `export NAME`, `read NAME`, `for NAME in`, `local`/`declare`. */
export function findVariableDefinitions(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(/(?:^|[\s;&|(`])([A-Za-z_][A-Za-z0-9_]*)(?:\[[^\]]*\])?\+?=/g)) names.add(match[1]!);
  for (const match of text.matchAll(/\b(?:export|local|declare|typeset|readonly)((?:\s+-\w+)*)((?:\s+[A-Za-z_][A-Za-z0-9_]*(?:=\S*)?)+)/g)) {
    for (const word of match[2]!.trim().split(/\s+/)) names.add(word.split('=')[0]!);
  }
  for (const match of text.matchAll(/\bread((?:\s+-[A-Za-z]+(?:\s+\S+)?)*)((?:\s+[A-Za-z_][A-Za-z0-9_]*)+)/g)) {
    for (const word of match[2]!.trim().split(/\s+/)) names.add(word);
  }
  for (const match of text.matchAll(/\bfor\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\b/g)) names.add(match[1]!);
  for (const match of text.matchAll(/\bfor\s*\(\(\s*([A-Za-z_][A-Za-z0-9_]*)/g)) names.add(match[1]!);
  return names;
}

/** The variables a step sets: its `capture=`, the names its block assigns, and its task solution's. */
export function stepVariableNames(step: Step): Set<string> {
  const names = findVariableDefinitions(step.command);
  if (step.attributes.capture) names.add(step.attributes.capture);
  if (step.task?.solve) for (const name of findVariableDefinitions(step.task.solve.command)) names.add(name);
  return names;
}

/**
 * The variables a lab knows: those it declares (`vars:`, its project's included), captures
 * (`capture=`) or assigns in its own blocks (a task's solution too, which is what a learner types).
 */
export function labVariableNames(lab: Lab): Set<string> {
  const names = stepsVariableNames(lab);
  for (const spec of lab.meta.vars) names.add(spec.name);
  return names;
}

/** The variables the lab's steps set (see stepVariableNames), without its declared `vars:`. */
export function stepsVariableNames(lab: Lab): Set<string> {
  const names = new Set<string>();
  for (const step of lab.steps) for (const name of stepVariableNames(step)) names.add(name);
  return names;
}

/** Variables a learner's shell has without the lab defining them. */
export const ENVIRONMENT_VARIABLES = new Set([
  'HOME', 'PATH', 'USER', 'LOGNAME', 'PWD', 'OLDPWD', 'SHELL', 'TERM', 'HOSTNAME', 'LANG', 'LC_ALL', 'TMPDIR', 'UID',
  'EUID', 'PPID', 'RANDOM', 'SECONDS', 'LINENO', 'REPLY', 'IFS', 'OSTYPE', 'HOSTTYPE', 'MACHTYPE', 'EDITOR', 'PAGER',
  'KUBECONFIG', 'KUBE_EDITOR', 'LAB_RUNNER', 'CI', 'SSH_AUTH_SOCK', 'DISPLAY', 'XDG_CONFIG_HOME', 'XDG_STATE_HOME',
  'AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN',
  'AWS_PAGER', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE',
]);

export function isEnvironmentVariable(name: string): boolean {
  return ENVIRONMENT_VARIABLES.has(name) || name.startsWith('BASH') || name.startsWith('TF_VAR_') || name.startsWith('TF_');
}
