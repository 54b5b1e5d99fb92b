// Installs the kubectl stand-in (kubectl-stand-in.cjs) for tests: an executable `kubectl` in a temp
// bin folder, a state folder the test plants pods and failures in, and the log of every call's argv.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A failure kubectl reports, printed in kubectl's own words (exit 1). */
export type PlantedFailure =
  | 'not-found' // Error from server (NotFound): pods "x" not found
  | 'container-not-running' // error: unable to upgrade connection: container not found ("c")
  | 'forbidden' // Error from server (Forbidden): ... cannot create resource "pods/exec" ...
  | 'connection-refused' // The connection to the server H was refused - did you specify the right host or port?
  | 'unreachable' // Unable to connect to the server: dial tcp: lookup H: no such host
  | 'unauthorized' // error: You must be logged in to the server (Unauthorized)
  | 'completed' // error: cannot exec into a container in a completed pod; current phase is Succeeded
  | 'no-shell'; // error: Internal error occurred: error executing command in container: ... "sh": executable file not found in $PATH

export interface StandInPod {
  /** Default `default` (the stand-in's current namespace). */
  namespace?: string;
  /** Matched by `get pods -l` (`k=v`, `k!=v`, `k`, `!k`, comma-separated). */
  labels?: Record<string, string>;
  /** Default `['main']`; the first is the default container. */
  containers?: string[];
  /** The image has sh and no bash: the in-pod command runs with a PATH holding only sh. */
  shOnly?: boolean;
  /** kubectl fails this way for `exec` into this pod. */
  failure?: PlantedFailure;
}

interface Cluster {
  server: string;
  user: string;
  currentNamespace: string;
  /** When set, `--context` must name one of these. */
  contexts?: string[];
  /** `get pods` fails this way. */
  listFailure?: PlantedFailure;
  namespaces: Record<string, Record<string, Omit<StandInPod, 'namespace'>>>;
}

export interface KubectlStandIn {
  /** The folder holding `kubectl`. */
  bin: string;
  /** The state folder: cluster.json (what exists) and calls.jsonl (the argv log, one JSON array a line). */
  state: string;
  /** For PodTarget's `env` option: PATH with the stand-in first, and where its state lives. */
  env: Record<string, string>;
  addPod(name: string, pod?: StandInPod): void;
  /** `get pods` fails this way (undefined: it works again). */
  failListing(failure: PlantedFailure | undefined): void;
  /** Only these contexts exist (kubectl's "context was not found" for any other). */
  setContexts(names: string[]): void;
  /** Every call's argv so far, in order. */
  calls(): string[][];
  remove(): void;
}

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'kubectl-stand-in.cjs');

export function installKubectlStandIn(): KubectlStandIn {
  const root = mkdtempSync(path.join(tmpdir(), 'lab-kubectl-'));
  const bin = path.join(root, 'bin');
  const state = path.join(root, 'state');
  for (const folder of [bin, state]) mkdirSync(folder);
  // This node by absolute path: the tests may hand kubectl a PATH without it.
  writeFileSync(path.join(bin, 'kubectl'), `#!${process.execPath}\n${readFileSync(SCRIPT, 'utf8')}`);
  chmodSync(path.join(bin, 'kubectl'), 0o755);
  const cluster: Cluster = { server: '127.0.0.1:6443', user: 'lab-tester', currentNamespace: 'default', namespaces: {} };
  const save = () => writeFileSync(path.join(state, 'cluster.json'), JSON.stringify(cluster, null, 2));
  save();
  const log = path.join(state, 'calls.jsonl');
  return {
    bin,
    state,
    env: { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, KUBECTL_STAND_IN_STATE: state },
    addPod(name, { namespace = 'default', ...pod } = {}) {
      (cluster.namespaces[namespace] ??= {})[name] = pod;
      save();
    },
    failListing(failure) {
      cluster.listFailure = failure;
      save();
    },
    setContexts(names) {
      cluster.contexts = names;
      save();
    },
    calls: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as string[]) : []),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
