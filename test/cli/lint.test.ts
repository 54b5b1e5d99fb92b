import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lab } from '../helpers/cli.js';

const dir = 'test/samples/lint';

describe('lab lint', () => {
  it('finds every error at its line and column', async () => {
    const { code, stdout } = await lab(['lint', '--no-fixtures', `${dir}/errors.md`]);
    expect(code).toBe(1);
    const lines = stdout.trim().split('\n');
    const at = (line: number, col: number, text: string) =>
      expect(lines.some((l) => l.startsWith(`${dir}/errors.md:${line}:${col}: `) && l.includes(text)), `${line}:${col} ${text}\n${stdout}`).toBe(true);
    at(9, 1, 'error: `expect` block with no step before it');
    at(13, 16, 'error: unknown attribute `timout` (did you mean `timeout`?)');
    at(17, 16, 'error: bad duration `10` for `timeout`');
    at(17, 27, 'error: bad number `abc` for `retry`');
    at(21, 1, 'error: ');
    at(29, 1, 'error: ');
    at(33, 1, 'error: duplicate step id `one`');
    at(37, 22, 'error: `tty` and `for` on the same step');
    at(41, 19, 'error: `hosts=` uses `$NODES`');
    at(46, 16, 'warning: variable `UNDEFINED_THING` is never defined');
    at(50, 1, 'warning: variable `ALSO_UNDEFINED` (in `{{...}}`) is never defined');
    expect(lines.find((l) => l.startsWith(`${dir}/errors.md:21:1`))).toMatch(/regex/i);
    expect(lines.find((l) => l.startsWith(`${dir}/errors.md:29:1`))).toMatch(/json/i);
  });

  it('reports an unterminated fence at its opening line', async () => {
    const { code, stdout } = await lab(['lint', '--no-fixtures', `${dir}/unterminated.md`]);
    expect(code).toBe(1);
    expect(stdout).toContain(`${dir}/unterminated.md:7:1: error: code block opened with \`\`\` is never closed`);
  });

  it('reports YAML that does not parse and YAML that fails the schema', async () => {
    const yaml = await lab(['lint', '--no-fixtures', `${dir}/bad-yaml.md`]);
    expect(yaml.code).toBe(1);
    expect(yaml.stdout).toMatch(new RegExp(`${dir}/bad-yaml.md:[34]:\\d+: error: frontmatter is not valid YAML`));
    const schema = await lab(['lint', '--no-fixtures', `${dir}/bad-schema.md`]);
    expect(schema.code).toBe(1);
    expect(schema.stdout).toContain(`${dir}/bad-schema.md:3:1: error: unknown frontmatter key \`requirez\` (did you mean \`requires\`?)`);
    expect(schema.stdout).toMatch(new RegExp(`${dir}/bad-schema.md:4:11: error: frontmatter \`estimate\``));
  });

  it('says in plain words what a frontmatter value must be', async () => {
    const { code, stdout } = await lab(['lint', '--no-fixtures', `${dir}/bad-schema-words.md`]);
    expect(code).toBe(1);
    const file = `${dir}/bad-schema-words.md`;
    expect(stdout).toContain(`${file}:2:8: error: frontmatter \`title\` must be a string`);
    expect(stdout).toContain(`${file}:3:11: error: frontmatter \`estimate\` must be more than 0`);
    expect(stdout).toContain(`${file}:5:9: error: frontmatter \`vars.1bad\` must be a shell variable name`);
    expect(stdout).toContain(`${file}:6:9: error: frontmatter \`vars.GOOD\` has the wrong shape`);
    expect(stdout).toContain(`${file}:7:5: error: frontmatter \`id\` must be letters, digits`);
    expect(stdout).not.toContain('Invalid input');
  });

  it('refuses control characters in a lab and never prints one: a lab cannot drive the terminal', async () => {
    const file = `${dir}/control-title.md`;
    const linted = await lab(['lint', '--no-fixtures', file]);
    expect(linted.code).toBe(1);
    expect(linted.stdout).toContain(`${file}:7:19: error: a control character (U+0007) in the lab: remove it`);
    const listed = await lab(['list', file]);
    // The title's ESC comes from a YAML escape (\e), not a raw byte: shown escaped, never sent.
    expect(listed.stdout).toContain('Clear \\u001b[2J screen');
    for (const output of [linted.stdout, linted.stderr, listed.stdout, listed.stderr]) expect(output).not.toMatch(/[\u0007\u001b]/);
    expect((await lab(['run', file])).code).toBe(2);
  });

  it('never crashes on binary or empty files', async () => {
    const binary = await lab(['lint', '--no-fixtures', `${dir}/binary.md`]);
    expect(binary.code).toBe(1);
    expect(binary.stdout).toContain('binary file');
    expect(binary.stderr).not.toMatch(/at .*\.js:\d+/);
    const empty = await lab(['lint', '--no-fixtures', `${dir}/empty.md`]);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toContain('warning: this lab has no steps');
  });

  it('prints GitHub annotations with --reporter github', async () => {
    const { stdout } = await lab(['lint', '--no-fixtures', '--reporter', 'github', `${dir}/unterminated.md`]);
    expect(stdout).toContain(`::error file=${dir}/unterminated.md,line=7,col=1,title=unterminated-fence::code block opened with`);
  });

  it('exits 2 for a path that does not exist or a bad flag', async () => {
    const missing = await lab(['lint', 'no/such/lab.md']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such lab, file or folder: no/such/lab.md');
    const flag = await lab(['lint', '--bogus']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("unknown option '--bogus'");
  });

  describe('large files', () => {
    let tmp: string;
    beforeAll(async () => {
      tmp = await mkdtemp(path.join(os.tmpdir(), 'lint-big-'));
      const chunk = '## Part\n\nProse with `code`.\n\n```bash\necho hi\n```\n\n```expect\nhi\n```\n\n';
      await writeFile(path.join(tmp, 'big.md'), chunk.repeat(Math.ceil((5 * 1024 * 1024) / chunk.length)));
    });
    afterAll(() => rm(tmp, { recursive: true, force: true }));

    it('lints a 5 MB lab without crashing', async () => {
      const { code, stderr } = await lab(['lint', '--no-fixtures', path.join(tmp, 'big.md')]);
      expect(code).toBe(0);
      expect(stderr).toContain('1 lab checked: 0 errors');
    });
  });
});

describe('lab --version and --help', () => {
  it('prints the version from package.json and the commands', async () => {
    const { version } = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync('package.json', 'utf8')));
    const v = await lab(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toBe(version);
    const help = await lab(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['list', 'lint', 'run', 'walk', 'record', 'new', 'accept']) expect(help.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    const runHelp = await lab(['run', '--help']);
    for (const flag of ['--live', '--reporter', '--shard', '--only', '--from', '--var', '--timeout', '--yes', '--no-color']) expect(runHelp.stdout).toContain(flag);
  });
});
