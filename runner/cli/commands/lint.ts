// `lab lint`: parse and lint every lab (and, when the fixtures module is there, its fixture);
// print `file:line:col: severity: message`. Exit 0 clean, 1 on any error, 2 when it cannot run.
import { discoverLabs, lintLab, loadLab, type Diagnostic } from '../../lab/index.js';
import { fixtureDiagnostics } from '../../fixtures/lint.js';

export interface LintOptions {
  reporter: 'text' | 'github';
  fixtures: boolean;
  maxAge: string;
}

export async function lintCommand(paths: string[], options: LintOptions): Promise<number> {
  const files = await discoverLabs(paths);
  const all: Diagnostic[] = [];
  for (const file of files.sort()) {
    const { lab, diagnostics } = await loadLab(file);
    const found = [...diagnostics];
    if (!diagnostics.some((d) => d.rule === 'not-text')) found.push(...lintLab(lab));
    if (options.fixtures && !found.some((d) => d.severity === 'error')) found.push(...(await fixtureDiagnostics(lab, Number(options.maxAge))));
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
  const { file, line, column } = diagnostic.position;
  if (reporter === 'github') {
    const property = (value: string) => value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/:/g, '%3A').replace(/,/g, '%2C');
    const message = diagnostic.message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
    return `::${diagnostic.severity} file=${property(file)},line=${line},col=${column},title=${property(diagnostic.rule)}::${message}`;
  }
  return `${file}:${line}:${column}: ${diagnostic.severity}: ${diagnostic.message} [${diagnostic.rule}]`;
}
