import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatError } from '../../runner/errors/index.js';
import { findProjectRoot, fixturePathFor } from '../../runner/replay/location.js';
import { rejectedLabError } from '../helpers/catch-lab-error.js';

let root: string;
beforeEach(() => {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), 'lab-fixture-location-')));
  mkdirSync(path.join(root, 'labs', 'week1'), { recursive: true });
  writeFileSync(path.join(root, 'package.json'), '{}');
});
afterEach(() => { rmSync(root, { recursive: true, force: true }); });

const at = (...parts: string[]) => path.join(root, ...parts);

describe('fixturePathFor', () => {
  it('mirrors labs/ under fixtures/', async () => {
    expect(await fixturePathFor(at('labs', 'week1', 'endpoint-access.md'), {}, root)).toBe(at('fixtures', 'week1', 'endpoint-access.yaml'));
    expect(await fixturePathFor(at('labs', 'intro.md'), {}, root)).toBe(at('fixtures', 'intro.yaml'));
    expect(await fixturePathFor(at('course', 'labs', 'week2', 'labs', 'x.md'), {}, root)).toBe(at('course', 'fixtures', 'week2', 'labs', 'x.yaml'));
    expect(await fixturePathFor(at('labs-old', 'x.md'), {}, root)).toBe(at('labs-old', 'x.fixture.yaml'));
  });

  it('keeps the fixture beside a lab that is not under labs/', async () => {
    expect(await fixturePathFor(at('docs', 'demo.md'), {}, root)).toBe(at('docs', 'demo.fixture.yaml'));
    expect(await fixturePathFor('/elsewhere/notes/try.md', {}, root)).toBe('/elsewhere/notes/try.fixture.yaml');
  });

  it('honours a frontmatter override inside the project', async () => {
    expect(await fixturePathFor(at('labs', 'week1', 'a.md'), { fixture: 'fixtures/custom/path.yaml' }, root)).toBe(at('fixtures', 'custom', 'path.yaml'));
    expect(await fixturePathFor(at('labs', 'week1', 'a.md'), { fixture: './fixtures/../fixtures/b.yaml' }, root)).toBe(at('fixtures', 'b.yaml'));
  });

  it('refuses overrides that leave the project, naming the lab file and line', async () => {
    const lab = at('labs', 'week1', 'escape.md');
    writeFileSync(lab, '---\ntitle: Escape\nfixture: ../outside.yaml\n---\n# hi\n');
    mkdirSync(at('fixtures'));
    symlinkSync(tmpdir(), at('fixtures', 'tmp-link'));
    symlinkSync(path.join(tmpdir(), 'lab-no-such-place', 'f.yaml'), at('fixtures', 'dangling.yaml'));
    for (const fixture of ['../outside.yaml', 'fixtures/../../outside.yaml', '/etc/passwd', 'fixtures/tmp-link/x.yaml', 'fixtures/dangling.yaml', '', '.']) {
      const error = await rejectedLabError(fixturePathFor(lab, { fixture }, root));
      expect(error.code, fixture).toBe('BAD_INPUT');
      expect(formatError(error), fixture).toContain(`${lab}:3:1: error: fixture \`${fixture}\``);
    }
  });
});

describe('findProjectRoot', () => {
  it('finds the nearest folder with package.json or labs/', async () => {
    expect(findProjectRoot(at('labs', 'week1'))).toBe(root);
    writeFileSync(at('labs', 'week1', 'x.md'), '# x');
    expect(findProjectRoot(at('labs', 'week1', 'x.md'))).toBe(root);
    mkdirSync(at('course', 'labs'), { recursive: true });
    expect(findProjectRoot(at('course', 'labs'))).toBe(at('course'));
  });

  // Only meaningful when no ancestor of the temp folder is itself a project.
  it.skipIf(findProjectRoot(tmpdir()) !== path.resolve(tmpdir()))('falls back to the starting folder when nothing marks a project', () => {
    const lone = realpathSync(mkdtempSync(path.join(tmpdir(), 'lab-lone-')));
    try {
      const inside = path.join(lone, 'a', 'b');
      mkdirSync(inside, { recursive: true });
      expect(findProjectRoot(inside)).toBe(inside);
    } finally {
      rmSync(lone, { recursive: true, force: true });
    }
  });
});
