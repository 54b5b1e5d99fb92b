// One small deterministic test per bug the fuzzing found (inputs in test/samples/fuzz/). Each
// failed before its fix with a crash, a stack trace, a flood of messages, minutes of CPU, or a
// problem reported without its file and line.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { CLI, lab, ROOT } from '../helpers/cli.js';
import { describeOutcome, expectWellBehaved, type CliOutcome } from './fuzz-harness.js';

const dir = 'test/samples/fuzz';
/**
 * These inputs overflow the stack of the code that reads them (caught, reported in words). Each
 * runs in a process of its own, as a user's `lab` does: in vitest's worker, after the alias bombs,
 * an overflow deep in the YAML parser intermittently took V8's regexp compiler down with it
 * ("RegExpCompiler Allocation failed", the worker gone, 5 runs in 6), which the runner running the
 * same sequence in one plain Node process never did (3 runs of the tsc build's runCli).
 */
async function cli(argv: string[]): Promise<CliOutcome> {
  const result = await lab(argv);
  return { argv, code: result.code, stdout: result.stdout, stderr: result.stderr };
}
const lint = (file: string) => cli(['lint', `${dir}/${file}`]);
const run = (file: string) => cli(['run', '--no-color', `${dir}/${file}`]);

beforeAll(() => {
  process.env.NO_COLOR = '1';
});

describe('bugs found by fuzzing', () => {
  it('a frontmatter key that is a list is an error at its line, with no library warning on stderr', async () => {
    const result = await lab(['lint', `${dir}/collection-key.md`]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${dir}/collection-key.md:3:3: error: frontmatter cannot be used: a key is a list or a map`);
    expect(result.stderr).not.toMatch(/Warning|mapAsMap/);
  });

  it('a fixture key that is a map is FIXTURE_INVALID at its line, with no library warning', async () => {
    const result = await lab(['run', `${dir}/fixture-collection-key.md`]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(`${dir}/fixture-collection-key.fixture.yaml:7: cannot be used: a key is a list or a map`);
    expect(result.stderr).not.toMatch(/Warning|mapAsMap/);
  });

  it('an alias bomb in the frontmatter is a lint error, and run refuses it with exit 2 (was an internal error and a stack trace)', async () => {
    const linted = await lint('alias-bomb.md');
    expectWellBehaved(linted, [`${dir}/alias-bomb.md`]);
    expect(linted.stdout).toContain(`${dir}/alias-bomb.md:4:10: error: frontmatter cannot be used: aliases (\`*name\`) expand to too much data`);
    const ran = await run('alias-bomb.md');
    expectWellBehaved(ran, [`${dir}/alias-bomb.md`]);
    expect(ran.code).toBe(2);
  });

  it('an alias bomb in a fixture is FIXTURE_INVALID at the alias (was an internal error and a stack trace)', async () => {
    const ran = await run('fixture-alias-bomb.md');
    expectWellBehaved(ran, [`${dir}/fixture-alias-bomb.fixture.yaml`]);
    expect(ran.code).toBe(2);
    expect(ran.stdout).toContain(`${dir}/fixture-alias-bomb.fixture.yaml:8: cannot be used: aliases`);
  });

  it('invalid regex and JSON bodies are reported on one line each (the engine quoted the body, newlines and all)', async () => {
    const result = await lint('bad-expectations.md');
    const lines = result.stdout.trim().split('\n');
    expect(lines, describeOutcome(result)).toHaveLength(2);
    expect(lines[0]).toMatch(/^test\/samples\/fuzz\/bad-expectations\.md:7:1: error: invalid regex: .*\/\[1, 2\\n\\n\{"a":\/m: missing closing \] \[invalid-regex\]$/);
    expect(lines[1]).toMatch(/^test\/samples\/fuzz\/bad-expectations\.md:17:1: error: invalid JSON: Unexpected token 'x', .*\\n.* is not valid JSON \[invalid-json\]$/);
  });

  it('a step that exited wrongly is reported at its file and line (the default exit rule has no place of its own)', async () => {
    const result = await run('exit-code.md');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${dir}/exit-code.md:3:1: exited with 2, expected exit 0; stderr: boom`);
  });

  it('a host whose attempts were deleted from the fixture fails the step at its file and line (was "no attempt" with no place)', async () => {
    const result = await run('host-no-attempt.md');
    expectWellBehaved(result, [`${dir}/host-no-attempt.md`]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${dir}/host-no-attempt.md:3:1: the fixture holds no attempt of host \`h2\` for \`on-hosts\`: re-record it with`);
  });

  it('a long run of backslashes lints in well under a second per 100 KB (marked\'s inline lexer was quadratic: 21 s for 160 KB)', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'fuzz-regression-'));
    try {
      const file = path.join(tmp, 'backslashes.md');
      await writeFile(file, `# Backslashes\n\nProse\n${'\\'.repeat(300_000)}\n\n\`\`\`bash\necho hi\n\`\`\`\n`);
      const started = performance.now();
      const result = await cli(['lint', '--no-fixtures', file]);
      expect(result.code, describeOutcome(result)).toBe(0);
      expect(performance.now() - started).toBeLessThan(10_000);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });

  it('lists or quotes nested thousands deep on one line are refused at that line (was a stack overflow and an internal error)', async () => {
    const linted = await lint('deep-nesting.md');
    expect(linted.code).toBe(1);
    expect(linted.stdout.trim()).toBe(`${dir}/deep-nesting.md:5:1: error: lists or quotes nested more than 100 deep on one line: Markdown this deep cannot be read; flatten it [too-deep]`);
    const ran = await run('deep-nesting.md');
    expectWellBehaved(ran, [`${dir}/deep-nesting.md`]);
    expect(ran.code).toBe(2);
  });

  it('recorded JSON nested ten thousand deep fails the step in words (the comparison overflowed the stack: an internal error)', async () => {
    const result = await run('deep-json.md');
    expectWellBehaved(result, [`${dir}/deep-json.md`]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${dir}/deep-json.md:7:1: stdout (json) is JSON too deep to compare (it nests more than 256 levels deep)`);
  });

  it('a fixture with brackets nested thousands deep is FIXTURE_INVALID in words (the YAML parser itself overflowed the stack)', async () => {
    const ran = await run('fixture-deep-brackets.md');
    expectWellBehaved(ran, [`${dir}/fixture-deep-brackets.fixture.yaml`]);
    expect(ran.code).toBe(2);
    expect(ran.stdout).toContain(`${dir}/fixture-deep-brackets.fixture.yaml:1: is not valid YAML: it nests too deeply`);
  });

  it('frontmatter nesting too deeply is one error in words (was "Maximum call stack size exceeded", then 787 more errors)', async () => {
    const result = await lint('deep-yaml.md');
    expect(result.code).toBe(1);
    expect(result.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^test\/samples\/fuzz\/deep-yaml\.md:2:\d+: error: frontmatter is not valid YAML: it nests too deeply \(brackets or indentation inside each other\) \[frontmatter-yaml\]$/),
    ]);
  });

  it('a NUL byte is found anywhere in a lab and in a fixture, and placed at its line and column', async () => {
    const linted = await lint('nul-late.md');
    expect(linted.stdout).toContain(`${dir}/nul-late.md:203:7: error: this is a binary file (a NUL byte here), not a Markdown lab [not-text]`);
    const ran = await run('fixture-nul.md');
    expect(ran.code).toBe(2);
    expect(ran.stdout).toContain(`${dir}/fixture-nul.fixture.yaml:5: ${dir}/fixture-nul.fixture.yaml is not a text file (a NUL byte here`);
  });
});

describe('a reader that goes away', () => {
  it('`lab run | head` ends normally, with no EPIPE stack trace (found while reproducing a fuzz case)', async () => {
    const child = spawn(process.execPath, [CLI, 'run', 'labs'], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy()); // read one chunk, then close the pipe
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|^\s+at /m);
    expect(code).toBe(0);
  });
});

describe('lab list', () => {
  it('says where an unreadable fixture is (it said only "fixture unreadable")', async () => {
    const listed = await cli(['list', `${dir}/fixture-nul.md`]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`fixture unreadable (${dir}/fixture-nul.fixture.yaml:5)`);
  });
});

describe('control characters from a lab', () => {
  it('no diagnostic carries a raw control character: an ESC in an attribute name is shown escaped', async () => {
    const linted = await lint('control-characters.md');
    expect(linted.code).toBe(1);
    const lines = linted.stdout.trim().split('\n');
    expect(lines).toContain(`${dir}/control-characters.md:7:18: error: unknown attribute \`x\\u001b[2J\` [unknown-attribute]`);
    expect(linted.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(lines.join('\n')).not.toContain('fixture-invalid'); // lab errors first: fixtures are not checked yet
    const ran = await run('control-characters.md');
    expect(ran.code).toBe(2);
  });

  it('a `fixture:` holding a NUL is refused at its line (was read and failed with ERR_INVALID_ARG_VALUE, printing the NUL)', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'fuzz-regression-'));
    try {
      const file = path.join(tmp, 'override.md');
      await writeFile(file, '---\nfixture: "fixtures/a\\u0000b.yaml"\n---\n\n```bash\necho hi\n```\n');
      const linted = await cli(['lint', file]);
      expect(linted.stdout).toContain(`${file}:2:1: error: fixture \`fixtures/a\\u0000b.yaml\` holds a control character`);
      const ran = await cli(['run', '--no-color', file]);
      expect(ran.code).toBe(2);
      expect(ran.stdout).toContain(`${file}:2: fixture`);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});

describe('a refused `fixture:` is placed where the frontmatter parser found it', () => {
  it('an indented `fixture:` (valid YAML) still gets its line (a text search for /^fixture:/ found none)', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'fuzz-regression-'));
    try {
      const file = path.join(tmp, 'indented.md');
      await writeFile(file, '---\n  fixture: "fixtures/a\\u0000b.yaml"\n---\n\n```bash\necho hi\n```\n');
      const listed = await cli(['list', file]);
      expect(listed.stdout).toContain(`fixture unreadable (${file}:2)`);
      const ran = await cli(['run', '--no-color', file]);
      expect(ran.code).toBe(2);
      expect(ran.stdout).toContain(`${file}:2: fixture`);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});

describe('an unreadable fixture is named with a line whatever is wrong with it', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'fuzz-regression-'));
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  it.each([
    ['cut in the middle of a UTF-8 character', Buffer.from([0x66, 0x6f, 0x72, 0x6d, 0x61, 0x74, 0x3a, 0x20, 0x31, 0x0a, 0x6c, 0x61, 0x62, 0x3a, 0x20, 0xed, 0x95]), ':2:6'],
    ['empty', Buffer.alloc(0), ':1:1'],
  ])('%s', async (_name, bytes, where) => {
    const labFile = path.join(tmp, `${where.replace(/:/g, '_')}.md`);
    await writeFile(labFile, '# x\n\n```bash id=a\necho a\n```\n');
    await writeFile(labFile.replace(/\.md$/, '.fixture.yaml'), bytes);
    const result = await cli(['run', '--no-color', labFile]);
    expect(result.code, describeOutcome(result)).toBe(2);
    expect(result.stdout, describeOutcome(result)).toContain(`${labFile.replace(/\.md$/, '.fixture.yaml')}${where.split(':').slice(0, 2).join(':')}`);
  });
});
