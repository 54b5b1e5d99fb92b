// `lab lint`: parse and lint every lab (and, when the fixtures module is there, its fixture);
// print `file:line:col: severity: message`. Exit 0 clean, 1 on any error, 2 when it cannot run.
import { formatDiagnostic, lintLab, type Diagnostic } from '../../lab/index.js';
import { checkedProfile } from '../../project/apply.js';
import { inheritedVariables } from '../../project/folder-session.js';
import { loadProjectLabs } from '../../project/load.js';
import { escapeData, escapeProperty } from '../../report/github.js';
import { fixtureDiagnostics } from '../../replay/lint.js';
import { compareNames } from '../../text/compare.js';
import { enableContentCache, persistentMemo } from '../../fs/content-cache.js';
import { rememberRegexVerdicts } from '../../expect/match-regex.js';

export interface LintOptions {
  reporter: 'text' | 'github';
  fixtures: boolean;
  maxAge: string;
  profile?: string;
}

const FIXTURE_FILE_RULES = new Set(['fixture-invalid', 'fixture-folded-output']);

export async function lintCommand(paths: string[], options: LintOptions): Promise<number> {
  // Lint judges each fixture's outputs like a replay: the same cached verdicts.
  if (enableContentCache()) rememberRegexVerdicts(persistentMemo('regex-verdicts'));
  const loaded = await loadProjectLabs(paths, { profile: checkedProfile(options.profile) });
  // In run order (loadProjectLabs' order), before the files are sorted for the output.
  const inherited = inheritedVariables(loaded.labs.map((entry) => entry.lab));
  const files = loaded.labs.sort((a, b) => compareNames(a.lab.file, b.lab.file));
  const all: Diagnostic[] = [];
  for (const { lab, diagnostics, profile } of files) {
    const found = [...diagnostics];
    if (!diagnostics.some((d) => d.rule === 'not-text' || d.rule === 'too-deep' || d.rule === 'too-long')) found.push(...(await lintLab(lab, diagnostics, { profile, inherited: inherited.get(lab.file) }))); // nothing was read to lint
    if (options.fixtures) {
      // While the lab has errors, only the fixture file's own problems are shown: stale, missing or
      // obsolete entries may just be echoes of a step the lab errors broke, as may a problem found
      // in the lab itself (a bad `fixture:` path).
      const labBroken = found.some((d) => d.severity === 'error');
      const fixture = await fixtureDiagnostics(lab, Number(options.maxAge));
      found.push(...(labBroken ? fixture.filter((d) => FIXTURE_FILE_RULES.has(d.rule) && d.position.file !== lab.displayPath) : fixture));
    }
    found.sort((a, b) => a.position.line - b.position.line || a.position.column - b.position.column);
    all.push(...found);
  }
  for (const diagnostic of all) process.stdout.write(`${format(diagnostic, options.reporter)}\n`);
  const errors = all.filter((d) => d.severity === 'error').length;
  const warnings = all.length - errors;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  process.stderr.write(`${plural(files.length, 'lab')} checked: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n`);
  return errors > 0 ? 1 : 0;
}

function format(diagnostic: Diagnostic, reporter: LintOptions['reporter']): string {
  if (reporter !== 'github') return formatDiagnostic(diagnostic, { rule: true });
  const { file, line, column } = diagnostic.position;
  return `::${diagnostic.severity} file=${escapeProperty(file)},line=${line},col=${column},title=${escapeProperty(diagnostic.rule)}::${escapeData(diagnostic.message)}`;
}
