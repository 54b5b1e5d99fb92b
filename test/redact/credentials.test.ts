// Credential shapes and account-id keys the redactor must know (issue 18, items 2, 11 and 13).
// Every value is fake, made for this file.
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../runner/redact/redact.js';

const fresh = (secretValues: Record<string, string> = {}) => createRedactor({ secretValues, rules: [] });
const forDisplay = () => createRedactor({ secretValues: [], rules: [], accounts: false });

describe('a session token in a presigned URL', () => {
  const token = 'IQoJb3JpZ2luX2VjEFAKE%2F%2F%2F%2FwEaDmFwLW5vcnRoZWFzdC0yIkgwRgIhAPFAKE8k%2Bxhp%2FSesbhG0wQaRQUyvFCUexTI87pw%3D%3D';
  const url = `https://b.s3.amazonaws.com/k?X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260316%2Fap-northeast-2%2Fs3%2Faws4_request&X-Amz-Security-Token=${token}&X-Amz-Signature=${'a1b2c3d4'.repeat(8)}&x=1`;

  it('is replaced whole, percent-encoded characters and padding included', () => {
    const safe = forDisplay().redact(url);
    expect(safe).toBe('https://b.s3.amazonaws.com/k?X-Amz-Credential=<AWS_ACCESS_KEY_ID>%2F20260316%2Fap-northeast-2%2Fs3%2Faws4_request'
      + '&X-Amz-Security-Token=<AWS_SESSION_TOKEN>&X-Amz-Signature=<AWS_SIGNATURE>&x=1');
  });

  it('is replaced by its prefix alone, without the parameter name', () => {
    expect(forDisplay().redact(`token ${token} end`)).toBe('token <AWS_SESSION_TOKEN> end');
  });
});

describe('credential shapes', () => {
  const basic = Buffer.from('admin:FAKE-pw-1').toString('base64');
  const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJrdWJlcm5ldGVzL3NlcnZpY2VhY2NvdW50In0.FAKEc2lnbmF0dXJl';
  const ecr = Buffer.from(JSON.stringify({ payload: 'FAKE'.repeat(30), datakey: 'FAKE', version: '2' })).toString('base64');
  const spacedEcr = Buffer.from('{"payload": "FAKE' + 'x'.repeat(60) + '"}').toString('base64');
  const cases: Array<[string, string, string]> = [
    ['postgres://admin:FAKEpw-9c@db:5432/app', 'postgres://admin:<PASSWORD>@db:5432/app', 'url-password'],
    ['git clone https://bot:FAKE+tok%2Fen@git.example.com/x.git', 'git clone https://bot:<PASSWORD>@git.example.com/x.git', 'url-password'],
    [`-H 'Authorization: Basic ${basic}'`, "-H 'Authorization: Basic <BASIC_AUTH>'", 'basic-auth'],
    ['token glpat-FAKEx9Tq2Lr7Vn4Kp8Zm.', 'token <GITLAB_TOKEN>.', 'gitlab-token'],
    ['SLACK=xoxb-1234567890-FAKE0987654321-AbCdEf', 'SLACK=<SLACK_TOKEN>', 'slack-token'],
    ['OPENAI_KEY=sk-proj-FAKE4fJ9kLm2Nq8Rs5Tv1Wx7', 'OPENAI_KEY=<API_KEY>', 'api-key'],
    ['"key": "AIzaSyFAKE-1a2B3c4D5e6F7g8H9i0JkLmNoPqR"', '"key": "<GOOGLE_API_KEY>"', 'google-api-key'],
    // On a diff's `-` line (a failed expectation quoting it) as much as anywhere.
    ['-glpat-FAKEx9Tq2Lr7Vn4Kp8Zm\n+xoxb-1234567890-FAKE0987654321-AbCdEf', '-<GITLAB_TOKEN>\n+<SLACK_TOKEN>', 'gitlab-token'],
    ['- sk-proj-FAKE4fJ9kLm2Nq8Rs5Tv1Wx7\n-AIzaSyFAKE-1a2B3c4D5e6F7g8H9i0JkLmNoPqR', '- <API_KEY>\n-<GOOGLE_API_KEY>', 'api-key'],
    [`${ecr}\n`, '<ECR_PASSWORD>\n', 'ecr-password'],
    [`${spacedEcr}\n`, '<ECR_PASSWORD>\n', 'ecr-password'],
    [`docker login --username AWS --password ${ecr.slice(0, 30)}x host`, 'docker login --username AWS --password <PASSWORD> host', 'password-argument'],
    [`  token: ${Buffer.from(jwt).toString('base64')}`, '  token: <JWT>', 'jwt'],
  ];

  it.each(cases)('%s', (text, expected, rule) => {
    const redactor = forDisplay();
    expect(redactor.redact(text)).toBe(expected);
    expect(redactor.counts().map((c) => c.rule)).toContain(rule);
    expect(fresh().findLeftovers(text)).not.toEqual([]);
  });

  it('leaves look-alikes alone: prose, placeholders, variables, short or digitless words', () => {
    const text = [
      'Basic usage: see below',
      'Basic authentication is off',
      'postgres://admin:<SECRET:DB_PASSWORD>@db/app',
      'psql "postgres://admin:${PGPASSWORD}@db/app"',
      'postgres://db.example.com:5432/app',
      'task-runner sk-learn sk-this-is-only-words-here',
      'https://example.com/a:b@c',
      'base64 of a word: ZXlKaGVsbG8gd29ybGQgdGhpcyBpcyBub3QgYSB0b2tlbiBhdCBhbGw=',
      'read --password-stdin from the pipe',
    ].join('\n');
    expect(fresh().redact(text)).toBe(text);
    expect(fresh().findLeftovers(text)).toEqual([]);
  });

  it('masks a secret variable holding " or \\ in its JSON-escaped form too', () => {
    const value = 'pa"ss\\word-42';
    const redactor = fresh({ DB_PASSWORD: value });
    const printed = `raw ${value}\n${JSON.stringify({ password: value })}\n`;
    expect(redactor.redact(printed)).toBe('raw <SECRET:DB_PASSWORD>\n{"password":"<SECRET:DB_PASSWORD>"}\n');
    expect(fresh({ DB_PASSWORD: value }).findLeftovers(JSON.stringify({ password: value }))).toEqual(['secret-variable at line 1']);
  });
});

describe('account ids under camelCase and nested keys (fixtures)', () => {
  const cases: Array<[string, string]> = [
    ['"SourceAccount": "123456789012"', '"SourceAccount": "<ACCOUNT_ID>"'],
    ['aws lambda add-permission --source-account 123456789012', 'aws lambda add-permission --source-account <ACCOUNT_ID>'],
    ['"Principal":{"AWS":"123456789012"}', '"Principal":{"AWS":"<ACCOUNT_ID>"}'],
    ['"Principal": {"AWS": ["123456789012", "210987654321"]}', '"Principal": {"AWS": ["<ACCOUNT_ID>", "<ACCOUNT_ID_2>"]}'],
    ['"Accounts":[{"Id":"123456789012","Name":"dev"},{"Id":"210987654321"}]', '"Accounts":[{"Id":"<ACCOUNT_ID>","Name":"dev"},{"Id":"<ACCOUNT_ID_2>"}]'],
    ['"UserId": "123456789012",', '"UserId": "<ACCOUNT_ID>",'],
    ['user_id = 123456789012', 'user_id = <ACCOUNT_ID>'],
  ];

  it.each(cases)('%s', (text, expected) => {
    expect(fresh().redact(text)).toBe(expected);
    expect(fresh().findLeftovers(text)).toContain('account-id at line 1');
  });

  it('leaves other 12-digit values under other keys alone', () => {
    const text = '"resourceVersion": "123456789012"\n"Id": "1234567890123"\n"Size": 123456789012\n"AWS": "not-an-id"';
    expect(fresh().redact(text)).toBe(text);
  });

  it('stays visible on the terminal', () => {
    expect(forDisplay().redact('"SourceAccount": "123456789012"')).toBe('"SourceAccount": "123456789012"');
  });
});
