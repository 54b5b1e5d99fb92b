// The pure parts of the kubectl argv: splitting pods=, reading `-o name`, and refusing names kubectl
// would misread even when the argv builders are called directly.
import { describe, expect, it } from 'vitest';
import { execArgs, interactiveExecArgs, parsePodNames, splitPods } from '../../runner/kube/command.js';
import { catchLabError } from '../helpers/catch-lab-error.js';

describe('kubectl argv', () => {
  it('splits pods on any whitespace and keeps the first of each', () => {
    expect(splitPods(' a\tb\n a  c ')).toEqual(['a', 'b', 'c']);
  });

  it('reads pod/NAME lines', () => {
    expect(parsePodNames('pod/aws-node-a\npod/aws-node-b\n\n')).toEqual(['aws-node-a', 'aws-node-b']);
  });

  it('refuses an option-like or spaced name in the builders themselves', () => {
    expect(catchLabError(() => execArgs({ pod: '-it' }))).toMatchObject({ code: 'BAD_INPUT', message: 'pod name "-it" starts with "-" and would be read as a kubectl option' });
    expect(catchLabError(() => execArgs({ pod: 'web 1' }))).toMatchObject({ code: 'BAD_INPUT', message: 'pod name "web 1" contains whitespace' });
    expect(catchLabError(() => interactiveExecArgs({ pod: 'web-1', container: '--privileged' }))).toMatchObject({ code: 'BAD_INPUT' });
  });
});
