// `lab run`: headless, replay by default, --live for real; reporters, sharding, exit codes.
import { fanOut } from '../../report/index.js';
import { exitCodeOf, runLabs } from '../../run/run-labs.js';
import { parseShard, shardLabs } from '../../run/select-steps.js';
import { refuseUntrusted } from '../../lab/trust.js';
import { loadLabsKeepingBroken, profileFlag } from '../load-labs.js';
import { commonRunOptions, interruptController, reportersFor, type RunFlags } from '../run-options.js';
import { printNotice } from '../output.js';
import { checkGivenVariables } from '../../step/variables.js';
import { enableContentCache, persistentMemo } from '../../fs/content-cache.js';
import { rememberRegexVerdicts } from '../../expect/match-regex.js';
import { rememberPassedExpectations } from '../../expect/index.js';
import { rememberDisplayFixedPoints } from '../../redact/index.js';

export async function runCommand(paths: string[], flags: RunFlags): Promise<number> {
  const common = commonRunOptions(flags);
  const shard = flags.shard ? parseShard(flags.shard) : undefined;
  const reporters = reportersFor(flags.reporter, flags.color, flags.outputLines);
  // Replay executes nothing: parsed labs and fixtures, the verdicts of expectations on recorded
  // outputs, and which outputs redaction leaves unchanged, may come from the content cache.
  if (!flags.live && enableContentCache()) {
    rememberRegexVerdicts(persistentMemo('regex-verdicts'));
    rememberPassedExpectations(persistentMemo('passed-expectations'));
    rememberDisplayFixedPoints(persistentMemo('display-fixed-points'));
  }
  // A lab with lint errors is reported as an error of the run (exit 2 at the end); the others still run.
  const loaded = await loadLabsKeepingBroken(paths, profileFlag(flags));
  let labs = loaded.labs;
  // Before sharding: a name is known if any of the labs asked for declares it.
  checkGivenVariables(labs, common.vars);
  if (shard) labs = shardLabs(labs, shard);
  if (flags.live && !flags.trust) refuseUntrusted(labs.filter((lab) => !loaded.broken.has(lab.file)), process.cwd(), 'lab run --live');
  const interrupt = interruptController();
  try {
    const result = await runLabs(labs, {
      ...common, mode: flags.live ? 'live' : 'replay', interactive: false, reporter: fanOut(reporters), signal: interrupt.signal,
      onNotice: printNotice, refused: loaded.broken,
    });
    // Interrupted: 130 for Ctrl-C, 143 for SIGTERM (exitCodeOf knows only that it was interrupted).
    return result.interrupted ? interrupt.exitCode : exitCodeOf(result);
  } finally {
    interrupt.dispose();
  }
}
