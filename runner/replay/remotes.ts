// A fixture step's remotes (its `hosts:` or `pods:` entries) as one list, whatever their kind, and
// back: the rest of the code handles hosts and pods alike.
import type { FixtureAttempt, FixtureStep } from './model.js';

export interface FixtureRemote {
  kind: string;
  name: string;
  error?: string;
  attempts: FixtureAttempt[];
}

/** Every host and pod entry of a fixture step, undefined when it has none (a step of the session itself). */
export function fixtureRemotes(step: FixtureStep): FixtureRemote[] | undefined {
  if (!step.hosts && !step.pods) return undefined;
  return [
    ...(step.hosts ?? []).map(({ host, ...rest }) => ({ kind: 'host', name: host, ...rest })),
    ...(step.pods ?? []).map(({ pod, ...rest }) => ({ kind: 'pod', name: pod, ...rest })),
  ];
}

/** The `hosts:`/`pods:` fields holding these remotes. */
export function remoteFields(remotes: FixtureRemote[]): Pick<FixtureStep, 'hosts' | 'pods'> {
  const fields: Pick<FixtureStep, 'hosts' | 'pods'> = {};
  for (const { kind, name, ...rest } of remotes) {
    if (kind === 'pod') (fields.pods ??= []).push({ pod: name, ...rest });
    else (fields.hosts ??= []).push({ host: name, ...rest });
  }
  return fields;
}

/** Each entry mapped (same kind and name), the fields rebuilt. */
export function mapRemotes(step: FixtureStep, map: (remote: FixtureRemote) => FixtureRemote): Pick<FixtureStep, 'hosts' | 'pods'> {
  const remotes = fixtureRemotes(step);
  return remotes ? remoteFields(remotes.map(map)) : {};
}

