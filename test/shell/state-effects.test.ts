// Steps that cannot change the session's state skip the state dump (runner/shell/state-effects.ts).
// What the scanner accepts and refuses, and, against a real bash, that what it accepts truly
// changes nothing, that the host then skips the dump, and that the session keeps every change
// the steps around it make.
import { describe, expect, it, vi } from 'vitest';
import { cannotChangeState } from '../../runner/shell/state-effects.js';
import { ShellHost } from '../../runner/shell/host.js';
import { findBash } from '../../runner/shell/spawn.js';
import { isSpecialVariable, parseStateDump, type ShellState } from '../../runner/shell/state.js';
import { openSession, tempDir } from './helpers.js';

const bare = { functions: '', aliases: '', options: '' };

/** Commands of the kind the study group's labs run, and shell that only reads. */
const UNCHANGING = [
  'true',
  'kubectl get nodes -o wide',
  'aws eks describe-cluster --name $CLUSTER_NAME --query cluster.version --output text',
  'kubectl get pods -A | grep -v Running || true',
  'kubectl get node -o json | jq -r \'.items[].metadata.labels["eks.amazonaws.com/nodegroup"]\'',
  'echo "cluster: ${CLUSTER_NAME:-unset} in $AWS_REGION"; echo \'$HOME stays literal\'',
  'ssh -o StrictHostKeyChecking=no ec2-user@$N1 hostname 2>/dev/null >> nodes.txt',
  'aws ec2 describe-instances \\\n  --filters Name=tag:Name,Values=myeks-ng1-Node \\\n  --output table',
  'kubectl get pods |\n  grep nginx &&\n  echo found',
  '# comment only lines are fine\nterraform -chdir=./aews init # and trailing comments',
  'echo $(kubectl get pods -o name | head -1) `date +%s` "$(A=1; cd /; echo $A)"',
  'printf \'%s\\n\' "$@" &>/dev/null; printf "%s" x; printf x%s y; pwd; :',
  'kubectl get pod $(kubectl get pods -o jsonpath=\'{.items[0].metadata.name}\') -o "$(echo yaml)"',
  'ls *.tf ?.yaml [ab].txt 2>&1 | wc -l',
  'cat ./out.json | jq ".a[${#LIST[@]}]" > copy.json',
  'echo $\'tab\\there\' ${HOME%/} ${PATH##*:}',
];

/** Scripts that change, or may change, the state: each must take the dump. */
const CHANGING: Array<[string, string]> = [
  ['A=1', 'an assignment'],
  ['A=1 kubectl get pods', 'an assignment before a command'],
  ['export KUBECONFIG=~/.kube/config', 'a builtin that sets'],
  ['cd /tmp', 'cd'],
  ['kubectl get ns; cd -', 'cd after a plain command'],
  ['source ./env.sh', 'source'],
  ['. ./env.sh', '.'],
  ['eval "$(ssh-agent)"', 'eval'],
  ['read -r NAME < file', 'read'],
  ['printf -v OUT %s x', 'printf -v'],
  ['echo ${A:=1}', 'a default that assigns'],
  ['echo "${A:=1}"', 'a default that assigns, quoted'],
  ['echo $((N++))', 'arithmetic'],
  ['echo ${LIST[i++]}', 'an arithmetic subscript'],
  ['exec 3>out.txt', 'exec'],
  ['kubectl logs -f pod &', 'a background job'],
  ['f() { A=1; }', 'a function definition'],
  ['alias k=kubectl', 'alias'],
  ['set -euo pipefail', 'set'],
  ['shopt -s nullglob', 'shopt'],
  ['umask 077', 'umask'],
  ['for n in 1 2; do echo $n; done', 'for assigns its variable'],
  ['if true; then A=1; fi', 'a compound command'],
  ['{ A=1; }', 'a group'],
  ['(cd /tmp)', 'a subshell at the top'],
  ['cat <<EOF\n$((A=1))\nEOF', 'a here-document'],
  ['exec {fd}>out', 'a descriptor variable'],
  ['$CMD /tmp', 'an expanded command word'],
  ['\\cd /tmp', 'an escaped command word'],
  ['"cd" /tmp', 'a quoted command word'],
  ['builtin cd /tmp', 'builtin'],
  ['command cd /tmp', 'command'],
  ['mapfile -t LINES < f', 'mapfile'],
  ['[[ $x =~ (a) ]]', '[[ sets BASH_REMATCH'],
  ['echo "unterminated', 'an unterminated quote'],
  ['echo $(date', 'an unterminated substitution'],
  ['kubectl get pods |', 'a pipe to nothing'],
  ['> out.txt kubectl get pods', 'a redirection before the command'],
  // Found by review: each one got through a first version of the scanner and changed the state.
  ['grep -c "^root$" /etc/group\nexport NS=demo', '`$"` in double quotes is a plain `$`'],
  ['echo "price: 5$"; cd /tmp; echo "done"', 'a `$` before the closing quote'],
  ['echo "$\'" ; X=1 ; echo "\'"', '`$\'` in double quotes is a plain `$`'],
  ['printf "-v" X %s hi', 'a quoted -v'],
  ["printf $'-v' X %s hi", 'an ANSI-C -v'],
  ['printf ${u:--v}X %s hi', 'a -v from a default'],
  ['printf * hi', 'a glob that may name -vX'],
  ['echo "$\\\n{X:=1}"', 'a continuation joining $ and {'],
  ['echo "$\\\n((X=2))"', 'a continuation joining $ and (('],
  ['echo $\\\n[X=4]', 'a continuation joining $ and ['],
  ['echo $(\\\n(X=3))', 'a continuation making $(( )'],
  ["echo $(echo $'\\'') ; cd /tmp ; echo ')'\\'", "`$'\\''` inside $( )"],
  ["echo $(echo ${x:- #}) ; cd /tmp ; echo '\n)'\\'", 'a # inside ${} inside $( )'],
  ['echo $( (true)#(\n) ; cd /tmp ; (true)#)', 'a comment after ) inside $( )'],
  ['echo $(echo "${x:-"("}") ; cd /tmp ; (:)#)', 'quotes nested in "${}" inside $( )'],
  ['echo $(echo ${x/(/y}) ; cd /tmp ; (:)#)', 'a parenthesis in a pattern inside $( )'],
  ['test -v "a[X=5]"', 'test -v evaluates a subscript'],
  ['[ -v "a[X=5]" ]', '[ -v evaluates a subscript'],
  ['__lab_dump 0', 'the host\'s own functions'],
  ["echo $\0'a\\' x '; cd / #'", 'a NUL the host strips, joining $ and \''],
  ['pwd -P', 'pwd -P sets PWD under set -o posix'],
];

describe('cannotChangeState', () => {
  it.each(UNCHANGING)('accepts %j', (script) => {
    expect(cannotChangeState(script, bare)).toBe(true);
  });

  it.each(CHANGING)('refuses %j (%s)', (script) => {
    expect(cannotChangeState(script, bare)).toBe(false);
  });

  it('refuses a command word that is one of the session\'s functions or aliases', () => {
    const session = { functions: 'kubectl () \n{ \n    KUBE_CALLS=1\n}\n', aliases: "alias k='kubectl'\n", options: '' };
    expect(cannotChangeState('kubectl get pods', session)).toBe(false);
    expect(cannotChangeState('k get pods', session)).toBe(false);
    expect(cannotChangeState('aws sts get-caller-identity', session)).toBe(true);
  });

  it('refuses everything under xtrace (PS4 is expanded before each command) or `set -k` (`: X=1` assigns)', () => {
    expect(cannotChangeState('true', { ...bare, options: 'set -o xtrace\n' })).toBe(false);
    expect(cannotChangeState(': X=1', { ...bare, options: 'set -o keyword\nset -o posix\n' })).toBe(false);
  });

  it('refuses everything while the session has a nameref: reading one expands its target', () => {
    // The flag comes from the dump's parse of `declare -n`.
    const dumped = parseStateDump('C\0/tmp\0D\0declare -n r="a[X++]"\ndeclare -a a=([0]="p")\n\0F\0\0A\0\0E\0')!;
    expect(dumped.variables.get('r')?.nameref).toBe(true);
    expect(cannotChangeState('echo "$r"', { ...bare, variables: dumped.variables })).toBe(false);
    dumped.variables.delete('r');
    expect(cannotChangeState('echo "$r"', { ...bare, variables: dumped.variables })).toBe(true);
  });
});

/** The parts of a state a step could change, special variables left out. */
function visible(state: ShellState) {
  const variables = [...state.variables].filter(([name]) => !isSpecialVariable(name) && name !== 'OLDPWD').map(([name, v]) => `${name}=${v.declaration}`);
  return { cwd: state.cwd, variables: variables.sort(), functions: state.functions, aliases: state.aliases, options: state.options };
}

describe('a step that cannot change the state, in a real bash', () => {
  it('changes nothing a dump would show, for every script the scanner accepts here', async () => {
    const dir = tempDir();
    const host = await ShellHost.start({ bashPath: findBash(), env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, CLUSTER_NAME: 'myeks' }, cwd: dir });
    const step = { setup: '', options: '', optionsKey: '', graceMs: 1_000, outputCapBytes: 1024 * 1024 };
    // Runnable here: the labs' shapes with commands every machine has.
    const scripts = [
      'true',
      'echo "cluster: ${CLUSTER_NAME:-unset}" | grep -c myeks || true',
      'ls /etc | head -3 > list.txt 2>&1 && wc -l list.txt',
      'echo $(A=1; cd /; echo $A) `B=2; echo $B` "$(export C=3)"',
      'printf \'%s\\n\' a b | sort -r; pwd; :',
      'env | grep -q ^PATH= \\\n  && echo has-path',
      'sh -c "cd /; X=1" ; bash -c \'alias q=true; shopt -s nullglob; umask 077\'',
      'cat /dev/null |\n  tr a b ||\n  false',
    ];
    try {
      const before = (await host.run({ ...step, script: 'true' })).state!;
      for (const script of scripts) {
        expect(cannotChangeState(script, bare), script).toBe(true);
        // Asked for the dump anyway: the state it shows is the one before.
        const after = await host.run({ ...step, script });
        expect(after.state, script).toBeDefined();
        expect(visible(after.state!), script).toEqual(visible(before));
      }
    } finally {
      await host.close();
    }
  });

  it('skips the dump in the host: the outcome says the state is unchanged, and a status over 128 stays an exit status', async () => {
    const host = await ShellHost.start({ bashPath: findBash(), env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, cwd: '/' });
    const step = { setup: '', options: '', optionsKey: '', graceMs: 1_000, outputCapBytes: 1024 * 1024, cannotChangeState: true };
    try {
      const plain = await host.run({ ...step, script: 'echo out; echo err >&2' });
      // No state back, and yet a clean exit: a step that dumps always returns one.
      expect(plain).toMatchObject({ state: undefined, attempt: { stdout: 'out\n', stderr: 'err\n', exitCode: 0 } });
      // A child killed by SIGTERM: the step itself left through its EXIT trap with 143.
      const killedChild = await host.run({ ...step, script: 'sh -c \'kill -TERM $$\'' });
      expect(killedChild.state).toBeUndefined();
      expect(killedChild.attempt.exitCode).toBe(143);
      expect(killedChild.attempt.signal).toBeUndefined();
      // The same request without the flag dumps as before.
      const dumped = await host.run({ ...step, cannotChangeState: false, script: 'true' });
      expect(dumped.state?.cwd).toBe('/');
      expect(dumped.state).toBeDefined();
    } finally {
      await host.close();
    }
  });
});

describe('the session around steps that skip the dump', () => {
  it('asks the host to skip the dump for exactly the steps that cannot change the state', async () => {
    const run = vi.spyOn(ShellHost.prototype, 'run');
    try {
      const session = await openSession();
      const asked = async (script: string) => {
        await session.run(script);
        return run.mock.calls.at(-1)![0].cannotChangeState;
      };
      expect(await asked('echo "$HOME"; ls >/dev/null')).toBe(true);
      expect(await asked('COUNT=1')).toBe(false);
      expect(await asked("setv() { V=1; }; alias seta='A=1'")).toBe(false);
      expect(await asked('setv')).toBe(false);
      expect(await asked('seta')).toBe(false);
      expect(await asked('kubectl version --client 2>/dev/null || true')).toBe(true);
    } finally {
      run.mockRestore();
    }
  });

  it('keeps what the steps before and after them change', async () => {
    const session = await openSession();
    const dir = tempDir();
    await session.run(`export REGION=ap-northeast-2; cd ${dir}; umask 027`);
    const plain = await session.run('echo "$REGION $PWD"; umask');
    expect(plain.stdout).toBe(`ap-northeast-2 ${dir}\n0027\n`);
    expect(plain.variables).toEqual({});
    const changed = await session.run('COUNT=1');
    expect(changed.variables).toEqual({ COUNT: '1' });
    await session.run('ls >/dev/null');
    expect((await session.run('echo "$COUNT $REGION $PWD"')).stdout).toBe(`1 ap-northeast-2 ${dir}\n`);
  });

  it('takes the dump when the command word is a function or an alias the session defined', async () => {
    const session = await openSession();
    await session.run("setv() { FROM_FUNCTION=yes; }; alias seta='FROM_ALIAS=yes'");
    await session.run('setv');
    await session.run('seta');
    expect((await session.run('echo "$FROM_FUNCTION $FROM_ALIAS"')).stdout).toBe('yes yes\n');
  });

  it('takes the dump while the session holds a nameref: reading it can assign', async () => {
    const session = await openSession();
    await session.run("X=0; a=(p q); declare -n r='a[X++]'");
    await session.run('echo "$r"');
    expect((await session.run('echo "$X"')).stdout).toBe('1\n');
  });

  it('keeps a step\'s cwd= to that step, as with a dump', async () => {
    const session = await openSession();
    const home = session.cwd;
    const dir = tempDir();
    expect((await session.run('pwd', { cwd: dir })).stdout).toBe(`${dir}\n`);
    expect((await session.run('pwd')).stdout).toBe(`${home}\n`);
  });
});
