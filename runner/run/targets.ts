// The target registry: which target runs which step, and how a lab's targets are put together
// for a live run or a replay. Live targets are loaded only for `--live`: replay must not even
// load the process machinery. Adding a kind of target is its own file plus one row here.
import path from 'node:path';
import type { Lab, Step } from '../model/lab.js';
import type { Fixture } from '../replay/model.js';
import { ReplayTarget } from '../replay/target.js';
import type { ShellTarget } from '../shell/target.js';
import type { Target, TargetSet } from '../step/target.js';

/** What every live target may be configured with from the command line. */
export interface LiveTargetOptions {
  sshConfig?: string;
  sshOptions?: Record<string, string>;
  kubeContext?: string;
  kubeconfig?: string;
  /** Where the session starts (default: the lab's folder). */
  cwd?: string;
}

interface RemoteTargetKind {
  /** The step names this kind of remote (its attributes). */
  claims(step: Step): boolean;
  load(): Promise<(context: { lab: Lab; local: ShellTarget; options: LiveTargetOptions }) => Target>;
}

/** Remote steps by kind; a step that claims none runs in the lab's own shell. */
const REMOTE_TARGETS: Record<string, RemoteTargetKind> = {
  host: {
    claims: (step) => step.attributes.hosts !== undefined,
    load: async () => {
      const { SshTarget } = await import('../ssh/target.js');
      return ({ lab, local, options }) => new SshTarget(lab, local, options);
    },
  },
  pod: {
    claims: (step) => step.attributes.pods !== undefined || step.attributes.selector !== undefined,
    load: async () => (await import('../kube/target.js')).createPodTarget,
  },
};

/** The kind of remote a step runs on (`host`, `pod`), undefined for a step of the session itself. */
export function remoteKindOf(step: Step): string | undefined {
  return Object.keys(REMOTE_TARGETS).find((kind) => REMOTE_TARGETS[kind]!.claims(step));
}

/** `replayStale`: the walk's practice mode (see ReplayTarget). */
export function replayTargets(lab: Lab, fixture: Fixture, replayStale = false): TargetSet {
  const target = new ReplayTarget(lab, fixture, remoteKindOf, replayStale);
  return { mode: 'replay', local: target, for: () => target, close: async () => {} };
}

/** The lab's shell, started with `variables`, and the remote targets its steps need. */
export async function liveTargets(lab: Lab, variables: Record<string, string>, options: LiveTargetOptions): Promise<TargetSet> {
  const { ShellTarget } = await import('../shell/target.js');
  const project = lab.project;
  const init = project?.shellInit ? { script: project.shellInit, cwd: path.dirname(project.file), source: project.file } : undefined;
  const local = await ShellTarget.start(lab, { cwd: options.cwd, variables, init });
  const remotes = new Map<string, Target>();
  try {
    for (const kind of new Set(lab.steps.map(remoteKindOf))) {
      if (kind) remotes.set(kind, (await REMOTE_TARGETS[kind]!.load())({ lab, local, options }));
    }
  } catch (error) {
    await local.close();
    throw error;
  }
  return {
    mode: 'live',
    local,
    for: (step) => remotes.get(remoteKindOf(step) ?? '') ?? local,
    close: () => local.close(),
  };
}
