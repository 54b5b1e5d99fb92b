import { describe, expect, it } from 'vitest';
import { matchExpectation } from '../../runner/expect/index.js';

function failed(result: Awaited<ReturnType<typeof matchExpectation>>) {
  if (result.pass) throw new Error('expected a failure');
  return result;
}

describe('exact mode', () => {
  it('passes on identical text, ignoring only a trailing newline', async () => {
    expect((await matchExpectation('exact', 'a  b\nc', 'a  b\nc\n')).pass).toBe(true);
  });

  it('fails on a whitespace difference, with a diff', async () => {
    const result = failed(await matchExpectation('exact', 'a  b', 'a b\n'));
    expect(result.diff).toContain('-a  b');
    expect(result.diff).toContain('+a b');
  });

  it('counts more than one trailing newline as a difference', async () => {
    expect((await matchExpectation('exact', 'a', 'a\n\n')).pass).toBe(false);
  });
});

describe('regex mode', () => {
  it('matches anywhere with the multiline flag', async () => {
    expect((await matchExpectation('regex', '^kubelet\\s+\\d+$', 'ESTAB 0\nkubelet 1234\nother')).pass).toBe(true);
  });

  it('joins a multi-line body with \\n into one pattern', async () => {
    expect((await matchExpectation('regex', '^status: (Active|Ready)\nnodes: [0-9]+$\n', 'x\nstatus: Ready\nnodes: 3\n')).pass).toBe(true);
    expect((await matchExpectation('regex', '^status: Ready\nnodes: 3$', 'status: Ready\nother\nnodes: 3')).pass).toBe(false);
  });

  it('fails with the pattern named and a diff', async () => {
    const result = failed(await matchExpectation('regex', 'Successful', 'InProgress\n'));
    expect(result.reason).toContain('/Successful/m');
    expect(result.diff).toContain('+InProgress');
  });

  it('reports an invalid pattern as a failure, not a crash', async () => {
    expect(failed(await matchExpectation('regex', 'a(b', 'a(b')).reason).toMatch(/invalid regex/);
  });
});

describe('contains and not-contains', () => {
  const output = 'Name:   ipinfo.io\nAddress: 34.117.59.81\nAddress:   2001:db8::1\n';

  it('contains passes when every line occurs, in any order, whitespace-collapsed', async () => {
    expect((await matchExpectation('contains', '  Address: 2001:db8::1\n\nName: ipinfo', output)).pass).toBe(true);
  });

  it('contains fails naming the missing lines, with a diff', async () => {
    const result = failed(await matchExpectation('contains', 'Name: ipinfo.io\nAddress: 10.0.0.1', output));
    expect(result.reason).toContain('"Address: 10.0.0.1"');
    expect(result.reason).not.toContain('ipinfo.io');
    expect(result.diff).toContain('-Address: 10.0.0.1');
  });

  it('does not match a body line across two output lines', async () => {
    expect((await matchExpectation('contains', 'ipinfo.io Address:', output)).pass).toBe(false);
  });

  it('not-contains passes when no line occurs', async () => {
    expect((await matchExpectation('not-contains', 'Error\nAccessDenied', output)).pass).toBe(true);
  });

  it('not-contains fails naming the forbidden text and showing the offending line', async () => {
    const result = failed(await matchExpectation('not-contains', 'Address: 34.117', output));
    expect(result.reason).toContain('"Address: 34.117"');
    expect(result.diff).toContain('+Address: 34.117.59.81');
    expect(result.diff).not.toContain('+Name');
  });
});

describe('json mode', () => {
  const cluster = JSON.stringify({
    cluster: {
      name: 'myeks',
      version: '1.31',
      resourcesVpcConfig: { endpointPublicAccess: true, endpointPrivateAccess: false, publicAccessCidrs: ['203.0.113.7/32'] },
      tags: {},
    },
  }, null, 2);

  it('passes on a nested subset', async () => {
    const body = '{ "cluster": { "name": "myeks", "resourcesVpcConfig": { "endpointPublicAccess": true } } }';
    expect((await matchExpectation('json', body, `\n${cluster}\n`)).pass).toBe(true);
  });

  it('names the JSON path that differs', async () => {
    const body = '{ "cluster": { "resourcesVpcConfig": { "endpointPrivateAccess": true } } }';
    const result = failed(await matchExpectation('json', body, cluster));
    expect(result.reason).toContain('$.cluster.resourcesVpcConfig.endpointPrivateAccess: expected true, got false');
    expect(result.diff).toContain('-      "endpointPrivateAccess": true');
    expect(result.diff).toContain('+      "endpointPrivateAccess": false');
    expect(result.diff).not.toContain('myeks'); // the diff shows only what the expectation names
  });

  it('compares arrays element-wise and lets the actual array be longer', async () => {
    expect((await matchExpectation('json', '[{"a":1},{"b":2}]', '[{"a":1,"x":0},{"b":2},{"c":3}]')).pass).toBe(true);
    expect(failed(await matchExpectation('json', '[1,2,3]', '[1,2]')).reason).toContain('$: expected at least 3 elements, got 2');
    expect(failed(await matchExpectation('json', '{"l":[{"a":1},{"a":2}]}', '{"l":[{"a":1},{"a":3}]}')).reason).toContain('$.l[1].a: expected 2, got 3');
  });

  it('reports type mismatches and missing keys', async () => {
    const reason = failed(await matchExpectation('json', '{"n": 3, "o": {"k": 1}, "gone": null, "odd key": "x"}', '{"n": "3", "o": [1], "odd key": "y"}')).reason;
    expect(reason).toContain('$.n: expected 3, got "3"');
    expect(reason).toContain('$.o: expected an object ({"k":1}), got an array ([1])');
    expect(reason).toContain('$.gone: missing, expected null');
    expect(reason).toContain('$["odd key"]: expected "x", got "y"');
  });

  it('fails clearly on output that is not JSON', async () => {
    const result = failed(await matchExpectation('json', '{"a":1}', 'An error occurred (AccessDeniedException)'));
    expect(result.reason).toMatch(/^is not JSON \(/);
    expect(result.diff).toContain('+An error occurred (AccessDeniedException)');
    expect(failed(await matchExpectation('json', '{"a":1}', '  \n')).reason).toBe('is empty, expected JSON');
  });
});
