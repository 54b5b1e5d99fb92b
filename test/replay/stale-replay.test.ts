import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseLab } from '../../runner/lab/parse.js';
import type { Lab } from '../../runner/model/lab.js';
import type { Fixture, FixtureStep } from '../../runner/replay/model.js';
import { compareFixture, rerecordCommand } from '../../runner/replay/stale.js';
import { mergeFixture, toAttempt } from '../../runner/replay/replay.js';

const source = (waitCommand: string) => `---
title: Staleness
---
## Steps

\`\`\`bash id=create
echo create
\`\`\`

\`\`\`bash id=wait-update retry=3 interval=1s
${waitCommand}
\`\`\`

\`\`\`expect
Successful
\`\`\`

\`\`\`bash id=later skip="not in replay"
echo later
\`\`\`

\`\`\`bash id=peers hosts="n1 n2"
uname -r
\`\`\`
`;

function lab(waitCommand = 'aws eks describe-update --query update.status'): Lab {
  const parsed = parseLab(source(waitCommand), '/project/labs/week1/stale lab.md', { defaultId: 'week1/stale-lab' });
  parsed.lab.displayPath = 'labs/week1/stale lab.md';
  return parsed.lab;
}

function entry(id: string, sourceHash: string, stdout = `${id}\n`): FixtureStep {
  return { id, provenance: 'recorded', sourceHash, command: `echo ${id}`, attempts: [{ exit: 0, durationMs: 5, stdout, stderr: '' }] };
}

function fixtureFor(current: Lab, steps: FixtureStep[]): Fixture {
  return { format: 1, lab: current.meta.id, labHash: current.sourceHash, recordedAt: '2026-03-16T05:06:07.000Z', runner: '0.1.0', redactions: [], steps };
}

const hashOf = (current: Lab, id: string) => current.steps.find((s) => s.id === id)!.sourceHash;

describe('compareFixture', () => {
  it('finds stale, missing and obsolete steps by id and source hash', () => {
    const recordedLab = lab();
    const fixture = fixtureFor(recordedLab, [entry('create', hashOf(recordedLab, 'create')), entry('wait-update', hashOf(recordedLab, 'wait-update')), entry('gone', 'x')]);
    expect(compareFixture(recordedLab, fixture)).toMatchObject({ stale: [], missing: [{ id: 'peers' }], obsolete: [{ id: 'gone' }] });

    const edited = lab('aws eks describe-update --query update.status --output text');
    expect(hashOf(edited, 'wait-update')).not.toBe(hashOf(recordedLab, 'wait-update'));
    const comparison = compareFixture(edited, fixture);
    expect(comparison.stale.map((s) => s.id)).toEqual(['wait-update']);
    expect(comparison.stale[0]!.position.line).toBe(10);
  });

  it('counts empty and pending hashes as stale, and everything as missing without a fixture', () => {
    const current = lab();
    const fixture = fixtureFor(current, [entry('create', ''), entry('wait-update', 'pending'), entry('peers', hashOf(current, 'peers'))]);
    expect(compareFixture(current, fixture).stale.map((s) => s.id)).toEqual(['create', 'wait-update']);
    expect(compareFixture(current, undefined).missing.map((s) => s.id)).toEqual(['create', 'wait-update', 'peers']);
  });

  it('gives the exact re-record command, quoting a path with spaces', () => {
    const current = lab();
    expect(rerecordCommand(current, current.steps[1]!)).toBe(`lab record 'labs/week1/stale lab.md' --only wait-update`);
    expect(rerecordCommand({ displayPath: 'labs/week1/a.md' }, { id: 'x' })).toBe('lab record labs/week1/a.md --only x');
  });
});

describe('replay source', () => {
  it('turns recorded attempts back into the results a live run gave', () => {
    const killed = { exit: null, signal: 'SIGKILL', durationMs: 600000, timedOut: true, stdout: 'partial', stderr: '' };
    expect([killed, { exit: 0, durationMs: 7, stdout: 'Successful\n', stderr: 'warn\n' }].map(toAttempt)).toEqual([
      { stdout: 'partial', stderr: '', exitCode: null, signal: 'SIGKILL', durationMs: 600000, timedOut: true },
      { stdout: 'Successful\n', stderr: 'warn\n', exitCode: 0, durationMs: 7 },
    ]);
    expect(toAttempt({ exit: 130, durationMs: 1000, stoppedAfterFor: true, stdout: 'tick\n', stderr: '' })).toMatchObject({ exitCode: 130, stoppedAfterFor: true });
  });

  it('never imports anything that starts a process, in any file of runner/replay', () => {
    const folder = path.resolve('runner/replay');
    // The session modules that spawn; pure ones (attempt-loop, step-result, variables, ssh-command) are fine.
    const spawning = /from ['"](node:)?child_process['"]|from ['"](execa|zx)['"]|\.\.\/session\/(shell|ssh-process|ssh-fanout|remote-step|live-executor|preflight|process-group|index)/;
    const files = readdirSync(folder).filter((name) => name.endsWith('.ts'));
    expect(files).toContain('target.ts');
    for (const file of files) expect(readFileSync(path.join(folder, file), 'utf8'), file).not.toMatch(spawning);
  });
});

describe('mergeFixture', () => {
  const current = lab();
  const old = fixtureFor(current, [entry('create', 'h1', 'old create\n'), entry('wait-update', 'h2', 'old wait\n'), entry('gone', 'h0')]);
  old.redactions = [{ rule: 'account-id', count: 2 }];

  it('replaces only the re-recorded steps, keeps the others as they were, in lab order', () => {
    const recorded = { ...fixtureFor(current, [entry('wait-update', 'h2b', 'new wait\n'), entry('peers', 'h4', 'new peers\n')]), recordedAt: '2026-04-01T00:00:00.000Z', redactions: [{ rule: 'account-id', count: 1 }, { rule: 'jwt', count: 1 }] };
    const merged = mergeFixture(old, recorded, new Set(['wait-update', 'peers']), current);
    expect(merged.steps.map((s) => [s.id, s.attempts[0]!.stdout])).toEqual([
      ['create', 'old create\n'], ['wait-update', 'new wait\n'], ['peers', 'new peers\n'], ['gone', 'gone\n'],
    ]);
    expect(merged.steps[0]).toBe(old.steps[0]);
    expect(merged.recordedAt).toBe('2026-04-01T00:00:00.000Z');
    expect(merged.redactions).toEqual([{ rule: 'account-id', count: 3 }, { rule: 'jwt', count: 1 }]);
  });

  it('keeps the old entry when the recording lacks a selected step, and orders without the lab', () => {
    const recorded = fixtureFor(current, [entry('create', 'h1b', 'new create\n'), entry('peers', 'h4')]);
    const merged = mergeFixture(old, recorded, new Set(['peers', 'wait-update', 'create']));
    expect(merged.steps.map((s) => [s.id, s.attempts[0]!.stdout])).toEqual([
      ['create', 'new create\n'], ['peers', 'peers\n'], ['wait-update', 'old wait\n'], ['gone', 'gone\n'],
    ]);
  });

  it('takes a full recording whole', () => {
    const recorded = fixtureFor(current, [entry('create', 'h1b')]);
    expect(mergeFixture(old, recorded)).toBe(recorded);
    expect(mergeFixture(undefined, recorded, new Set(['create']))).toBe(recorded);
  });
});
