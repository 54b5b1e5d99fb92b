// The layering of runner/ (.dependency-cruiser.cjs) holds for the code as it is, and the check
// really fails on an upward import: planted in a copy of the tree, it is named with its rule.
import { execa } from 'execa';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const DEPCRUISE = path.join(ROOT, 'node_modules/.bin/depcruise');
const copies: string[] = [];

function cruise(cwd: string) {
  return execa(DEPCRUISE, ['runner', '--config', path.join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'err'], { cwd, reject: false });
}

function copyOfTree(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lab-layers-'));
  copies.push(dir);
  cpSync(path.join(ROOT, 'runner'), path.join(dir, 'runner'), { recursive: true });
  cpSync(path.join(ROOT, 'tsconfig.json'), path.join(dir, 'tsconfig.json'));
  return dir;
}

afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

describe('the layers of runner/', () => {
  it('hold: no folder imports a layer above it or a peer, and there are no cycles', async () => {
    const result = await cruise(ROOT);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/no dependency violations found \((\d{3,}) modules/);
  });

  it('fail on a planted upward import (the model reaching into the walk), naming the rule and the files', async () => {
    const dir = copyOfTree();
    writeFileSync(path.join(dir, 'runner/model/planted.ts'), "import type { WalkOptions } from '../walk/command.js';\nexport type Planted = WalkOptions;\n");
    const result = await cruise(dir);
    expect(result.exitCode).not.toBe(0);
    expect(result.stdout).toContain('layer-model: runner/model/planted.ts → runner/walk/command.ts');
  });

  it('fail on an import between peers of one layer (ssh into kube) and on a cycle', async () => {
    const dir = copyOfTree();
    writeFileSync(path.join(dir, 'runner/ssh/planted.ts'), "export { PodTarget } from '../kube/target.js';\n");
    writeFileSync(path.join(dir, 'runner/text/a.ts'), "import { b } from './b.js';\nexport const a = () => b;\n");
    writeFileSync(path.join(dir, 'runner/text/b.ts'), "import { a } from './a.js';\nexport const b = () => a;\n");
    const result = await cruise(dir);
    expect(result.exitCode).not.toBe(0);
    expect(result.stdout).toContain('layer-ssh: runner/ssh/planted.ts → runner/kube/target.ts');
    expect(result.stdout).toMatch(/no-circular: runner\/text\/a\.ts →/);
  });
});
