// A fixture as a target: each attempt is the recorded one of that number, for the step or for
// each of its hosts and pods, so replay goes through the same step rules as a live run. Nothing
// here starts a process, sleeps through recorded durations, or touches the network.
import type { Lab, Step } from '../model/lab.js';
import type { OutputProvenance } from '../model/result.js';
import type { AttemptRequest, BackgroundJob, LocalTarget, RemoteList, StepVerdict, TargetAttempt } from '../step/target.js';
import type { Fixture, FixtureStep } from './model.js';
import { fixtureRemotes } from './remotes.js';
import { toAttempt } from './replay.js';
import { compareStep, rerecordCommand, fixCommand, missingFixCommand, staleWords } from './stale.js';

export class ReplayTarget implements LocalTarget {
  readonly mode = 'replay' as const;
  private readonly steps: Map<string, FixtureStep>;
  private readonly recordedAt: string | undefined;

  /**
   * `remoteKindOf`: the kind of remote a step names (hosts=, pods=...), undefined for a step of the session.
   * `replayStale`: a practice walk replays a changed step's old output (and says so) instead of failing it;
   * CI and `lab run` never do.
   */
  constructor(private readonly lab: Lab, fixture: Fixture, private readonly remoteKindOf: (step: Step) => string | undefined, private readonly replayStale = false) {
    this.steps = new Map(fixture.steps.map((step) => [step.id, step]));
    this.recordedAt = /^\d{4}-\d{2}-\d{2}/.exec(fixture.recordedAt)?.[0];
  }

  verdict(step: Step): StepVerdict | undefined {
    const entry = this.steps.get(step.id);
    const again = `\`${rerecordCommand(this.lab, step)}\``;
    const state = compareStep(step, entry);
    if (state === 'missing') {
      const fix = missingFixCommand(this.lab, step, { steps: [...this.steps.values()] });
      return { fail: `step \`${step.id}\` is not in the fixture: ${fix.startsWith('lab accept') ? 'add an entry for it with' : 'record it with'} \`${fix}\`` };
    }
    if (state === 'stale' && !this.replayStale) {
      const fix = fixCommand(this.lab, step, entry);
      return { fail: `step \`${step.id}\` ${staleWords(entry)} (stale): ${fix.startsWith('lab accept') ? 'check and stamp it with' : 're-record it with'} \`${fix}\`` };
    }
    if (entry!.skipped !== undefined) return { skip: entry!.skipped };
    if (step.attributes.tty) return undefined;
    const kind = this.remoteKindOf(step);
    const remotes = fixtureRemotes(entry!);
    if (kind && !remotes?.some((remote) => remote.kind === kind)) return { fail: `the fixture holds no ${kind}s for \`${step.id}\`: re-record it with ${again}` };
    // A remote entry with neither an attempt nor an error (its attempts deleted by hand) has nothing to replay.
    const empty = kind ? remotes?.find((remote) => remote.kind === kind && remote.attempts.length === 0 && remote.error === undefined) : undefined;
    if (empty) return { fail: `the fixture holds no attempt of ${kind} \`${empty.name}\` for \`${step.id}\`: re-record it with ${again}` };
    if (!kind && entry!.attempts.length === 0) return { fail: `the fixture holds no attempt for \`${step.id}\`: re-record it with ${again}` };
    return undefined;
  }

  provenance(step: Step): OutputProvenance | undefined {
    const entry = this.steps.get(step.id);
    if (!entry) return undefined;
    if (entry.provenance === 'recorded') return { kind: 'recorded', ...(this.recordedAt ? { date: this.recordedAt } : {}) };
    const source = entry.source;
    return { kind: entry.provenance, ...(source?.from ? { from: source.from } : {}), ...(source?.line ? { line: source.line } : {}), ...(source?.date ? { date: source.date } : {}) };
  }

  async remotes(step: Step): Promise<RemoteList | undefined> {
    const kind = this.remoteKindOf(step);
    if (!kind) return undefined;
    const entry = this.steps.get(step.id);
    const recorded = (entry && fixtureRemotes(entry)) ?? [];
    return { remotes: recorded.filter((remote) => remote.kind === kind).map(({ kind, name }) => ({ kind, name })) };
  }

  async attempt(request: AttemptRequest): Promise<TargetAttempt | undefined> {
    // A task's solution is never recorded: only its check is.
    if (request.part === 'solve') return { attempt: { stdout: '', stderr: '', exitCode: 0, durationMs: 0 } };
    const entry = this.steps.get(request.step.id);
    if (!entry) return undefined;
    if (request.hook) {
      const hook = entry.hooks?.find((h) => h.phase === request.hook!.phase && h.name === request.hook!.name);
      const recorded = hook?.attempts[0];
      if (!recorded) return { error: `the fixture holds no \`${request.hook.phase}\` run of hook ${request.hook.name}: re-record it with \`${rerecordCommand(this.lab, request.step)}\`` };
      return { attempt: toAttempt(recorded) };
    }
    const remote = request.remote && fixtureRemotes(entry)?.find((r) => r.kind === request.remote!.kind && r.name === request.remote!.name);
    const attempts = remote ? remote.attempts : entry.attempts;
    const recorded = attempts[request.attempt - 1];
    // A remote's recorded error belongs to its last attempt (or stands alone when it never ran).
    const error = remote?.error !== undefined && request.attempt === Math.max(1, attempts.length) ? remote.error : undefined;
    if (!recorded) return error ? { error } : undefined;
    if (recorded.stdout) request.onOutput('stdout', recorded.stdout);
    if (recorded.stderr) request.onOutput('stderr', recorded.stderr);
    return { attempt: toAttempt(recorded), ...(error ? { error } : {}), ...(entry.variables ? { variables: { ...entry.variables } } : {}) };
  }

  async background(request: AttemptRequest): Promise<BackgroundJob> {
    const entry = this.steps.get(request.step.id);
    const log = (entry?.attempts ?? []).map((attempt) => attempt.stdout + attempt.stderr).join('');
    return { running: () => false, log: () => log, stop: async () => {} };
  }
}
