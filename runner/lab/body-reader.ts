// Reads a lab's Markdown body, one top-level token at a time, into sections and steps: a switch
// on marked's token union with one handler per kind, and code blocks dispatched by their fence's
// language (expect, console, a step language, solve, anything else shown as code).
import type { Token, Tokens } from 'marked';
import type { Expectation } from '../expect/index.js';
import type { Attribute, Diagnostic, Profile, Section, SourcePosition, Step } from '../model/lab.js';
import { isMarkedToken } from './blocks.js';
import { splitConsoleTranscript } from './console.js';
import { readEksAttributes } from './eks-attributes.js';
import { readExpectInfo } from './expect-info.js';
import { readFence } from './fence.js';
import { generatedStepId, SlugRegistry, slugify } from './ids.js';
import type { InfoString, InfoWord } from './info-string.js';
import { readStepAttributes, type ParsedStepAttributes } from './step-attributes.js';
import { STEP_LANGUAGES, warnNestedSteps, type PendingSolve } from './step-checks.js';
import { splitWorkshopBlock } from './transcript.js';

const HINT = /^\s*(\*\*)?hint:?(\*\*)?:?/i;
const HINT_PREFIX = /^\s*(\*\*)?hint:?(\*\*)?:?\s*/i;

/** A closed fenced block, its fence read. */
interface FencedBlock {
  text: string;
  info: InfoString;
  /** Position of the fence. */
  position: SourcePosition;
  wordPosition: (word: InfoWord) => SourcePosition;
  /** The info string's words as step attributes. */
  attributes: Attribute[];
}

export class BodyReader {
  readonly sections: Section[];
  readonly steps: Step[] = [];
  readonly solves: PendingSolve[] = [];
  /** The first `#` heading: the title when the frontmatter gives none. */
  firstHeading: string | undefined;
  private readonly slugs = new SlugRegistry();
  private readonly stepsInSection = new Map<number, number>();
  /** What an ```expect block would attach to: the last step's expectations, or nothing. */
  private expectTarget: { expectations: Expectation[]; kind: 'step' | 'solve' } | undefined;

  constructor(
    private readonly at: (offset: number) => SourcePosition,
    private readonly diagnostics: Diagnostic[],
    bodyOffset: number,
    private readonly profile: Profile = 'native',
  ) {
    this.sections = [{ title: '', depth: 0, slug: '', position: at(bodyOffset), items: [] }];
  }

  /** One top-level token, starting at `offset` in the source. */
  read(token: Token, offset: number): void {
    if (!isMarkedToken(token)) return this.prose(token, offset);
    switch (token.type) {
      case 'heading': return this.heading(token, offset);
      case 'space': return this.space(token);
      case 'blockquote': return this.blockquote(token, offset);
      case 'code': return this.code(token, offset);
      default: return this.prose(token, offset);
    }
  }

  private get section(): number {
    return this.sections.length - 1;
  }

  private get current(): Section {
    return this.sections[this.section]!;
  }

  private heading(token: Tokens.Heading, offset: number): void {
    this.firstHeading ??= token.depth === 1 ? token.text : undefined;
    this.sections.push({ title: token.text, depth: token.depth, slug: this.slugs.unique(slugify(token.text)), position: this.at(offset), items: [] });
    this.expectTarget = undefined;
  }

  private space(token: Tokens.Space): void {
    // Blank lines between paragraphs, lists and tables are part of the prose they separate.
    const last = this.current.items.at(-1);
    if (last?.kind === 'prose') last.markdown += token.raw;
  }

  private blockquote(token: Tokens.Blockquote, offset: number): void {
    if (!HINT.test(token.text)) return this.prose(token, offset);
    this.current.hint = token.text.replace(HINT_PREFIX, '').trim();
  }

  /** Paragraphs, lists, tables, quotes...: shown, and an expectation before them still applies. */
  private prose(token: Token, offset: number): void {
    const position = this.at(offset);
    warnNestedSteps(token, position, this.diagnostics);
    const last = this.current.items.at(-1);
    if (last?.kind === 'prose') last.markdown += token.raw;
    else this.current.items.push({ kind: 'prose', markdown: token.raw, position });
  }

  private code(token: Tokens.Code, offset: number): void {
    const fence = readFence(token.raw);
    if (!fence) return this.shown('', token.text, this.at(offset)); // indented code: shown, never run
    const position = this.at(offset + fence.indent);
    const wordPosition = (word: InfoWord) => this.at(offset + fence.infoOffset + word.offset);
    for (const problem of fence.info.problems) {
      this.diagnostics.push({ severity: 'error', rule: 'bad-attribute', position: this.at(offset + fence.infoOffset + problem.offset), message: problem.message });
    }
    if (!fence.closed) {
      this.diagnostics.push({ severity: 'error', rule: 'unterminated-fence', position, message: `code block opened with ${fence.marker} is never closed: add a closing ${fence.marker} line` });
      this.expectTarget = undefined;
      return;
    }
    const attributes = fence.info.words.map((word): Attribute => ({ name: word.name, value: word.value, position: wordPosition(word) }));
    const block: FencedBlock = { text: token.text, info: fence.info, position, wordPosition, attributes };
    const language = fence.info.language.toLowerCase();
    if (language === 'expect') return this.expect(block);
    if (language === 'console') return this.console(block);
    if (language === 'bash' && this.profile === 'eks-workshop') return this.workshopBash(block);
    // Their harness runs ```bash blocks only: a ```shell or ```sh block on a workshop page is a listing.
    if (this.profile === 'eks-workshop' && STEP_LANGUAGES.has(language)) {
      this.expectTarget = undefined;
      return this.shown(language, block.text, position);
    }
    if (!STEP_LANGUAGES.has(language)) {
      this.expectTarget = undefined;
      return this.shown(language, block.text, position);
    }
    const parsed = this.readAttributes(block);
    if (parsed.solve) return this.solve(block);
    this.step(block, language, parsed);
  }

  /** A block in any other language (yaml, json...): shown, never run. */
  private shown(language: string, text: string, position: SourcePosition): void {
    this.current.items.push({ kind: 'code', language, text, position });
  }

  private expect(block: FencedBlock): void {
    const read = readExpectInfo(block.info.words, block.wordPosition);
    this.diagnostics.push(...read.diagnostics);
    const { position } = block;
    if (!this.expectTarget) {
      this.diagnostics.push({ severity: 'error', rule: 'orphan-expect', position, message: '`expect` block with no step before it: put it right after the ```bash block it checks' });
      return;
    }
    if (this.expectTarget.kind === 'solve') {
      this.diagnostics.push({ severity: 'error', rule: 'expect-after-solve', position, message: '`expect` after a `solve` block is never checked: put it after the `verify` block' });
      return;
    }
    this.expectTarget.expectations.push({ mode: read.mode, stream: read.stream, exit: read.exit, text: block.text, position, bodyLine: position.line + 1 });
  }

  /** A transcript: one step per `$ command`, its output the expectation. */
  private console(block: FencedBlock): void {
    const parsed = this.readAttributes(block);
    const commands = splitConsoleTranscript(block.text, block.position.line + 1, block.position.file);
    if (commands.length === 0) this.diagnostics.push({ severity: 'error', rule: 'empty-step', position: block.position, message: '`console` block with no `$ command` line: start each command with `$ `' });
    for (const [index, command] of commands.entries()) {
      const id = parsed.id && commands.length > 1 ? `${parsed.id}-${index + 1}` : parsed.id;
      this.addStep(command.command, 'console', command.position, block.attributes, command.expectation ? [command.expectation] : [], { ...parsed, id });
    }
    const last = commands.length ? this.steps.at(-1) : undefined;
    this.expectTarget = last ? { expectations: last.expectations, kind: 'step' } : undefined;
  }

  /**
   * An EKS Workshop ```bash block: its `$ ` commands run as one `set -e` script (a block with
   * none is shown, never run), the rest is sample output, compared loosely (drift is a warning).
   */
  private workshopBash(block: FencedBlock): void {
    const parsed = readEksAttributes(block.attributes);
    this.diagnostics.push(...parsed.diagnostics);
    const { commands, droppedByTheirHarness } = parsed.raw ? { commands: [], droppedByTheirHarness: [] } : splitWorkshopBlock(block.text);
    if (!parsed.raw && commands.length === 0) {
      this.expectTarget = undefined;
      return this.shown('bash', block.text, block.position);
    }
    const firstLine = block.position.line + 1;
    for (const command of droppedByTheirHarness) {
      this.diagnostics.push({
        severity: 'warning', rule: 'workshop-blank-line', position: { file: block.position.file, line: firstLine + command.line, column: 1 },
        message: `the EKS Workshop's harness stops at a block's first blank line and never runs this command; lab runs it: remove the blank line so both run the same`,
      });
    }
    const body = parsed.raw ? block.text : commands.map((command) => command.command).join('\n');
    const script = parsed.attributes.isolated ? `(\nset -e\n${body}\n)` : `set -e\n${body}`;
    const outputs = commands.filter((command) => command.output.trim() !== '');
    const expectations = outputs.length === 0 ? [] : [{
      // A page's sample is what its author's terminal showed: stdout and stderr (an expectError
      // block's `Error from server ...` is stderr). `output=lines|contains` keep to stdout.
      mode: parsed.sampleMode ?? 'sample' as const, stream: parsed.sampleMode ? 'stdout' as const : 'both' as const,
      // The commands' outputs in order; what a command without a sample printed is skipped (`...`).
      text: parsed.sampleMode === 'contains' ? outputs.map((command) => command.output).join('\n') : `...\n${outputs.map((command) => command.output).join('\n...\n')}\n...`,
      position: { file: block.position.file, line: firstLine + outputs[0]!.outputLine, column: 1 }, bodyLine: firstLine + outputs[0]!.outputLine,
    }];
    const step = this.addStep(script, 'bash', block.position, block.attributes, expectations, parsed);
    this.expectTarget = { expectations: step.expectations, kind: 'step' };
  }

  /** A learner task's solution: attached to the section's `verify` step once the file is read. */
  private solve(block: FencedBlock): void {
    const task = { command: block.text, position: block.position, expectations: [] };
    this.solves.push({ block: task, section: this.section });
    this.expectTarget = { expectations: task.expectations, kind: 'solve' };
  }

  private step(block: FencedBlock, language: string, parsed: ParsedStepAttributes): void {
    const step = this.addStep(block.text, language, block.position, block.attributes, [], parsed);
    if (language === 'bash' && /^\$ /m.test(block.text)) {
      this.diagnostics.push({ severity: 'warning', rule: 'prompt-in-bash', position: block.position, message: 'a `$ ` prompt in a ```bash block runs as part of the command: use ```console for a transcript, or set profile: eks-workshop' });
    }
    if (!block.text.trim()) this.diagnostics.push({ severity: 'error', rule: 'empty-step', position: block.position, message: 'empty step: write the command inside the block, or remove it' });
    this.expectTarget = { expectations: step.expectations, kind: 'step' };
  }

  private readAttributes(block: FencedBlock): ParsedStepAttributes {
    const parsed = readStepAttributes(block.attributes);
    this.diagnostics.push(...parsed.diagnostics);
    return parsed;
  }

  private addStep(
    command: string, language: string, position: SourcePosition, rawAttributes: Attribute[], expectations: Expectation[], parsed: ParsedStepAttributes,
  ): Step {
    const section = this.section;
    const indexInSection = (this.stepsInSection.get(section) ?? 0) + 1;
    this.stepsInSection.set(section, indexInSection);
    const step: Step = {
      id: parsed.id ?? generatedStepId(this.current.slug || undefined, indexInSection),
      generatedId: parsed.id === undefined,
      index: this.steps.length,
      language,
      command,
      position,
      attributes: parsed.attributes,
      rawAttributes,
      expectations,
      task: parsed.verify ? {} : undefined,
      section,
      sourceHash: '',
    };
    this.current.items.push({ kind: 'step', step: step.index });
    this.steps.push(step);
    return step;
  }
}
