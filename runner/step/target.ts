// The target interface: the one thing that differs between running a step in the lab's bash, on
// hosts over ssh, in pods through `kubectl exec`, or from a fixture. A target runs one script
// once and hands back an attempt; every rule about steps (skip, confirm, tty, background, tasks,
// retries, judging, fan-out over remotes, capture, redaction) lives above it, in the step runner.
import type { Step } from '../model/lab.js';
import type { AttemptResult, OutputProvenance } from '../model/result.js';
import type { OutputPressure } from '../model/events.js';

/** How a `tty` step's terminal session ended; `refused`: it set a variable past its cap (its state was not kept). */
export type TerminalOutcome = Pick<AttemptResult, 'exitCode' | 'refused'>;

/** One host or pod a remote step runs on. */
export interface Remote {
  /** `host` (ssh), `pod` (kubectl exec)...: the kind of the target that resolved it. */
  kind: string;
  name: string;
}

export interface AttemptRequest {
  step: Step;
  /** What to run: the step's block, the walk's edited command, or a task's `solve` block. */
  script: string;
  /** A task's solution is never recorded, so replay has nothing to show for it. */
  part: 'step' | 'solve';
  /** The host or pod, for a remote step. */
  remote?: Remote;
  /** 1-based: replay hands back the recorded attempt of that number. */
  attempt: number;
  timeoutMs: number;
  /** Aborted on Ctrl-C: stop the attempt like a terminal would. */
  signal?: AbortSignal;
  /** Raw output as it comes (the step runner cuts it into lines and redacts it); a promise: read no more until it settles. */
  onOutput(stream: 'stdout' | 'stderr', data: Buffer | string): OutputPressure;
  /** The script is the step's hook, not the step: replay hands back the hook's recorded result. */
  hook?: { phase: 'before' | 'after'; name: string };
}

export interface TargetAttempt {
  /** What the script did; absent when it never ran (the remote could not be reached at all). */
  attempt?: AttemptResult;
  /**
   * The script could not be run as asked (host unreachable, no such pod, kubectl forbidden), in
   * words: a per-remote error, never judged against the expectations.
   */
  error?: string;
  /** Shell variables the attempt created or changed (the lab's bash; replay: as recorded). */
  variables?: Record<string, string>;
}

/** The hosts or pods a remote step runs on, or why there are none. */
export type RemoteList = { remotes: Remote[] } | { error: string };

export interface BackgroundJob {
  running(): boolean;
  log(): string;
  stop(): Promise<void>;
}

/** Why a step cannot run on this target (replay: not recorded, stale), or why it was skipped when recorded. */
export type StepVerdict = { fail: string } | { skip: string };

export interface Target {
  readonly mode: 'live' | 'replay';
  /** Runs the script once; undefined when there is no attempt to give (replay ran out of them). */
  attempt(request: AttemptRequest): Promise<TargetAttempt | undefined>;
  /** A remote step's hosts or pods (`values`: the lab's variables); undefined for a step that runs in the session itself. */
  remotes?(step: Step, values: Record<string, string>, signal?: AbortSignal): Promise<RemoteList | undefined>;
  /** Starts a `background` step and leaves it running. */
  background?(request: AttemptRequest): Promise<BackgroundJob>;
  /** Hands the terminal to a `tty` step (walk, live); resolves with its exit code (and why its state was refused). */
  interactive?(request: Pick<AttemptRequest, 'step' | 'script' | 'remote'>): Promise<TerminalOutcome>;
  verdict?(step: Step): StepVerdict | undefined;
  /** Replay: where the step's output came from, for reports that must not call a transcript "recorded". */
  provenance?(step: Step): OutputProvenance | undefined;
}

/** The targets of one lab's run: the session itself, and the one that runs each remote step. */
export interface TargetSet {
  readonly mode: 'live' | 'replay';
  /** The lab's own session: local steps, variables, the working directory. */
  readonly local: LocalTarget;
  /** The target that runs this step (the local one unless the step names hosts, pods...). */
  for(step: Step): Target;
  /** Stops background jobs and releases shells and clients. */
  close(): Promise<void>;
}

/** The session a lab runs in: it keeps the variables and the directory between steps. */
export interface LocalTarget extends Target {
  /** Variables for the steps to come (frontmatter, --var, capture=, a resumed walk's). */
  setVariables?(values: Record<string, string>): void;
  /** Where the last step left the shell (live); undefined in replay. */
  workingDirectory?(): string | undefined;
  /** Live: an interactive shell with the session's state on the runner's terminal (the walk's Terminal key). */
  attachShell?(): Promise<ShellAttachment>;
}

export interface DefinitionChanges {
  functions: Record<string, string>;
  removedFunctions: string[];
  aliases: Record<string, string>;
  removedAliases: string[];
}

/** What the learner changed in a shell attached to the session, as the session took it. */
export interface ShellAttachment {
  exitCode: number | null;
  /** The signal that killed the shell (from another terminal): it left no state. */
  signal?: NodeJS.Signals;
  /** False when the shell was killed and the terminal could not be taken back from it. */
  terminalBack: boolean;
  /** Why nothing was taken from the shell (a variable past the size cap, named). */
  refused?: string;
  /** Variables created or changed, with their values (secrets included: for the runner, never shown). */
  variables: Record<string, string>;
  unset: string[];
  /** The learner moved to another directory. */
  movedTo?: string;
  /** Functions or aliases created, changed or removed. */
  definitions: boolean;
  /** Those definitions, by name (`declare -f` text, `alias -p` line), and the names removed. */
  definitionChanges?: DefinitionChanges;
  /** Shell options changed at the prompt and taken (`set -o pipefail`, `shopt -s nullglob`). */
  options?: string[];
  /** False when the shell left no state (replaced with `exec`, killed): nothing was taken. */
  adopted: boolean;
}
