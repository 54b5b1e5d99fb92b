// Pods as a target (`pods="$P1 $P2"`, `selector="k8s-app=aws-node"`): Fargate and Auto Mode nodes
// have no ssh, so the block runs through `kubectl exec -i` in each pod, in bash when the image has
// it. kubectl's own failures become a per-pod error in words instead of an expectation diff.
import { StringDecoder } from 'node:string_decoder';
import { LabError } from '../errors/index.js';
import type { Lab, Step } from '../model/lab.js';
import { runClientProcess } from '../process/client-process.js';
import type { ShellTarget } from '../shell/target.js';
import type { AttemptRequest, Remote, RemoteList, Target, TargetAttempt, TerminalOutcome } from '../step/target.js';
import { expandVariables, unresolvedVariable } from '../step/variables.js';
import { execArgs, interactiveExecArgs, invalidName, listPodsArgs, parsePodNames, splitPods, type KubeConnection } from './command.js';
import { describeKubectlFailure, inNamespace } from './errors.js';
import { ExitLineFilter, stripExitLine } from './exit-line.js';

export interface PodTargetOptions {
  /** `--kube-context`, over the lab's `kube-context:`. */
  kubeContext?: string;
  /** `--kubeconfig`. */
  kubeconfig?: string;
  /** Per stream, per pod (default 4 MiB, head and tail kept). */
  maxOutputBytes?: number;
  /** Added to this process's environment for kubectl (KUBECONFIG, AWS_PROFILE...; not sent into the pod). */
  env?: Record<string, string>;
}

/** A pod as this target resolved it: the namespace and container come from the step's attributes, expanded. */
export interface PodRemote extends Remote {
  kind: 'pod';
  namespace: string | undefined;
  container: string | undefined;
}

/** `kubectl get pods -l` should answer in seconds; a hung API server must not hold the step for its whole timeout. */
const LIST_TIMEOUT_MS = 60_000;

const KUBECTL_NOT_FOUND = 'kubectl not found on PATH: install it (https://kubernetes.io/docs/tasks/tools/)';

type Expanded = { value: string } | { error: string };

function expandAttribute(name: string, raw: string, values: Record<string, string>): Expanded {
  const value = expandVariables(raw, values).trim();
  const unresolved = unresolvedVariable(value);
  if (unresolved) return { error: `\`${name}=\` uses $${unresolved}, which has no value yet: set it in an earlier step or pass --var ${unresolved}=...` };
  return { value };
}

/** The step runner hands back the remotes `remotes()` gave; anything else has lost its namespace. */
function isPodRemote(remote: Remote | undefined): remote is PodRemote {
  return remote?.kind === 'pod' && 'namespace' in remote && 'container' in remote;
}

export class PodTarget implements Target {
  readonly mode = 'live' as const;

  constructor(
    private readonly lab: Lab,
    private readonly local: Pick<ShellTarget, 'runTerminal'>,
    private readonly options: PodTargetOptions = {},
  ) {}

  async remotes(step: Step, values: Record<string, string>, signal?: AbortSignal): Promise<RemoteList> {
    const { attributes } = step;
    const namespace = attributes.namespace === undefined ? undefined : expandAttribute('namespace', attributes.namespace, values);
    if (namespace && 'error' in namespace) return namespace;
    const container = attributes.container === undefined ? undefined : expandAttribute('container', attributes.container, values);
    if (container && 'error' in container) return container;
    const problem = (namespace && invalidName('namespace', namespace.value)) ?? (container && invalidName('container', container.value));
    if (problem) return { error: problem };

    const names = attributes.pods !== undefined
      ? this.listed(attributes.pods, values)
      : await this.selected(attributes.selector ?? '', namespace?.value, values, signal);
    if ('error' in names) return names;
    for (const name of names.pods) {
      const invalid = invalidName('pod', name);
      if (invalid) return { error: invalid };
    }
    const remotes: PodRemote[] = names.pods.map((name) => ({ kind: 'pod', name, namespace: namespace?.value, container: container?.value }));
    return { remotes };
  }

  async attempt(request: AttemptRequest): Promise<TargetAttempt> {
    const pod = request.remote;
    if (!isPodRemote(pod)) return { error: `pod "${pod?.name}" was not resolved by the pod target, so its namespace is unknown` };
    // stderr is read as text, for the exit line kubectl's wrapper adds at its end; stdout goes on as bytes.
    const stderr = new ExitLineFilter((text) => request.onOutput('stderr', text));
    const stderrText = new StringDecoder('utf8');
    const { attempt, spawnError } = await runClientProcess('kubectl', execArgs(this.place(pod), this.connection()), request.script, {
      timeoutMs: request.timeoutMs,
      signal: request.signal,
      env: this.options.env,
      maxOutputBytes: this.options.maxOutputBytes,
      notFound: KUBECTL_NOT_FOUND,
      onOutput: (chunk) => (chunk.stream === 'stderr' ? stderr.write(stderrText.write(chunk.data)) : request.onOutput('stdout', chunk.data)),
    });
    const stripped = stripExitLine(attempt.stderr, attempt.exitCode);
    stderr.write(stderrText.end());
    stderr.end(stripped.blockRan);
    const result = { ...attempt, stderr: stripped.stderr };
    if (spawnError) return { attempt: result, error: spawnError };
    // kubectl exits 1 for its own failures; the block's non-zero exits come with the exit line.
    if (attempt.exitCode === 1 && !stripped.blockRan) return { attempt: result, error: describeKubectlFailure(stripped.stderr, { namespace: pod.namespace }) };
    return { attempt: result };
  }

  interactive(request: Pick<AttemptRequest, 'step' | 'script' | 'remote'>): Promise<TerminalOutcome> {
    const pod = request.remote;
    if (!isPodRemote(pod)) throw new LabError('INTERNAL', `pod "${pod?.name}" was not resolved by the pod target`);
    const args = interactiveExecArgs(this.place(pod), this.connection(), request.script.trim() || undefined);
    return this.local.runTerminal(['kubectl', ...args], request.step.attributes.cwd);
  }

  private listed(raw: string, values: Record<string, string>): { pods: string[] } | { error: string } {
    const expanded = expandAttribute('pods', raw, values);
    if ('error' in expanded) return expanded;
    const pods = splitPods(expanded.value);
    return pods.length > 0 ? { pods } : { error: '`pods=` expanded to no pod at all' };
  }

  private async selected(raw: string, namespace: string | undefined, values: Record<string, string>, signal?: AbortSignal): Promise<{ pods: string[] } | { error: string }> {
    const expanded = expandAttribute('selector', raw, values);
    if ('error' in expanded) return expanded;
    const selector = expanded.value;
    if (selector.length === 0) return { error: '`selector=` is empty' };
    // `get` reads no stdin: the empty block runClientProcess feeds it is ignored.
    const { attempt, spawnError } = await runClientProcess('kubectl', listPodsArgs(selector, namespace, this.connection()), '', {
      timeoutMs: LIST_TIMEOUT_MS,
      signal,
      env: this.options.env,
      notFound: KUBECTL_NOT_FOUND,
    });
    const listing = `could not list the pods for selector "${selector}"`;
    if (spawnError) return { error: spawnError };
    if (attempt.timedOut) return { error: `${listing}: kubectl did not answer within ${LIST_TIMEOUT_MS / 1000}s` };
    if (attempt.interrupted) return { error: `${listing}: interrupted` };
    if (attempt.exitCode !== 0) return { error: `${listing}: ${describeKubectlFailure(attempt.stderr, { namespace })}` };
    const pods = parsePodNames(attempt.stdout);
    return pods.length > 0 ? { pods } : { error: `selector "${selector}" matched no pods ${inNamespace(namespace)}` };
  }

  private place(pod: PodRemote) {
    return { pod: pod.name, namespace: pod.namespace, container: pod.container };
  }

  private connection(): KubeConnection {
    return { context: this.options.kubeContext ?? this.lab.meta.kubeContext, kubeconfig: this.options.kubeconfig };
  }
}

export function createPodTarget(context: { lab: Lab; local: ShellTarget; options: PodTargetOptions }): PodTarget {
  return new PodTarget(context.lab, context.local, context.options);
}
