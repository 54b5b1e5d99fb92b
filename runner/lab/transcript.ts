// Terminal transcripts: lines with a prompt (`$ cmd`, `# cmd`, `➜ cmd`, `(user@host) $ cmd`,
// `[root@node ~]# cmd`) are commands, with their `\` continuations and heredoc bodies; the lines
// after a command, up to the next prompt, are what it printed. One reader for ```console
// blocks, the EKS Workshop's ```bash blocks and imported write-ups.

/** Which prompts start a command: `$` (a user's), `#` (root's), `➜` (oh-my-zsh's). */
export type PromptKind = '$' | '#' | '➜';

export interface TranscriptCommand {
  /** The command as it is run: prompt cut, continuation and heredoc lines kept as written. */
  command: string;
  prompt: PromptKind;
  /** 0-based index of the command's first line, and how many lines the command takes. */
  line: number;
  lineCount: number;
  /** What it printed (trailing blank lines dropped), and the index of its first line. */
  output: string;
  outputLine: number;
  /** A heredoc whose terminator never came: the command ran to the end of the text. */
  unterminatedHeredoc?: string;
}

export interface TranscriptOptions {
  prompts: readonly PromptKind[];
  /**
   * `# text` is root's prompt only when the text reads as a command; a comment or a caption in a
   * write-up (`# 확인`, `# check the nodes`) is not. Default: every `# ` line is a prompt.
   */
  rootPromptOnlyForCommands?: boolean;
  /**
   * A scraped post often loses its prompts: with `bare`, a line with no prompt that reads as a
   * command (looksLikeCommand) starts one too, as if it had a `$`. Default: prompts only.
   */
  bare?: boolean;
}

// A decorated prompt before the sign: `(user@host) `, `[root@ip-10-0-1-5 ~]`, `user@host:~`.
const DECORATION = String.raw`(?:\([^()\n]*\)\s*|\[[^\[\]\n]*\]\s*|[\w.-]+@[\w.-]+(?::[^\s$#]*)?\s*)?`;

function promptPattern(prompts: readonly PromptKind[]): RegExp {
  const signs = prompts.map((sign) => (sign === '$' ? '\\$' : sign)).join('|');
  // `➜` is followed by oh-my-zsh's directory (and git state) before the command: `➜  myeks git:(main) ✗ terraform apply`.
  return new RegExp(`^${DECORATION}(${signs})(?: (.*)|$)`);
}

/** What a heredoc operator in a command line waits for: `<<EOF`, `<< 'EOF'`, `<<-"EOF"`. */
const HEREDOC = /<<(-?)\s*(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;

export function splitTranscript(text: string, options: TranscriptOptions): TranscriptCommand[] {
  const lines = text.split('\n');
  const pattern = promptPattern(options.prompts);
  const promptOf = (line: string): { sign: PromptKind; rest: string } | undefined => {
    const match = pattern.exec(line);
    if (!match) return options.bare && looksLikeCommand(line) && !/^\s/.test(line) ? { sign: '$', rest: line } : undefined;
    const sign = match[1] as PromptKind;
    let rest = match[2] ?? '';
    // oh-my-zsh writes `➜  DIR git:(branch) ✗ cmd` (two spaces, then the directory); `➜ cmd` is a bare prompt.
    if (sign === '➜') rest = rest.replace(/^\s*\S+\s+git:\([^)]*\)\s*(?:✗\s*)?/, '').replace(/^ \s*\S+\s+/, '');
    if (sign === '#' && options.rootPromptOnlyForCommands && !looksLikeCommand(rest)) return undefined;
    return { sign, rest: rest.replace(/^\s+/, '') };
  };
  const commands: TranscriptCommand[] = [];
  let index = 0;
  while (index < lines.length) {
    const prompt = promptOf(lines[index]!);
    if (!prompt) {
      index++; // text before the first prompt belongs to no command
      continue;
    }
    const start = index;
    const commandLines = [prompt.rest];
    index++;
    let unterminated: string | undefined;
    for (;;) {
      // Heredocs opened on the line just read: their bodies belong to the command, terminator included.
      const last = commandLines[commandLines.length - 1]!;
      for (const heredoc of last.matchAll(HEREDOC)) {
        const [, dash, , word] = heredoc;
        let closed = false;
        while (index < lines.length) {
          const body = stripContinuationPrompt(lines[index]!);
          commandLines.push(body);
          index++;
          if ((dash ? body.replace(/^\t+/, '') : body) === word) {
            closed = true;
            break;
          }
        }
        if (!closed) unterminated = word;
      }
      if (unterminated || index >= lines.length) break;
      const current = commandLines[commandLines.length - 1]!;
      const next = lines[index]!;
      if (current.endsWith('\\') || (/^> /.test(next) && incomplete(commandLines.join('\n')))) {
        commandLines.push(stripContinuationPrompt(next));
        index++;
        continue;
      }
      break;
    }
    const outputStart = index;
    while (index < lines.length && !promptOf(lines[index]!)) index++;
    commands.push({
      command: commandLines.join('\n'),
      prompt: prompt.sign,
      line: start,
      lineCount: outputStart - start,
      output: lines.slice(outputStart, index).join('\n').replace(/\s+$/, ''),
      outputLine: outputStart,
      ...(unterminated ? { unterminatedHeredoc: unterminated } : {}),
    });
  }
  return commands;
}

/** A PS2 `> ` in front of a continuation line is the shell's, not the command's. */
function stripContinuationPrompt(line: string): string {
  return line.startsWith('> ') ? line.slice(2) : line === '>' ? '' : line;
}

/** A command the shell would ask more of: an open quote, or a trailing pipe, `&&` or `||`. */
function incomplete(command: string): boolean {
  if (/(\|\||&&|\|)\s*$/.test(command)) return true;
  let quote: string | undefined;
  for (let i = 0; i < command.length; i++) {
    const char = command[i]!;
    if (quote) {
      if (char === '\\' && quote === '"') i++;
      else if (char === quote) quote = undefined;
    } else if (char === '\\') i++;
    else if (char === '"' || char === "'") quote = char;
  }
  return quote !== undefined;
}

/** Programs a transcript's commands start with often enough to recognise them bare (`# hostname`). */
const KNOWN_PROGRAMS = new Set([
  'aws', 'cat', 'cd', 'chmod', 'chronyc', 'containerd', 'cp', 'crictl', 'curl', 'df', 'dig', 'dmesg', 'docker', 'echo', 'eksctl',
  'env', 'export', 'find', 'free', 'git', 'grep', 'head', 'helm', 'hostname', 'hostnamectl', 'ip', 'iptables', 'jq', 'journalctl',
  'kubectl', 'less', 'ls', 'lsblk', 'mkdir', 'mount', 'mv', 'nerdctl', 'nslookup', 'ping', 'printenv', 'ps', 'rm', 'route', 'sed',
  'sestatus', 'ss', 'ssh', 'stat', 'sudo', 'swapon', 'systemctl', 'tail', 'tee', 'terraform', 'top', 'touch', 'tree', 'uname',
  'watch', 'wget', 'which', 'whoami', 'yum', 'dnf', 'apt', 'apt-get',
]);

/**
 * Whether text after a `#` reads as a shell command rather than a comment or caption: ASCII, and
 * either it starts with a known program, a path (`./run.sh`) or an assignment (`N1=...`), or its
 * first word is a plain name followed by shell syntax (flags, pipes, `$`, `=`, `/`, quotes).
 */
export function looksLikeCommand(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed === '' || /[^\x00-\x7f]/.test(trimmed)) return false;
  const first = trimmed.split(/\s+/)[0]!;
  if (KNOWN_PROGRAMS.has(first) || /^[.~]?\//.test(first) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(first)) return true;
  if (!/^[a-z][\w.-]*$/.test(first)) return false;
  return /\s(?:-{1,2}\w|[|&;<>$=/'"`])|[|$=]/.test(trimmed.slice(first.length));
}

/** An EKS Workshop ```bash block read as a transcript: its `$ ` commands and what their harness would drop. */
export interface WorkshopBlock {
  commands: TranscriptCommand[];
  /**
   * Their harness stops reading a block at its first empty line (a bug): the commands after it
   * never run there. Here they run; these are the ones it would have dropped, for lint to name.
   */
  droppedByTheirHarness: TranscriptCommand[];
}

export function splitWorkshopBlock(text: string): WorkshopBlock {
  const commands = splitTranscript(text, { prompts: ['$'] });
  const firstEmpty = text.split('\n').indexOf('');
  const droppedByTheirHarness = firstEmpty < 0 ? [] : commands.filter((command) => command.line + command.lineCount - 1 > firstEmpty);
  return { commands, droppedByTheirHarness };
}
