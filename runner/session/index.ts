// The session's public surface: the persistent shell that runs a lab's steps live.
export { ShellSession } from './shell.js';
export type { ShellSessionOptions, ShellRunOptions, ShellRunResult } from './shell.js';
export type { BackgroundHandle } from './shell-background.js';
export type { OutputEvent } from './shell-step.js';
export { BoundedOutput, DEFAULT_OUTPUT_CAP_BYTES } from './output-buffer.js';
export { groupAlive, groupMembers, signalGroup, stopGroup } from './process-group.js';
export type { StopSignal } from './process-group.js';
export { splitHosts, buildSshArgs, interactiveSshArgs, validateDestination } from './ssh-command.js';
export type { SshConnectionOptions } from './ssh-command.js';
export { runOnHosts } from './ssh-fanout.js';
export type { RunOnHostsOptions, HostRun } from './ssh-fanout.js';
export type { StepExecutor, RunStepOptions, BackgroundInfo } from './executor.js';
export type * from '../model/result.js';
