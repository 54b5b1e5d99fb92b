// `--reporter junit`: JUnit XML. A <testsuite> per lab, a <testcase> per step (remote steps
// list each host's or pod's result in <system-out>), failures with file:line and the diff.
import { provenanceWords } from './provenance.js';
import { formatPosition } from '../errors/index.js';
import type { LabResult, RunResult, StepResult } from '../model/result.js';
import { DocumentReporter } from './document-reporter.js';
import { failureText, stripAnsi } from './summary.js';

/**
 * Text safe inside an XML element: ANSI escapes go, characters XML 1.0 cannot carry at all
 * (C0 controls but tab/newline/CR, lone surrogates, U+FFFE/U+FFFF) are removed, markup is escaped.
 */
export function escapeXml(text: string): string {
  return stripAnsi(text)
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** Text safe inside an attribute: parsers fold raw newlines and tabs to spaces, so keep them as references. */
export function escapeXmlAttribute(text: string): string {
  return escapeXml(text).replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);
const attr = (name: string, value: string | number) => ` ${name}="${escapeXmlAttribute(String(value))}"`;

export class JunitReporter extends DocumentReporter {
  protected render(result: RunResult): string {
    const suites = result.labs.map((lab) => this.suite(lab));
    const steps = result.labs.flatMap((lab) => lab.steps);
    const errors = result.labs.filter((lab) => lab.status === 'error').length;
    const head = `<testsuites${attr('name', 'lab')}${attr('tests', steps.length + errors)}`
      + `${attr('failures', steps.filter((s) => s.status === 'failed').length)}${attr('errors', errors)}`
      + `${attr('skipped', steps.filter((s) => s.status === 'skipped').length)}${attr('time', seconds(result.durationMs))}>`;
    return `<?xml version="1.0" encoding="UTF-8"?>\n${head}\n${suites.join('')}</testsuites>\n`;
  }

  private suite(result: LabResult): string {
    const cases = result.steps.map((step) => this.testcase(result, step));
    if (result.error) cases.push(errorCase(result, result.error));
    const failures = result.steps.filter((s) => s.status === 'failed').length;
    const skipped = result.steps.filter((s) => s.status === 'skipped').length;
    const head = `  <testsuite${attr('name', result.labId)}${attr('tests', cases.length)}${attr('failures', failures)}`
      + `${attr('errors', result.error ? 1 : 0)}${attr('skipped', skipped)}${attr('time', seconds(result.durationMs))}${attr('file', result.file)}>`;
    return `${head}\n${cases.join('')}  </testsuite>\n`;
  }

  private testcase(labResult: LabResult, step: StepResult): string {
    const position = this.index.step(labResult, step)?.position;
    const line = position?.line;
    const open = `    <testcase${attr('name', step.stepId)}${attr('classname', labResult.labId)}${attr('file', labResult.file)}`
      + `${line ? attr('line', line) : ''}${attr('time', seconds(step.durationMs))}>`;
    const body: string[] = [];
    // `time` is this run's; how long the recorded run took is a property beside it (a replay takes milliseconds).
    const properties = [
      ...(step.provenance ? [`<property${attr('name', 'provenance')}${attr('value', provenanceWords(step.provenance))}/>`] : []),
      ...(step.recordedDurationMs !== undefined ? [`<property${attr('name', 'recordedTime')}${attr('value', seconds(step.recordedDurationMs))}/>`] : []),
    ];
    if (properties.length) body.push(`      <properties>${properties.join('')}</properties>`);
    if (step.status === 'skipped') body.push(`      <skipped${attr('message', step.skipReason ?? 'skipped')}/>`);
    if (step.status === 'failed') {
      const text = step.failures.map((f) => `${failureText(f, position)}${f.diff ? `\n${f.diff}` : ''}`).join('\n\n') || 'failed';
      const message = step.failures[0] ? failureText(step.failures[0], position) : 'failed';
      body.push(`      <failure${attr('message', message)}${attr('type', 'StepFailed')}>${escapeXml(text)}</failure>`);
    }
    if (step.warnings) {
      const text = step.warnings.map((f) => `warning: ${failureText(f, position)}${f.diff ? `\n${f.diff}` : ''}`).join('\n\n');
      body.push(`      <system-err>${escapeXml(text)}</system-err>`);
    }
    if (step.remotes) {
      const lines = step.remotes.map((remote) => `${remote.name}: ${remote.status}${remote.error ? ` (${remote.error})` : ''}`);
      body.push(`      <system-out>${escapeXml(lines.join('\n'))}</system-out>`);
    }
    return body.length ? `${open}\n${body.join('\n')}\n    </testcase>\n` : `${open}</testcase>\n`;
  }
}

/** A lab that could not run at all becomes one errored case, so CI shows it, not a quiet empty suite. */
function errorCase(result: LabResult, error: NonNullable<LabResult['error']>): string {
  const where = error.position ? `${formatPosition(error.position)}: ` : '';
  const text = `${where}${error.message}${error.hint ? `\nhint: ${error.hint}` : ''}`;
  return `    <testcase${attr('name', '(lab)')}${attr('classname', result.labId)}${attr('file', result.file)}`
    + `${error.position ? attr('line', error.position.line) : ''}${attr('time', '0')}>\n`
    + `      <error${attr('message', `${where}${error.message}`)}${attr('type', error.code)}>${escapeXml(text)}</error>\n    </testcase>\n`;
}
