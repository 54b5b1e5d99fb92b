// The zod schemas (frontmatter, project config, fixture) are built on first use, not when their
// module is imported: a command served by the content cache builds none. zod/mini is the real
// library, its strictObject counted (every one of these schemas is one).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const built = vi.hoisted(() => ({ count: 0 }));
vi.mock('zod/mini', async (importOriginal) => {
  const real = await importOriginal<typeof import('zod/mini')>();
  return { ...real, strictObject: (...args: Parameters<typeof real.strictObject>) => { built.count++; return real.strictObject(...args); } };
});

const tmp = mkdtempSync(path.join(os.tmpdir(), 'lab-schemas-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('zod schemas built on demand', () => {
  it('importing the readers builds no schema; reading a file builds its own, once', async () => {
    const { findFrontmatter, readFrontmatter } = await import('../../runner/lab/frontmatter.js');
    const { readProjectConfig } = await import('../../runner/project/config-file.js');
    const { readFixture } = await import('../../runner/replay/read.js');
    expect(built.count).toBe(0);

    const block = findFrontmatter('---\ntitle: A lab\nestimate: 5\n---\n# A lab\n');
    if (!block || 'unterminated' in block) throw new Error('no frontmatter found');
    expect(readFrontmatter(block, 'a.md').meta.title).toBe('A lab');
    const afterFrontmatter = built.count;
    expect(afterFrontmatter).toBeGreaterThan(0);
    readFrontmatter(block, 'b.md');
    expect(built.count).toBe(afterFrontmatter);

    const config = path.join(tmp, 'lab.config.yaml');
    writeFileSync(config, 'profile: eks-workshop\n');
    expect(readProjectConfig(config).profile).toBe('eks-workshop');
    const afterConfig = built.count;
    expect(afterConfig).toBeGreaterThan(afterFrontmatter);

    expect(readFixture(path.join(ROOT, 'fixtures/week1/deploy-cluster.yaml'))?.lab).toBe('week1/deploy-cluster');
    expect(built.count).toBeGreaterThan(afterConfig);
  });
});
