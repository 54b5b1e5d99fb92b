// Turns kubectl's own failure messages (no such pod, container not running, forbidden, API server
// unreachable...) into one sentence for the pod. Only kubectl's line shapes are matched, at the
// start of a line, and the caller asks only when kubectl itself failed (exit 1 with no
// "command terminated with exit code" line), so a block that prints "Error from server" is judged normally.

/** What the sentences can say about where kubectl was pointed. */
export interface FailureContext {
  /** The namespace passed with `-n`; undefined: kubectl's current namespace. */
  namespace?: string;
}

interface KubectlFailurePattern {
  pattern: RegExp;
  /** `following`: the lines after the matched one (kubectl lists several problems as `* ...` lines). */
  describe(match: RegExpMatchArray, context: FailureContext, following: string[]): string;
}

export function inNamespace(namespace: string | undefined): string {
  return namespace === undefined ? "in kubectl's current namespace (set namespace= if it lives elsewhere)" : `in namespace "${namespace}"`;
}

/** What an error reported from inside the container runtime means for the block. */
function describeExecFailure(detail: string): string {
  if (/executable file not found|no such file or directory/.test(detail)) {
    return `the container has no \`sh\` to run the block in (a distroless image?): pick a container with a shell with container= (${detail})`;
  }
  if (/not created or running|CONTAINER_EXITED|not running|container not found/i.test(detail)) return `the container is not running (${detail})`;
  return `the container runtime could not run the block: ${detail}`;
}

// Shapes from kubectl's cmdutil.StandardErrorMessage and checkErr (k8s.io/kubectl pkg/cmd/util/helpers.go),
// kubectl exec (pkg/cmd/exec/exec.go), the API server's forbidden message
// (apiserver endpoints/handlers/responsewriters/errors.go) and clientcmd's config validation.
const PATTERNS: KubectlFailurePattern[] = [
  {
    pattern: /^Error from server \(NotFound\): pods "([^"]+)" not found\s*$/,
    describe: (match, context) => `no pod named "${match[1]}" ${inNamespace(context.namespace)}`,
  },
  {
    pattern: /^Error from server \(Forbidden\): .*?User "([^"]*)" cannot (\S+) resource "([^"]+)" in API group "([^"]*)"(?: in the namespace "([^"]+)"| at the cluster scope)/,
    describe: (match) => {
      const [, user, verb, resource, group, namespace] = match;
      const where = namespace ? `in namespace "${namespace}"` : 'at the cluster scope';
      const api = group ? ` (API group "${group}")` : '';
      return `forbidden: ${user} may not ${verb} ${resource} ${where}: its RBAC role needs the "${verb}" verb on "${resource}"${api}`;
    },
  },
  {
    pattern: /^Error from server \(Forbidden\): (.+)$/,
    describe: (match) => `forbidden by the API server: ${match[1]}`,
  },
  {
    pattern: /^error: You must be logged in to the server \((.*)\)\s*$/,
    describe: (match) => `the API server refused the credentials (${match[1]}): log in again (for EKS: \`aws sso login\` or \`aws eks update-kubeconfig\`)`,
  },
  {
    pattern: /^The connection to the server (\S+) was refused - did you specify the right host or port\?\s*$/,
    describe: (match) => `the API server at ${match[1]} refused the connection: check --kube-context and --kubeconfig, and that the cluster is up`,
  },
  {
    pattern: /^Unable to connect to the server: (.+)$/,
    describe: (match) => `could not reach the API server: ${match[1]}`,
  },
  {
    pattern: /^(?:Error in configuration: )?(?:\* )?context was not found for specified context: (.+?)\s*$/,
    describe: (match) => `the kubeconfig has no context "${match[1]}": check --kube-context or kube-context: in the frontmatter (\`kubectl config get-contexts\` lists them)`,
  },
  {
    pattern: /^error: cannot exec into a container in a completed pod; current phase is (\w+)/,
    describe: (match) => `the pod has completed (phase ${match[1]}): nothing runs in it to exec into`,
  },
  {
    pattern: /^error: container (\S+) is not valid for pod (\S+) out of: (.*?)\s*$/,
    describe: (match) => `the pod has no container "${match[1]}" (it has: ${match[3]}): check container=`,
  },
  {
    // The kubelet's answer when the container exists in the spec but is not running (crash loop, not started yet).
    pattern: /^error: unable to upgrade connection: container not found \("([^"]+)"\)/,
    describe: (match) => `container "${match[1]}" is not running (crashing, or not started yet)`,
  },
  {
    pattern: /^(?:error: |Error from server(?: \(\w+\))?: )(?:Internal error occurred: )?error executing command in container: (.+)$/,
    describe: (match) => describeExecFailure(match[1]!),
  },
  {
    pattern: /^error: unable to upgrade connection: (.+)$/,
    describe: (match) => `kubectl could not open the exec stream to the pod: ${match[1]}`,
  },
  {
    pattern: /^Error from server(?: \((\w+)\))?: (.+)$/,
    describe: (match) => `the API server answered ${match[1] ?? 'with an error'}: ${match[2]}`,
  },
  {
    pattern: /^Error in configuration:\s*(.*)$/,
    describe: (match, _context, following) => `the kubeconfig is not usable: ${match[1] || following.map((line) => line.replace(/^\* /, '')).join('; ')}`,
  },
  {
    // checkErr prefixes every other error with "error: ".
    pattern: /^error: (.+)$/,
    describe: (match) => `kubectl failed: ${match[1]}`,
  },
];

/**
 * A sentence for a failure kubectl itself reported. kubectl's own message is the last thing it
 * prints, so lines are read from the end: the last line of a known shape wins over anything the
 * block printed before the stream broke.
 */
export function describeKubectlFailure(stderr: string, context: FailureContext = {}): string {
  const lines = stderr.split('\n').map((line) => line.replace(/\r$/, ''));
  for (let index = lines.length - 1; index >= 0; index--) {
    for (const { pattern, describe } of PATTERNS) {
      const match = lines[index]!.match(pattern);
      if (match) return describe(match, context, lines.slice(index + 1).filter((line) => line.trim().length > 0));
    }
  }
  const last = lines.map((line) => line.trim()).filter((line) => line.length > 0).at(-1);
  return last ? `kubectl failed: ${last}` : 'kubectl failed without a message';
}
