// Builds the argv for `kubectl` for pod steps: `exec -i` with the block on stdin, `exec -it` for a
// `tty` step in a walk, and `get pods -l` to find the pods a label selector names.
import { LabError } from '../errors/index.js';

/** Which cluster: `--kube-context` (or the lab's `kube-context:`) and `--kubeconfig`. */
export interface KubeConnection {
  context?: string;
  kubeconfig?: string;
}

/** Where a block runs: a pod, its namespace (none: kubectl's current one), its container (none: the default one). */
export interface PodPlace {
  pod: string;
  namespace?: string;
  container?: string;
}

/**
 * The in-pod command: bash when the image has it, else sh (Alpine and BusyBox images have only
 * sh), with the arguments that follow it in argv. As argv, not as words for a shell, so nothing in
 * the block or in a name is ever quoted by hand.
 */
export const PREFER_BASH = 'if command -v bash >/dev/null 2>&1; then exec bash "$@"; else exec sh "$@"; fi';

/** `"$P1 $P2  $P1"` after expansion -> `['web-1', 'web-2']`: whitespace separated, first occurrence kept. */
export function splitPods(expanded: string): string[] {
  return [...new Set(expanded.split(/\s+/).filter((pod) => pod.length > 0))];
}

/** `kubectl get pods -o name` prints `pod/NAME` lines: the names, in kubectl's order. */
export function parsePodNames(stdout: string): string[] {
  const names = stdout.split('\n').map((line) => line.trim().replace(/^pod\//, '')).filter((name) => name.length > 0);
  return [...new Set(names)];
}

/**
 * Why a pod, namespace or container name cannot be passed to kubectl, or undefined when it can.
 * The pod is a positional argument: one starting with `-` would be read as an option.
 */
export function invalidName(what: 'pod' | 'namespace' | 'container', name: string): string | undefined {
  if (name.length === 0) return `the ${what} name is empty`;
  if (name.startsWith('-')) return `${what} name "${name}" starts with "-" and would be read as a kubectl option`;
  if (/[\s\0]/.test(name)) return `${what} name "${name}" contains whitespace`;
  return undefined;
}

function checked(place: PodPlace): PodPlace {
  const problem = invalidName('pod', place.pod)
    ?? (place.namespace === undefined ? undefined : invalidName('namespace', place.namespace))
    ?? (place.container === undefined ? undefined : invalidName('container', place.container));
  if (problem) throw new LabError('BAD_INPUT', problem, { hint: 'check the values of the variables used in pods=, namespace= and container=' });
  return place;
}

function globalArgs(connection: KubeConnection): string[] {
  return [
    ...(connection.context ? ['--context', connection.context] : []),
    ...(connection.kubeconfig ? ['--kubeconfig', connection.kubeconfig] : []),
  ];
}

function placeArgs(place: PodPlace): string[] {
  return [
    place.pod,
    ...(place.namespace !== undefined ? ['-n', place.namespace] : []),
    ...(place.container !== undefined ? ['-c', place.container] : []),
  ];
}

/**
 * Arguments for `kubectl` (program name excluded) that run the block arriving on stdin in the pod.
 * `--quiet` keeps kubectl's "Defaulted container ..." notice out of the block's stderr, which the
 * expectations read; kubectl's errors are still printed.
 */
export function execArgs(place: PodPlace, connection: KubeConnection = {}): string[] {
  return [...globalArgs(connection), 'exec', '-i', '--quiet', ...placeArgs(checked(place)), '--', 'sh', '-c', PREFER_BASH, 'sh', '-s'];
}

/** Arguments for a terminal in the pod: its shell, or `command` run by that shell when given. */
export function interactiveExecArgs(place: PodPlace, connection: KubeConnection = {}, command?: string): string[] {
  const run = command ? ['-c', command] : [];
  return [...globalArgs(connection), 'exec', '-it', ...placeArgs(checked(place)), '--', 'sh', '-c', PREFER_BASH, 'sh', ...run];
}

/** Arguments that list the pods matching a label selector, one `pod/NAME` line each. */
export function listPodsArgs(selector: string, namespace: string | undefined, connection: KubeConnection = {}): string[] {
  return [...globalArgs(connection), 'get', 'pods', '-l', selector, ...(namespace !== undefined ? ['-n', namespace] : []), '-o', 'name'];
}
