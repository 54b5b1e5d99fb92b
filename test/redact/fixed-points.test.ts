// Texts redaction leaves unchanged, remembered (RedactorOptions.fixedPoints; a replay keeps them in
// the content cache): a known text is returned without the patterns, except that a secret value of
// this run is always masked; a text the patterns change is never remembered; and through the
// built CLI, a hand-edited fixture's credential and a secret given on the second run are masked in
// a cached replay as in the first. The display redactor itself is made once per set of secret values.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Lab } from '../../runner/model/lab.js';
import { createRedactor, displayRedactor, type FixedPoints } from '../../runner/redact/index.js';
import { lab } from '../helpers/cli.js';

const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';

function memo(): FixedPoints & { keys: Map<string, boolean> } {
  const keys = new Map<string, boolean>();
  return { keys, get: (key) => keys.get(key), set: (key, fixed) => void keys.set(key, fixed) };
}

describe('remembered fixed points of redaction', () => {
  it('remembers a text the patterns leave as it is, and never one they change', () => {
    const known = memo();
    const redactor = createRedactor({ secretValues: [], rules: [], accounts: false, fixedPoints: known });
    expect(redactor.redact('node-1 Ready\n')).toBe('node-1 Ready\n');
    expect(known.keys.size).toBe(1);
    expect(redactor.redact(`key ${ACCESS_KEY}\n`)).toBe('key <AWS_ACCESS_KEY_ID>\n');
    expect(redactor.redact('')).toBe('');
    expect(known.keys.size).toBe(1);
  });

  it('answers a known text from the memo without the patterns, but masks a secret value of this run in it', () => {
    const trusting: FixedPoints = { get: () => true, set: () => {} };
    const redactor = createRedactor({ secretValues: { API_PASS: 'hunter2-secret' }, rules: [], accounts: false, fixedPoints: trusting });
    // What the memo vouches for is not searched again (it only ever holds texts that came out unchanged).
    expect(redactor.redact(`key ${ACCESS_KEY}\n`)).toBe(`key ${ACCESS_KEY}\n`);
    expect(redactor.redact(`pass hunter2-secret key ${ACCESS_KEY}\n`)).toBe('pass <SECRET:API_PASS> key <AWS_ACCESS_KEY_ID>\n');
  });

  it('is not used by a redactor that numbers account ids (a fixture\'s): there a text\'s redaction depends on the texts before it', () => {
    const trusting: FixedPoints = { get: () => true, set: () => {} };
    const redactor = createRedactor({ secretValues: [], rules: [], fixedPoints: trusting });
    expect(redactor.redact(`key ${ACCESS_KEY}\n`)).toBe('key <AWS_ACCESS_KEY_ID>\n');
  });

  it('keys on the lab\'s own rules too', () => {
    const known = memo();
    createRedactor({ secretValues: [], rules: [], accounts: false, fixedPoints: known }).redact('cluster myeks\n');
    const ruled = createRedactor({ secretValues: [], rules: [{ name: 'cluster', pattern: 'myeks', replacement: 'CLUSTER' }], accounts: false, fixedPoints: known });
    expect(ruled.redact('cluster myeks\n')).toBe('cluster <CLUSTER>\n');
  });
});

describe('the display redactor', () => {
  const labWith = (secret: boolean) => ({ meta: { vars: [{ name: 'API_PASS', secret }] } }) as unknown as Lab;

  it('is made once for labs with the same secret values, and anew for other values', () => {
    const plain = displayRedactor(labWith(false), { API_PASS: 'hunter2-secret' });
    expect(displayRedactor(labWith(false), {})).toBe(plain);
    expect(plain.redact('pass hunter2-secret')).toBe('pass hunter2-secret');
    const secret = displayRedactor(labWith(true), { API_PASS: 'hunter2-secret' });
    expect(secret).not.toBe(plain);
    expect(secret.redact('pass hunter2-secret')).toBe('pass <SECRET:API_PASS>');
    expect(displayRedactor(labWith(true), { API_PASS: 'hunter2-secret' })).toBe(secret);
    const changed = displayRedactor(labWith(true), { API_PASS: 'other-secret' });
    expect(changed.redact('pass hunter2-secret other-secret')).toBe('pass hunter2-secret <SECRET:API_PASS>');
  });
});

describe('a cached replay of a hand-edited fixture', () => {
  let tmp: string;
  beforeEach(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'lab-fixed-points-'));
    await writeFile(path.join(tmp, 'package.json'), '{}');
    await mkdir(path.join(tmp, 'labs/week4'), { recursive: true });
    await writeFile(path.join(tmp, 'labs/week4/keys.md'), LAB);
  });
  afterEach(() => rm(tmp, { recursive: true, force: true }));

  const LAB = `---
title: Keys
vars:
  API_PASS:
    secret: true
    default: none
---
## Steps

\`\`\`bash id=keys
cat keys.txt
\`\`\`

\`\`\`expect
all good
\`\`\`

\`\`\`bash id=pass
cat pass.txt
\`\`\`

\`\`\`expect
all good
\`\`\`
`;
  const run = (args: string[]) => lab(args, { cwd: tmp, env: { CI: args[0] === 'accept' ? '' : 'true', NO_COLOR: '1', LAB_CACHE_DIR: path.join(tmp, 'cache') } });
  const fixture = () => path.join(tmp, 'fixtures/week4/keys.yaml');

  it('masks a credential written into the fixture by hand and a secret given on a later run, run after run', async () => {
    await run(['accept', '--init', 'labs/week4/keys.md']);
    await writeFile(fixture(), (await readFile(fixture(), 'utf8')).replaceAll(/stdout: ""/g, 'stdout: |\n          all good'));
    expect((await run(['accept', 'labs/week4/keys.md'])).code).toBe(0);
    // After accepting (which redacts), edits by hand: a key, and a value that is only a secret when given as one.
    const [keys, pass] = (await readFile(fixture(), 'utf8')).split('all good');
    await writeFile(fixture(), `${keys}not good ${ACCESS_KEY}${pass}not good hunter2-secret${(await readFile(fixture(), 'utf8')).split('all good')[2]}`);
    for (let round = 0; round < 2; round++) {
      const replay = await run(['run', 'labs/week4/keys.md', '--keep-going']);
      expect(replay.code).toBe(1);
      expect(replay.stdout).toContain('not good <AWS_ACCESS_KEY_ID>');
      expect(replay.stdout).not.toContain(ACCESS_KEY);
      expect(replay.stdout).toContain('not good hunter2-secret');
    }
    // The same outputs, known by now to come out of redaction unchanged, with the value given as the secret it is.
    const given = await run(['run', 'labs/week4/keys.md', '--keep-going', '--var', 'API_PASS=hunter2-secret']);
    expect(given.stdout).toContain('not good <SECRET:API_PASS>');
    expect(given.stdout).not.toContain('hunter2-secret');
  });
});
