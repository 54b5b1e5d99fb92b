// The transcript reader shared by ```console blocks, the EKS Workshop's ```bash blocks and
// `lab import`: prompts, continuations, heredocs, output up to the next prompt.
import { describe, expect, it } from 'vitest';
import { looksLikeCommand, splitTranscript } from '../../runner/lab/transcript.js';

const ALL = { prompts: ['$', '#', '➜'] as const };

describe('splitTranscript', () => {
  it('cuts $, # and ➜ prompts, decorated ones too, and keeps each command\'s output up to the next prompt', () => {
    const text = [
      'intro text',
      '$ kubectl get nodes',
      'NAME STATUS',
      'ip-1 Ready',
      '',
      '# cat /etc/os-release | head -1',
      'NAME="Amazon Linux"',
      '➜ terraform output',
      '➜  myeks git:(main) ✗ terraform apply',
      '➜  ~ ls',
      '(ec2-user@node1) $ uname -r',
      '6.1.0',
      '[root@ip-10-0-1-5 ~]# whoami',
      'root',
      'ec2-user@host:~$ echo hi',
    ].join('\n');
    const commands = splitTranscript(text, ALL);
    expect(commands.map((c) => [c.prompt, c.command, c.output])).toEqual([
      ['$', 'kubectl get nodes', 'NAME STATUS\nip-1 Ready'],
      ['#', 'cat /etc/os-release | head -1', 'NAME="Amazon Linux"'],
      ['➜', 'terraform output', ''],
      ['➜', 'terraform apply', ''],
      ['➜', 'ls', ''],
      ['$', 'uname -r', '6.1.0'],
      ['#', 'whoami', 'root'],
      ['$', 'echo hi', ''],
    ]);
    expect(commands[0]).toMatchObject({ line: 1, lineCount: 1, outputLine: 2 });
  });

  it('joins backslash continuations, `> ` continuation prompts of an unfinished command, and keeps `> ` output of a finished one', () => {
    const text = ['$ aws eks update-cluster-config \\', '  --name myeks', 'ok', '$ echo "a', '> b"', 'a', 'b', '$ git log --oneline', '> not a prompt here'].join('\n');
    const commands = splitTranscript(text, ALL);
    expect(commands.map((c) => c.command)).toEqual(['aws eks update-cluster-config \\\n  --name myeks', 'echo "a\nb"', 'git log --oneline']);
    expect(commands[2]!.output).toBe('> not a prompt here');
  });

  it('takes a heredoc to its own terminator, whatever it holds ($ lines, blank lines, quotes), for <<EOF, << \'EOF\' and <<-EOF', () => {
    const text = [
      "$ cat <<'EOF' | kubectl apply -f -",
      'kind: Pod',
      '',
      '$ not a prompt',
      'EOF',
      'pod/x created',
      '$ cat <<-END',
      '\tindented',
      '\tEND',
      '$ cat << "X" > f; cat <<Y',
      'one',
      'X',
      'two',
      'Y',
      'done',
    ].join('\n');
    const commands = splitTranscript(text, ALL);
    expect(commands.map((c) => c.command)).toEqual([
      "cat <<'EOF' | kubectl apply -f -\nkind: Pod\n\n$ not a prompt\nEOF",
      'cat <<-END\n\tindented\n\tEND',
      'cat << "X" > f; cat <<Y\none\nX\ntwo\nY',
    ]);
    expect(commands.map((c) => c.output)).toEqual(['pod/x created', '', 'done']);
  });

  it('says when a heredoc never ends', () => {
    const [command] = splitTranscript('$ cat <<EOF\nbody\n', ALL);
    expect(command).toMatchObject({ command: 'cat <<EOF\nbody\n', unterminatedHeredoc: 'EOF' });
  });

  it('reads only the prompts asked for, and `#` comments in a write-up as text when asked to', () => {
    const text = ['# 권한이 있다면 이렇게 나옵니다.', '# check the nodes first', '# ip -c a', '1: lo', '$ hostname'].join('\n');
    expect(splitTranscript(text, { prompts: ['$'] }).map((c) => c.command)).toEqual(['hostname']);
    const commands = splitTranscript(text, { prompts: ['$', '#'], rootPromptOnlyForCommands: true });
    expect(commands.map((c) => [c.command, c.output])).toEqual([['ip -c a', '1: lo'], ['hostname', '']]);
  });

  it('with `bare`, takes prompt-less lines that read as commands (a scraper dropped the prompts)', () => {
    const text = ['테라폼 초기화', 'terraform init', 'Initializing the backend...', 'kubectl get pod \\', '  -A', 'NAME READY', '  indented output --x'].join('\n');
    expect(splitTranscript(text, ALL)).toEqual([]);
    const commands = splitTranscript(text, { ...ALL, bare: true });
    expect(commands.map((c) => [c.command, c.output])).toEqual([
      ['terraform init', 'Initializing the backend...'],
      ['kubectl get pod \\\n  -A', 'NAME READY\n  indented output --x'],
    ]);
  });
});

describe('looksLikeCommand', () => {
  it('tells commands from comments and captions', () => {
    for (const command of ['kubectl get pods -A', 'hostname', './deploy.sh', 'N1=10.0.0.1', 'stat -fc %T /sys/fs/cgroup/', 'foo --bar', 'xyz | grep a']) expect(looksLikeCommand(command), command).toBe(true);
    for (const comment of ['check the nodes first', 'Check the nodes', '확인', 'TODO: later', '', 'note that this takes a while']) expect(looksLikeCommand(comment), comment).toBe(false);
  });
});
