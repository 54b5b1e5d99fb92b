import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../runner/redact/redact.js';

// Fake credentials in the shapes AWS and Kubernetes print (AWS's own documentation examples).
const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const TEMP_ACCESS_KEY = 'ASIAXAMPLE0123456789';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const SESSION_TOKEN = 'IQoJb3JpZ2luX2VjEJr//////////wEaDmFwLW5vcnRoZWFzdC0yIkcwRQIhAKZ8exampleTOKENexampleTOKEN+abc/def==';
const ACCOUNT = '123456789012';
const OTHER_ACCOUNT = '210987654321';
const JWT = 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImFiYyJ9.eyJpc3MiOiJrdWJlcm5ldGVzL3NlcnZpY2VhY2NvdW50In0.c2lnbmF0dXJlLXBhcnQtZXhhbXBsZQ';
const K8S_TOKEN = 'k8s-aws-v1.aHR0cHM6Ly9zdHMuYXAtbm9ydGhlYXN0LTIuYW1hem9uYXdzLmNvbS8_QWN0aW9uPUdldENhbGxlcklkZW50aXR5';
const CA_DATA = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2gAwIBAgIIexample\n-----END CERTIFICATE-----\n').toString('base64');
const KEY_DATA = Buffer.from('-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAexample\n-----END RSA PRIVATE KEY-----\n').toString('base64');
const PEM_KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\nAAAAMwAAAAtzc2gtZWQyNTUxOQ==\n-----END OPENSSH PRIVATE KEY-----';
const PEM_CERT = '-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2gAwIBAgIIexampleCERT\n-----END CERTIFICATE-----';

const planted = `
export AWS_ACCESS_KEY_ID=${ACCESS_KEY}
export AWS_SECRET_ACCESS_KEY=${SECRET_KEY}
export AWS_SESSION_TOKEN=${SESSION_TOKEN}
[default]
aws_access_key_id = ${TEMP_ACCESS_KEY}
aws_secret_access_key = ${SECRET_KEY}
aws_session_token = ${SESSION_TOKEN}
aws configure set aws_secret_access_key ${SECRET_KEY}
{
    "Credentials": {
        "AccessKeyId": "${TEMP_ACCESS_KEY}",
        "SecretAccessKey": "${SECRET_KEY}",
        "SessionToken": "${SESSION_TOKEN}"
    },
    "UserId": "AROAEXAMPLE:alice",
    "Account": "${ACCOUNT}",
    "Arn": "arn:aws:sts::${ACCOUNT}:assumed-role/admin/alice"
}
CREDENTIALS\t${TEMP_ACCESS_KEY}\t2026-03-16T05:06:07Z\t${SECRET_KEY}\t${SESSION_TOKEN}
--------------------------------------------------------------------------
|                            GetCallerIdentity                           |
+--------------+------------------------------------+--------------------+
|    Account   |                Arn                 |       UserId       |
+--------------+------------------------------------+--------------------+
|  ${ACCOUNT}|  arn:aws:iam::${ACCOUNT}:user/alice  |  AIDAEXAMPLE       |
+--------------+------------------------------------+--------------------+
${ACCOUNT}
    "roleArn": "arn:aws:iam::${ACCOUNT}:role/myeks-cluster-20260316050551277100000001",
    "keyArn": "arn:aws:kms:ap-northeast-2:${OTHER_ACCOUNT}:key/aa8a0e01-9533-4970-aa93-fd45ea479b95",
image: ${ACCOUNT}.dkr.ecr.ap-northeast-2.amazonaws.com/app:v1
https://sqs.ap-northeast-2.amazonaws.com/${ACCOUNT}/jobs
aws ecr get-login-password | docker login --username AWS ${ACCOUNT}.dkr.ecr.ap-northeast-2.amazonaws.com
aws ec2 describe-images --owners ${OTHER_ACCOUNT} --owner-id ${OTHER_ACCOUNT}
aws organizations describe-account --account-id ${OTHER_ACCOUNT}
"OwnerId": "${OTHER_ACCOUNT}",
aws_account_id = ${OTHER_ACCOUNT}
bucket: myeks-logs-${ACCOUNT}
    certificate-authority-data: ${CA_DATA}
    client-key-data: ${KEY_DATA}
"certificateAuthority": { "data": "${CA_DATA}" },
${PEM_KEY}
${PEM_CERT}
"ca.crt": "${PEM_CERT.replaceAll('\n', '\\n')}"
token: ${JWT}
Authorization: Bearer ${JWT}
-H "Authorization: Bearer 8f14e45fceea167a5a36dedd4bea2543"
"status": { "token": "${K8S_TOKEN}" }
`;

const secretsInPlant = [ACCESS_KEY, TEMP_ACCESS_KEY, SECRET_KEY, SESSION_TOKEN, ACCOUNT, OTHER_ACCOUNT, JWT, K8S_TOKEN, CA_DATA, KEY_DATA,
  'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ', 'MIIDBTCCAe2gAwIBAgIIexampleCERT', '8f14e45fceea167a5a36dedd4bea2543'];

describe('createRedactor', () => {
  it('replaces every planted secret and leaves no leftovers', () => {
    const redactor = createRedactor({ secretValues: [], rules: [] });
    const before = createRedactor({ secretValues: [], rules: [] }).findLeftovers(planted);
    expect(before.length).toBeGreaterThan(10);
    const safe = redactor.redact(planted);
    for (const secret of secretsInPlant) expect(safe, secret).not.toContain(secret);
    expect(redactor.findLeftovers(safe)).toEqual([]);
    expect(createRedactor({ secretValues: [], rules: [] }).findLeftovers(safe)).toEqual([]);
    expect(safe).toContain('export AWS_SECRET_ACCESS_KEY=<AWS_SECRET_ACCESS_KEY>');
    expect(safe).toContain('"SessionToken": "<AWS_SESSION_TOKEN>"');
    expect(safe).toContain('CREDENTIALS\t<AWS_ACCESS_KEY_ID>\t2026-03-16T05:06:07Z\t<AWS_SECRET_ACCESS_KEY>\t<AWS_SESSION_TOKEN>');
    expect(safe).toContain('"Arn": "arn:aws:sts::<ACCOUNT_ID>:assumed-role/admin/alice"');
    expect(safe).toContain('|  <ACCOUNT_ID>|  arn:aws:iam::<ACCOUNT_ID>:user/alice  |');
    expect(safe).toContain('"keyArn": "arn:aws:kms:ap-northeast-2:<ACCOUNT_ID_2>:key/aa8a0e01-9533-4970-aa93-fd45ea479b95"');
    expect(safe).toContain('image: <ACCOUNT_ID>.dkr.ecr.ap-northeast-2.amazonaws.com/app:v1');
    expect(safe).toContain('https://sqs.ap-northeast-2.amazonaws.com/<ACCOUNT_ID>/jobs');
    expect(safe).toContain('--owners <ACCOUNT_ID_2> --owner-id <ACCOUNT_ID_2>');
    expect(safe).toContain('bucket: myeks-logs-<ACCOUNT_ID>');
    expect(safe).toContain('certificate-authority-data: <CERTIFICATE_DATA>');
    expect(safe).toContain('client-key-data: <PRIVATE_KEY>');
    expect(safe).toContain('"certificateAuthority": { "data": "<CERTIFICATE_DATA>" }');
    expect(safe).toContain('\n<PRIVATE_KEY>\n<CERTIFICATE_DATA>\n"ca.crt": "<CERTIFICATE_DATA>"');
    expect(safe).toContain('token: <JWT>\nAuthorization: Bearer <JWT>\n-H "Authorization: Bearer <BEARER_TOKEN>"');
    expect(safe).toContain('"status": { "token": "<K8S_AWS_TOKEN>" }');
  });

  it('maps the same secret to the same placeholder across calls and counts per rule', () => {
    const redactor = createRedactor({ secretValues: [], rules: [] });
    expect(redactor.redact(`arn:aws:iam::${ACCOUNT}:role/a`)).toBe('arn:aws:iam::<ACCOUNT_ID>:role/a');
    expect(redactor.redact(`arn:aws:iam::${OTHER_ACCOUNT}:role/b`)).toBe('arn:aws:iam::<ACCOUNT_ID_2>:role/b');
    // A bare id is only known to be an account because an earlier ARN said so.
    expect(redactor.redact(`owner ${ACCOUNT} and ${OTHER_ACCOUNT}.`)).toBe('owner <ACCOUNT_ID> and <ACCOUNT_ID_2>.');
    expect(redactor.redact(`${ACCESS_KEY} ${ACCESS_KEY}`)).toBe('<AWS_ACCESS_KEY_ID> <AWS_ACCESS_KEY_ID>');
    expect(redactor.counts()).toEqual([
      { rule: 'aws-access-key-id', count: 2 },
      { rule: 'account-id', count: 4 },
    ]);
  });

  it('is idempotent', () => {
    const once = createRedactor({ secretValues: { TOKEN: 'hunter2-long' }, rules: [] }).redact(planted + '\nhunter2-long\n');
    const second = createRedactor({ secretValues: { TOKEN: 'hunter2-long' }, rules: [] });
    expect(second.redact(once)).toBe(once);
    expect(second.counts()).toEqual([]);
  });

  it('leaves 12-digit numbers that are not accounts alone', () => {
    const text = [
      '"resourceVersion": "123456789012",',
      'creationTimestamp: 1710573967123',
      '"clusterIds": [ 4567890123456 ]',
      'elapsed 123456789012 ns in run 123456789012',
      'CoreDNS is running at https://CFAB27981D87DF34CF9C43002AC10C64.gr7.ap-northeast-2.eks.amazonaws.com',
      'certificate-authority-data: DATA+OMITTED',
      'Use Bearer authentication with a session token for this.',
      'commit 2f8b1e0c5c0fbe2bd7a3a5b8e1f1b7f2a3c4d5e6',
    ].join('\n');
    const redactor = createRedactor({ secretValues: [], rules: [] });
    expect(redactor.redact(text)).toBe(text);
    expect(redactor.findLeftovers(text)).toEqual([]);
  });

  it("redacts every account in registry hosts, AWS's public EKS registry too (one rule, no exceptions)", () => {
    const redactor = createRedactor({ secretValues: [], rules: [] });
    const safe = redactor.redact('arn:aws:iam::111122223333:role/x\n2 602401143452.dkr.ecr.ap-northeast-2.amazonaws.com/eks/coredns:v1.13.2');
    expect(safe).toBe('arn:aws:iam::<ACCOUNT_ID>:role/x\n2 <ACCOUNT_ID_2>.dkr.ecr.ap-northeast-2.amazonaws.com/eks/coredns:v1.13.2');
  });

  it('replaces secret variable values by name and applies the lab rules', () => {
    const redactor = createRedactor({
      secretValues: { DB_PASSWORD: 'pa55-word!', SHORT: 'ab' },
      rules: [{ name: 'MY_IP', pattern: String.raw`\b203\.0\.113\.\d+\b`, replacement: 'MY_IP' }],
    });
    const safe = redactor.redact('password pa55-word! from 203.0.113.7 and 203.0.113.7, ab');
    expect(safe).toBe('password <SECRET:DB_PASSWORD> from <MY_IP> and <MY_IP>, ab');
    expect(redactor.counts()).toEqual([{ rule: 'secret-variable', count: 1 }, { rule: 'MY_IP', count: 2 }]);
    expect(redactor.findLeftovers('echo pa55-word!')).toEqual(['secret-variable at line 1']);
    expect(createRedactor({ secretValues: ['pa55-word!'], rules: [] }).redact('x pa55-word!')).toBe('x <SECRET>');
  });

  it('reports leftovers by rule and line without echoing the secret', () => {
    const leftovers = createRedactor({ secretValues: [], rules: [] }).findLeftovers(`ok\nkey ${ACCESS_KEY}\n"Account": "${ACCOUNT}"`);
    expect(leftovers).toEqual(['aws-access-key-id at line 2', 'account-id at line 3']);
  });

  it('redacts a truncated private key', () => {
    const redactor = createRedactor({ secretValues: [], rules: [] });
    const safe = redactor.redact('before\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAexample\nMIIEowIBAAKCAQEAmore');
    expect(safe).toBe('before\n<PRIVATE_KEY>');
  });

  it('refuses an invalid lab rule with BAD_INPUT', () => {
    expect(() => createRedactor({ secretValues: [], rules: [{ name: 'BAD', pattern: '(', replacement: 'BAD' }] }))
      .toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
  });

  it('redacts 10 MB of output well under a second', () => {
    const chunk = `NAME  READY  STATUS  RESTARTS  AGE\ncoredns-6b9575c64c-abcde  1/1  Running  0  5m ip-192-168-1-10\n`;
    const big = chunk.repeat(Math.ceil(10_000_000 / chunk.length)) + planted;
    const redactor = createRedactor({ secretValues: { TOKEN: 'hunter2-long' }, rules: [{ name: 'MY_IP', pattern: String.raw`\b203\.0\.113\.\d+\b`, replacement: 'MY_IP' }] });
    const started = performance.now();
    const safe = redactor.redact(big);
    const elapsed = performance.now() - started;
    expect(safe).not.toContain(SECRET_KEY);
    expect(elapsed).toBeLessThan(3000); // generous for a shared 2-core machine; typically ~200 ms
  });
});
