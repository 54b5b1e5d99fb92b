// The text of a new lab: every common block once, so an author sees the format in use.
// test/lab/scaffold.test.ts keeps it lint-clean.

export function scaffoldLab(id: string, title: string): string {
  const fence = '```';
  return `---
title: ${JSON.stringify(title)}
description: What the learner will see and why it matters, in a sentence or two.
requires: [bash]
estimate: 5
cost: Free (runs on your machine only).
vars:
  GREETING: { default: hello, prompt: "A word to greet with" }
  WORKDIR: { default: /tmp/lab-scratch, description: "A scratch folder; the cleanup step removes it" }
---

# ${title}

Prose between steps is shown to the learner as it is written. Each \`bash\` block is a step;
an \`expect\` block right after it checks the step's output.

## First steps

${fence}bash id=greet
echo "$GREETING from $(uname -s)"
${fence}

${fence}expect
{{GREETING}} from [..]
${fence}

Shell state carries over from one step to the next, like one terminal:

${fence}bash id=remember
mkdir -p "$WORKDIR"
cd "$WORKDIR"
STARTED_IN=$(pwd)
${fence}

${fence}bash id=show-json
printf '{"status": "ok", "items": [1, 2, 3]}\\n'
${fence}

${fence}expect json
{ "status": "ok" }
${fence}

## Waiting for something

A step can be retried until its expectations pass, and a never-ending command can run for a while:

${fence}bash id=poll retry=5 interval=1s
test -d "$STARTED_IN" && echo ready
${fence}

${fence}expect contains
ready
${fence}

${fence}bash id=watch-clock for=2s
while true; do date +%T; sleep 1; done
${fence}

## Expected failures

${fence}bash id=missing-file
cat does-not-exist
${fence}

${fence}expect stderr exit=1
[..]No such file or directory
${fence}

## Clean up

A cleanup step runs at the end, and a learner may run it alone in a new terminal
(\`--only remove-workdir\`): it uses only \`vars:\`, never what an earlier step set.

${fence}bash id=remove-workdir cleanup
rm -rf "$WORKDIR"
${fence}
`;
}

/**
 * What each step of the scaffold prints, for the skeleton fixture `lab new` writes (provenance
 * `synthesized`: nobody ran it), so a new lab replays green before anyone records it.
 */
export const SCAFFOLD_OUTPUTS: Record<string, { stdout?: string; stderr?: string; exit?: number; stoppedAfterFor?: boolean }> = {
  greet: { stdout: 'hello from Linux\n' },
  'show-json': { stdout: '{"status": "ok", "items": [1, 2, 3]}\n' },
  poll: { stdout: 'ready\n' },
  'watch-clock': { stdout: '12:00:00\n12:00:01\n', stoppedAfterFor: true },
  'missing-file': { stderr: 'cat: does-not-exist: No such file or directory\n', exit: 1 },
};
