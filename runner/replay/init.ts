// `lab accept --init` (and `lab new`): a skeleton fixture to fill by hand. One entry per step the
// fixture lacks; entries already there are kept as they are. A `console` step's entry carries the
// block's own output (it is a transcript: provenance `transcribed`, source the lab's line); any
// other step's entry is `synthesized` with empty output, and a `capture` step gets a stub for
// its variable. Nothing is stamped: `lab accept` does that once the outputs are written.
import type { Lab, Step } from '../model/lab.js';
import type { Fixture, FixtureStep } from './model.js';

export function initFixture(lab: Lab, existing: Fixture | undefined, runnerVersion: string, now = new Date()): { fixture: Fixture; added: string[] } {
  const kept = new Map((existing?.steps ?? []).map((entry) => [entry.id, entry]));
  const added: string[] = [];
  const steps: FixtureStep[] = [];
  for (const step of lab.steps) {
    const entry = kept.get(step.id);
    if (entry) {
      steps.push(entry);
      kept.delete(step.id);
    } else {
      steps.push(skeletonEntry(lab, step));
      added.push(step.id);
    }
  }
  // Entries no step uses stay, at the end, for lint to name (a typo is better fixed than lost).
  steps.push(...kept.values());
  return {
    fixture: {
      format: 1, lab: lab.meta.id, labHash: existing?.labHash ?? '', recordedAt: existing?.recordedAt ?? now.toISOString(),
      runner: existing?.runner ?? runnerVersion, ...(existing?.tools ? { tools: existing.tools } : {}), redactions: existing?.redactions ?? [], steps,
    },
    added,
  };
}

function skeletonEntry(lab: Lab, step: Step): FixtureStep {
  const transcript = step.language === 'console';
  const stdout = transcript ? (step.expectations[0]?.text ?? '') : '';
  const entry: FixtureStep = {
    id: step.id,
    provenance: transcript ? 'transcribed' : 'synthesized',
    sourceHash: '',
    command: step.command,
    attempts: [{ exit: 0, durationMs: 0, stdout: stdout && !stdout.endsWith('\n') ? `${stdout}\n` : stdout, stderr: '' }],
  };
  // A remote step replays per host or pod: one entry for each name the lab lists (not for `$VAR`s or a selector).
  const names = (text: string | undefined) => (text && !text.includes('$') ? text.split(/\s+/).filter(Boolean) : []);
  const blank = () => [{ exit: 0, durationMs: 0, stdout: '', stderr: '' }];
  const hosts = names(step.attributes.hosts);
  const pods = names(step.attributes.pods);
  if (hosts.length || pods.length) entry.attempts = [];
  if (hosts.length) entry.hosts = hosts.map((host) => ({ host, attempts: blank() }));
  if (pods.length) entry.pods = pods.map((pod) => ({ pod, attempts: blank() }));
  if (transcript) entry.source = { from: lab.displayPath, line: step.position.line };
  else entry.note = 'written by hand: paste what the command printed into stdout, then `lab accept`';
  if (step.attributes.skip !== false) entry.skipped = typeof step.attributes.skip === 'string' ? step.attributes.skip : 'skip';
  const capture = step.attributes.capture;
  if (capture) entry.variables = { [capture]: transcript ? stdout.trim() : '' };
  return entry;
}
