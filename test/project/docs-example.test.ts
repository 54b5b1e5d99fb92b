// The config examples in the docs are real configs: each reads without error with the keys shown.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Lexer, type Tokens } from 'marked';
import { describe, expect, it } from 'vitest';
import { clearProjectConfigCache } from '../../runner/project/config.js';
import { readProjectConfig } from '../../runner/project/config-file.js';

async function yamlExamples(doc: string): Promise<string[]> {
  const text = await readFile(new URL(`../../docs/${doc}`, import.meta.url), 'utf8');
  return Lexer.lex(text).filter((t): t is Tokens.Code => t.type === 'code' && t.lang === 'yaml').map((t) => t.text).filter((text) => text.startsWith('profile:'));
}

describe('project config examples in the docs', () => {
  it.each(['lab-format.md', 'eks-workshop.md'])('%s: every yaml example is a valid config', async (doc) => {
    const examples = await yamlExamples(doc);
    expect(examples.length).toBeGreaterThan(0);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lab-docs-config-'));
    try {
      for (const example of examples) {
        clearProjectConfigCache();
        await writeFile(path.join(dir, 'lab.config.yaml'), example);
        const config = readProjectConfig(path.join(dir, 'lab.config.yaml'));
        expect(config.profile).toBe('eks-workshop');
        expect(config.vars.length).toBeGreaterThan(0);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
