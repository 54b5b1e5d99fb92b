// In its own file: chalk decides its colour level when first loaded, so FORCE_COLOR is set before.
import { expect, it } from 'vitest';

it('highlights non-runnable yaml and json blocks when colour is on', async () => {
  process.env.FORCE_COLOR = '1';
  const { createMarkdownRenderer } = await import('../../runner/walk/render.js');
  const { stripAnsi } = await import('../../runner/walk/terminal.js');
  const renderer = await createMarkdownRenderer({ width: 80, color: true });
  const yaml = renderer.code('yaml', 'kind: Pod\nmetadata:\n  name: web');
  expect(yaml).toMatch(/\x1b\[\d+m/);
  expect(stripAnsi(yaml)).toContain('kind: Pod');
  const json = renderer.code('json', '{ "endpointPublicAccess": true }');
  expect(json).toMatch(/\x1b\[\d+m/);
  expect(stripAnsi(json)).toContain('"endpointPublicAccess": true');
});
