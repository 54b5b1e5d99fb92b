// The step rules, once, over a target a test plans: the same StepRunner that lab run, lab record
// and lab walk drive. Each rule here would hold for the lab's bash, ssh hosts, pods and replay.
import { describe, expect, it } from 'vitest';
import { parseLab } from '../../runner/lab/parse.js';
import type { Lab } from '../../runner/model/lab.js';
import type { OutputChunk } from '../../runner/model/events.js';
import { StepRunner } from '../../runner/step/runner.js';
import type { AttemptRequest, LocalTarget, RemoteList, TargetAttempt, TargetSet } from '../../runner/step/target.js';

const fence = '```';

function labOf(body: string, frontmatter = ''): Lab {
  const { lab, diagnostics } = parseLab(`---\ntitle: T\n${frontmatter}---\n\n# T\n\n${body}`, '/tmp/t.md', { displayPath: 't.md' });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return lab;
}

type Plan = (request: AttemptRequest) => TargetAttempt | undefined;

class PlannedTarget implements LocalTarget {
  readonly requests: AttemptRequest[] = [];
  constructor(readonly mode: 'live' | 'replay', private readonly plan: Plan, private readonly remoteNames?: string[]) {}
  async attempt(request: AttemptRequest) {
    this.requests.push(request);
    const planned = this.plan(request);
    if (planned?.attempt) {
      request.onOutput('stdout', planned.attempt.stdout);
      if (planned.attempt.stderr) request.onOutput('stderr', planned.attempt.stderr);
    }
    return planned;
  }
  async remotes(): Promise<RemoteList | undefined> {
    return this.remoteNames && { remotes: this.remoteNames.map((name) => ({ kind: 'pod', name })) };
  }
  targets(): TargetSet {
    return { mode: this.mode, local: this, for: () => this, close: async () => {} };
  }
}

const ok = (stdout: string, exitCode = 0): TargetAttempt => ({ attempt: { stdout, stderr: '', exitCode, durationMs: 7 } });

function runnerFor(lab: Lab, target: PlannedTarget, variables: Record<string, string> = {}) {
  return new StepRunner(lab, target.targets(), { variables, yes: false, interactive: false });
}

describe('the step runner', () => {
  it('skips, refuses an unconfirmed live step headless, and skips a tty step without a terminal, before running anything', async () => {
    const lab = labOf(`${fence}bash id=a skip="not today"\necho a\n${fence}\n\n${fence}bash id=b confirm="Costs money"\necho b\n${fence}\n\n${fence}bash id=c tty\nssh node\n${fence}\n`);
    const target = new PlannedTarget('live', () => ok('x\n'));
    const runner = runnerFor(lab, target);
    const [a, b, c] = await Promise.all(lab.steps.map((step) => runner.run(step)));
    expect(a).toMatchObject({ status: 'skipped', skipReason: 'not today' });
    expect(b!.status).toBe('failed');
    expect(b!.failures[0]!.message).toBe('t.md:11:1: this step asks for confirmation ("Costs money"): pass --yes to accept it in a headless run');
    expect(c).toMatchObject({ status: 'skipped', skipReason: 'needs a terminal: run it in `lab walk`' });
    expect(target.requests).toEqual([]);
    // Confirmed, the same step runs.
    expect((await runner.run(lab.steps[1]!, { confirmed: true })).status).toBe('passed');
  });

  it('retries until the expectations pass, waiting between attempts live and never in replay', async () => {
    const lab = labOf(`${fence}bash id=wait retry=3 interval=300ms\nstatus\n${fence}\n\n${fence}expect\nACTIVE\n${fence}\n`);
    for (const mode of ['live', 'replay'] as const) {
      const target = new PlannedTarget(mode, (request) => ok(request.attempt < 3 ? 'CREATING\n' : 'ACTIVE\n'));
      const started = Date.now();
      const result = await runnerFor(lab, target).run(lab.steps[0]!);
      const elapsed = Date.now() - started;
      expect(result.status).toBe('passed');
      expect(result.attempts.map((attempt) => attempt.stdout)).toEqual(['CREATING\n', 'CREATING\n', 'ACTIVE\n']);
      if (mode === 'live') expect(elapsed).toBeGreaterThanOrEqual(550);
      // Replay never waits between attempts, and its time is its own (no fixture here, so no recorded time beside it).
      else {
        expect(elapsed).toBeLessThan(300);
        expect(result.durationMs).toBeLessThan(300);
        expect(result.recordedDurationMs).toBeUndefined();
      }
    }
  });

  it('fans out over remotes, retries only the failing one, and names it in the failure', async () => {
    const lab = labOf(`${fence}bash id=each pods="$P" retry=2 interval=10ms\ncheck\n${fence}\n\n${fence}expect\nready\n${fence}\n`, 'vars:\n  P: { default: x }\n');
    const target = new PlannedTarget('live', (request) => (request.remote!.name === 'b' ? ok('not ready\n') : request.remote!.name === 'c' ? { error: 'no pod named "c"' } : ok('ready\n')), ['a', 'b', 'c']);
    const result = await runnerFor(lab, target).run(lab.steps[0]!);
    expect(result.status).toBe('failed');
    expect(result.remotes!.map((remote) => [remote.name, remote.status, remote.attempts.length, remote.error])).toEqual([
      ['a', 'passed', 1, undefined], ['b', 'failed', 2, undefined], ['c', 'failed', 0, 'no pod named "c"'],
    ]);
    expect(target.requests.map((request) => `${request.remote!.name}#${request.attempt}`)).toEqual(['a#1', 'b#1', 'c#1', 'b#2', 'c#2']);
    expect(result.failures.map((failure) => failure.message)).toEqual([
      expect.stringMatching(/^b: t\.md:\d+:1: stdout \(lines\) .* \(after 2 attempts\)$/),
      'c: no pod named "c"',
    ]);
  });

  it('captures from the stdout in replay as it does live, so a fixture needs no variables for it', async () => {
    const lab = labOf(`${fence}bash id=name capture=NAME\necho web-1\n${fence}\n\n${fence}bash id=use\necho "$NAME"\n${fence}\n\n${fence}expect\n{{NAME}}\n${fence}\n`);
    const target = new PlannedTarget('replay', (request) => ok(request.step.id === 'name' ? 'web-1\n' : 'web-1\n'));
    const runner = runnerFor(lab, target);
    expect((await runner.run(lab.steps[0]!)).variables).toEqual({ NAME: 'web-1' });
    expect(runner.displayCommand(lab.steps[1]!)).toBe('echo "web-1"');
    expect((await runner.run(lab.steps[1]!)).status).toBe('passed');
  });

  it('runs a task as its solution, then its check; the solution alone and the check alone on request', async () => {
    const lab = labOf(`## Task\n\n${fence}bash id=check verify\ntest -f done\n${fence}\n\n${fence}bash solve\ntouch done\n${fence}\n`);
    const target = new PlannedTarget('live', () => ok(''));
    const runner = runnerFor(lab, target);
    await runner.run(lab.steps[0]!);
    await runner.run(lab.steps[0]!, { part: 'check' });
    await runner.run(lab.steps[0]!, { part: 'solve' });
    expect(target.requests.map((request) => `${request.part}:${request.script}`)).toEqual(['solve:touch done', 'step:test -f done', 'step:test -f done', 'solve:touch done']);
  });

  it('masks secret values and credentials in output, commands and results, even when split across chunks', async () => {
    const lab = labOf(`${fence}bash id=leak\necho "$TOKEN"\n${fence}\n`, 'vars:\n  TOKEN: { secret: true }\n');
    const secret = 's3cr3t-value-123';
    const target = new PlannedTarget('live', () => undefined);
    target.attempt = async (request) => {
      target.requests.push(request);
      request.onOutput('stdout', `key ${secret.slice(0, 5)}`);
      request.onOutput('stdout', `${secret.slice(5)} AKIAIOSFODNN7EXAMPLE\nmore`);
      return { attempt: { stdout: `key ${secret} AKIAIOSFODNN7EXAMPLE\nmore`, stderr: '', exitCode: 0, durationMs: 1 } };
    };
    const chunks: OutputChunk[] = [];
    const result = await runnerFor(lab, target, { TOKEN: secret }).run(lab.steps[0]!, { onOutput: (chunk) => void chunks.push(chunk) });
    expect(chunks.map((chunk) => chunk.text)).toEqual(['key <SECRET:TOKEN> <AWS_ACCESS_KEY_ID>\n', 'more']);
    expect(result.command).toBe('echo "<SECRET:TOKEN>"');
    expect(result.attempts[0]!.stdout).toBe('key <SECRET:TOKEN> <AWS_ACCESS_KEY_ID>\nmore');
    expect(target.requests[0]!.script).toBe('echo "$TOKEN"'); // the target gets the real block
  });
});
