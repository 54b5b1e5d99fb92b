// `--only ID` / `--from ID`: which steps of a lab a run covers. Unknown ids are bad input.
import { LabError } from '../errors/index.js';
import type { Lab, Step } from '../model/lab.js';
import { didYouMean } from '../text/suggest.js';
import { compareNames } from '../text/compare.js';

export interface StepSelection {
  only?: string[];
  from?: string;
}

export function selectSteps(lab: Lab, selection: StepSelection): Step[] {
  const ids = lab.steps.map((step) => step.id);
  const check = (id: string, flag: string) => {
    if (!ids.includes(id)) {
      throw new LabError('BAD_INPUT', `${lab.displayPath} has no step \`${id}\` (${flag})${didYouMean(id, ids)}`, { hint: `\`lab steps ${lab.displayPath}\` lists its step ids` });
    }
  };
  let steps = lab.steps;
  if (selection.from) {
    check(selection.from, '--from');
    steps = steps.slice(ids.indexOf(selection.from));
  }
  if (selection.only?.length) {
    for (const id of selection.only) check(id, '--only');
    steps = steps.filter((step) => selection.only!.includes(step.id));
  }
  return steps;
}

/** Deterministic sharding: labs sorted by id, the k-th lab goes to shard (k mod n) + 1. */
export function parseShard(text: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index < 1 || index > count) {
    throw new LabError('BAD_INPUT', `bad --shard ${text}: write i/n with 1 <= i <= n, e.g. --shard 2/4`);
  }
  return { index, count };
}

export function shardLabs<T extends { meta: { id: string }; file: string }>(labs: T[], shard: { index: number; count: number }): T[] {
  const sorted = [...labs].sort((a, b) => compareNames(a.meta.id, b.meta.id) || compareNames(a.file, b.file));
  return sorted.filter((_, position) => position % shard.count === shard.index - 1);
}
