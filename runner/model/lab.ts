// The Lab model: what a lab Markdown file means, as plain serialisable data. It sits below
// everything that reads labs (lint, the step runner, targets, reporters, the walk).
// Nothing downstream re-reads the Markdown; every piece carries its source position.
import type { SourcePosition } from '../errors/index.js';
import type { Expectation, ExitSpec } from '../expect/index.js';

export type { SourcePosition };

/**
 * How a lab's Markdown is read. `native` is this project's format (docs/lab-format.md);
 * `eks-workshop` reads the AWS EKS Workshop's pages unchanged (docs/eks-workshop.md).
 */
export type Profile = 'native' | 'eks-workshop';

export const PROFILES: readonly Profile[] = ['native', 'eks-workshop'];

export interface VariableSpec {
  name: string;
  default?: string;
  prompt?: string;
  secret: boolean;
  /** A command run at the start of a live run whose trimmed stdout is the default. */
  defaultFrom?: string;
  description?: string;
  /**
   * Declared by a project config with no value: the session provides it (the environment, or
   * its `shell-init:`), so it is never asked for nor missing.
   */
  fromSession?: boolean;
}

export interface RedactRule {
  name: string;
  pattern: string;
  /** Placeholder stem, e.g. `CLUSTER_ARN` gives `<CLUSTER_ARN>`. */
  replacement: string;
}

export interface LabMeta {
  id: string;
  title: string;
  description?: string;
  requires: string[];
  vars: VariableSpec[];
  sshConfig?: string;
  /** Extra `-o KEY=VALUE` options for every ssh connection the lab makes. */
  sshOptions: Record<string, string>;
  /** The kubeconfig context for pod steps (`kube-context:`); `--kube-context` overrides it. */
  kubeContext?: string;
  redact: RedactRule[];
  fixture?: string;
  /** Where `fixture:` is written in the frontmatter, for messages about it. */
  fixturePosition?: SourcePosition;
  /** Estimated minutes for a live run. */
  estimate?: number;
  cost?: string;
  /** Position of the lab in its folder's catalogue (lower first); ties break by file name. */
  order?: number;
  /** Whether a live run needs AWS credentials (adds the `aws sts get-caller-identity` preflight). */
  aws: boolean;
}

export interface Attribute {
  name: string;
  /** `true` for a bare word. */
  value: string | true;
  position: SourcePosition;
}

export interface StepAttributes {
  timeoutMs?: number;
  retry?: number;
  intervalMs?: number;
  capture?: string;
  forMs?: number;
  background: boolean;
  cleanup: boolean;
  /** The reason to confirm; an empty string for a bare `confirm`. */
  confirm?: string;
  tty: boolean;
  /** Raw host list (may hold `$VARS`), split on whitespace after expansion. */
  hosts?: string;
  sshUser?: string;
  /** Raw pod list (may hold `$VARS`), split on whitespace after expansion. */
  pods?: string;
  /** A label selector, resolved to pods when the step runs (`kubectl get pods -l`). */
  selector?: string;
  /** The pods' namespace, raw (may be `$NS`). */
  namespace?: string;
  /** The container to exec in, for pods with several. */
  container?: string;
  cwd?: string;
  /** `true` or the reason for skipping. */
  skip: boolean | string;
  exit?: ExitSpec;
  /** Feed this text on stdin (answers to prompts). */
  stdin?: string;
  /** Sleep this long after the step (and its after-hook), live only: `settle=`, the EKS Workshop's `wait=`. */
  settleMs?: number;
  /** The EKS Workshop's `hook=NAME`: `tests/hook-NAME.sh` (next to the page) runs before and after the step. */
  hook?: string;
  /** How long each hook may run (`hookTimeout=`); default 300 s. */
  hookTimeoutMs?: number;
  /** Files and folders the step reads (`inputs=`), space-separated, hashed into its staleness. */
  inputs?: string;
  /** The step's shell changes (exports, cd) are dropped after it: the EKS Workshop's `expectError=true`. */
  isolated?: boolean;
}

/** A learner task's parts: the check and the optional solution. */
export interface TaskBlock {
  command: string;
  position: SourcePosition;
  expectations: Expectation[];
}

export interface Step {
  id: string;
  /** True when the id was generated (see docs/lab-format.md, "Step ids"). */
  generatedId: boolean;
  /** 0-based order in the lab. */
  index: number;
  language: string;
  /** The block's text, exactly as written (no trailing newline). */
  command: string;
  /** Position of the opening fence line. */
  position: SourcePosition;
  attributes: StepAttributes;
  rawAttributes: Attribute[];
  expectations: Expectation[];
  /** For a learner task (`verify`): this step is the check; `solve` is its solution. */
  task?: { solve?: TaskBlock; hint?: string };
  /** Index into Lab.sections. */
  section: number;
  /** Hash of the step's own source: its block and its expectations' text. */
  sourceHash: string;
}

export type SectionItem =
  | { kind: 'prose'; markdown: string; position: SourcePosition }
  | { kind: 'code'; language: string; text: string; position: SourcePosition }
  | { kind: 'step'; step: number };

export interface Section {
  title: string;
  /** Heading depth, 0 for the part before the first heading. */
  depth: number;
  slug: string;
  position: SourcePosition;
  items: SectionItem[];
  /** A `> Hint: ...` blockquote in the section, shown to a learner who fails a task. */
  hint?: string;
}

export interface Lab {
  /** Path of the .md file as resolved (absolute). */
  file: string;
  /** Path to show in messages (relative to the working directory when inside it). */
  displayPath: string;
  meta: LabMeta;
  sections: Section[];
  steps: Step[];
  sourceHash: string;
  /** The project config that applies to the lab (runner/project), when there is one. */
  project?: ProjectSettings;
  /** ` --profile NAME` when the command line chose the profile, not a config: hints to re-run a command repeat it. */
  profileFlag?: string;
}

/** What a project config (lab.config.yaml) asks of the lab's live runs. */
export interface ProjectSettings {
  /** The config file (absolute). */
  file: string;
  /** A script run in each live session before the first step; replay never runs it. */
  shellInit?: string;
  /** `folder`: one live session per folder, shared by its pages in order; `lab` (default): one per lab. */
  sessions: 'lab' | 'folder';
  /** Where `::yaml{file=...}` manifests are read from (absolute). */
  manifestsRoot?: string;
}

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  message: string;
  position: SourcePosition;
  /** A short rule name, e.g. `unknown-attribute`. */
  rule: string;
}

export interface ParseResult {
  lab: Lab;
  diagnostics: Diagnostic[];
}
