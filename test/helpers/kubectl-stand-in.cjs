// The kubectl stand-in's program (installed as `kubectl` by kubectl-stand-in.ts): no cluster is
// reachable in tests, so it answers from a planted cluster.json and logs each call's argv. A
// healthy `exec` really runs the in-pod command here, stdin passed through, with POD_NAME and
// HOSTNAME set to the pod; failures print kubectl's own message shapes and exit 1, like kubectl.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const stateDir = process.env.KUBECTL_STAND_IN_STATE;
if (!stateDir) fail('error: KUBECTL_STAND_IN_STATE is not set (the kubectl stand-in needs its state folder)');
const argv = process.argv.slice(2);
fs.appendFileSync(path.join(stateDir, 'calls.jsonl'), `${JSON.stringify(argv)}\n`);
const cluster = JSON.parse(fs.readFileSync(path.join(stateDir, 'cluster.json'), 'utf8'));

function fail(message, code = 1) {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

// pflag-like parsing: flags anywhere before `--`, `--flag value`, `--flag=value`, `-it`.
const VALUED = { '--context': 'context', '--kubeconfig': 'kubeconfig', '-n': 'namespace', '--namespace': 'namespace', '-c': 'container', '--container': 'container', '-l': 'selector', '--selector': 'selector', '-o': 'output', '--output': 'output' };
const BOOLEAN = { '-i': 'stdin', '--stdin': 'stdin', '-t': 'tty', '--tty': 'tty', '-q': 'quiet', '--quiet': 'quiet' };
const flags = {};
const positional = [];
let command;
for (let index = 0; index < argv.length; index++) {
  const arg = argv[index];
  if (arg === '--') {
    command = argv.slice(index + 1);
    break;
  }
  const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
  if (VALUED[name]) {
    const value = inline ?? argv[++index];
    if (value === undefined) fail(`error: flag needs an argument: ${name}`);
    flags[VALUED[name]] = value;
  } else if (BOOLEAN[name]) flags[BOOLEAN[name]] = true;
  else if (/^-[a-z]{2,}$/.test(arg)) {
    for (const letter of arg.slice(1)) {
      if (!BOOLEAN[`-${letter}`]) fail(`error: unknown shorthand flag: '${letter}' in ${arg}\nSee 'kubectl --help' for usage.`);
      flags[BOOLEAN[`-${letter}`]] = true;
    }
  } else if (arg.startsWith('--')) fail(`error: unknown flag: ${name}\nSee 'kubectl --help' for usage.`);
  else if (arg.startsWith('-') && arg.length > 1) fail(`error: unknown shorthand flag: '${arg[1]}' in ${arg}\nSee 'kubectl --help' for usage.`);
  else positional.push(arg);
}

if (flags.context !== undefined && cluster.contexts && !cluster.contexts.includes(flags.context)) {
  fail(`Error in configuration: context was not found for specified context: ${flags.context}`);
}
const namespace = flags.namespace ?? cluster.currentNamespace ?? 'default';
const user = cluster.user ?? 'lab-tester';
const server = cluster.server ?? '127.0.0.1:6443';

/** kubectl's own words for a planted failure (see kubectl-stand-in.ts for the kinds). */
function failure(kind, { pod, container, verb }) {
  const resource = verb === 'list' ? 'pods' : `pods "${pod}"`;
  const messages = {
    'not-found': `Error from server (NotFound): pods "${pod}" not found`,
    forbidden: `Error from server (Forbidden): ${resource} is forbidden: User "${user}" cannot ${verb === 'list' ? 'list' : 'create'} resource "${verb === 'list' ? 'pods' : 'pods/exec'}" in API group "" in the namespace "${namespace}"`,
    // Recent kubectl logs the failed discovery before its own message (get); exec prints only the message.
    'connection-refused': `${verb === 'list' ? `E0101 00:00:00.000000   4242 memcache.go:265] "Unhandled Error" err="couldn't get current server API group list: Get \\"https://${server}/api?timeout=32s\\": dial tcp ${server}: connect: connection refused"\n` : ''}The connection to the server ${server} was refused - did you specify the right host or port?`,
    unreachable: `Unable to connect to the server: dial tcp: lookup ${server.replace(/:\d+$/, '')}: no such host`,
    unauthorized: 'error: You must be logged in to the server (Unauthorized)',
    'container-not-running': `error: unable to upgrade connection: container not found ("${container}")`,
    completed: 'error: cannot exec into a container in a completed pod; current phase is Succeeded',
    'no-shell': 'error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "4f2c0d1e": OCI runtime exec failed: exec failed: unable to start container process: exec: "sh": executable file not found in $PATH: unknown',
  };
  if (!messages[kind]) fail(`error: the kubectl stand-in knows no failure "${kind}"`);
  fail(messages[kind]);
}

function matches(labels, selector) {
  return selector.split(',').every((requirement) => {
    const term = requirement.trim();
    let match;
    if ((match = /^([^!=]+)!=(.*)$/.exec(term))) return labels[match[1]] !== match[2];
    if ((match = /^([^!=]+)==?(.*)$/.exec(term))) return labels[match[1]] === match[2];
    if (term.startsWith('!')) return !(term.slice(1) in labels);
    return term in labels;
  });
}

function get() {
  if (!['pods', 'pod', 'po'].includes(positional[1])) fail(`error: the kubectl stand-in only lists pods, not "${positional[1]}"`);
  if (flags.output !== 'name') fail('error: the kubectl stand-in only prints -o name');
  if (cluster.listFailure) failure(cluster.listFailure, { verb: 'list' });
  const pods = Object.entries(cluster.namespaces?.[namespace] ?? {});
  const names = pods.filter(([, pod]) => flags.selector === undefined || matches(pod.labels ?? {}, flags.selector)).map(([name]) => `pod/${name}\n`);
  if (names.length === 0) process.stderr.write(`No resources found in ${namespace} namespace.\n`);
  process.stdout.write(names.join(''));
}

// Pods exec in parallel: two stand-ins may make this folder at once, so each step tolerates the
// other having done it (a plain existsSync-then-mkdir crashed one of them with EEXIST).
function shOnlyBin() {
  const folder = path.join(stateDir, 'sh-only-bin');
  fs.mkdirSync(folder, { recursive: true });
  try {
    fs.symlinkSync('/bin/sh', path.join(folder, 'sh'));
  } catch (error) {
    if (error.code !== 'EEXIST') throw error;
  }
  return folder;
}

function exec() {
  if (command === undefined) fail("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples");
  if (positional.length !== 2) fail('error: expected exactly one pod before --');
  if (command.length === 0) fail('error: you must specify at least one command for the container');
  const name = positional[1];
  const pod = cluster.namespaces?.[namespace]?.[name];
  if (!pod) fail(`Error from server (NotFound): pods "${name}" not found`);
  const containers = pod.containers ?? ['main'];
  const container = flags.container ?? containers[0];
  if (pod.failure && pod.failure !== 'container-not-running') failure(pod.failure, { pod: name, container, verb: 'exec' });
  if (!containers.includes(container)) fail(`error: container ${container} is not valid for pod ${name} out of: ${containers.join(', ')}`);
  if (pod.failure) failure(pod.failure, { pod: name, container, verb: 'exec' });
  if (flags.container === undefined && containers.length > 1 && !flags.quiet) {
    process.stderr.write(`Defaulted container "${container}" out of: ${containers.join(', ')}\n`);
  }
  if (flags.tty && !process.stdin.isTTY && !flags.quiet) process.stderr.write('Unable to use a TTY - input is not a terminal or the right kind of file\n');
  const env = { ...process.env, POD_NAME: name, HOSTNAME: name, POD_NAMESPACE: namespace, CONTAINER_NAME: container };
  // An image with sh and nothing else (Alpine, BusyBox): a PATH holding only sh.
  if (pod.shOnly) env.PATH = shOnlyBin();
  const child = spawn(command[0], command.slice(1), {
    // Without -i kubectl sends no stdin into the pod.
    stdio: [flags.stdin ? 'inherit' : 'ignore', 'inherit', 'inherit'],
    env,
  });
  child.on('error', (error) => fail(`error: Internal error occurred: error executing command in container: ${error.message}`));
  child.on('exit', (code, signal) => {
    // A process killed in the pod reports 128+signal, as the container runtime does.
    const status = signal ? 128 + (os.constants.signals[signal] ?? 0) : code;
    if (status !== 0) fail(`command terminated with exit code ${status}`, status);
    process.exit(0);
  });
}

if (positional[0] === 'get') get();
else if (positional[0] === 'exec') exec();
else fail(`error: unknown command "${positional[0]}" for "kubectl"`);
