// The erasure's pseudonym key (functions/src/taskers/pseudonym-key.ts) read through the real Secrets Manager client
// and Powertools' getSecret from a local stand-in speaking the Secrets Manager JSON protocol: the key is the secret's
// value, read once for many calls; a missing secret is a 503 (and is read again next time); THETA_PSEUDONYM_KEY wins;
// in AWS without either the erasure is refused rather than run with the public fixed key.
import { createHmac } from 'node:crypto';
import { ServiceUnavailableError, taskerPseudonym } from '@theta/assessment';
import { errorToResponse } from '@theta/http';
import { awsError, startAwsJsonServer, type AwsJsonServer } from '../../test/support/aws-json-server';
import { FALLBACK_PSEUDONYM_KEY, PSEUDONYM_KEY_UNAVAILABLE, pseudonymKeySource } from '../src/taskers/pseudonym-key';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:PseudonymKeySecret-AbCdEf';
const SECRET_VALUE = 'k7GZ3qTx9vLw2PbNf8RcYh4Jm6DsAe1UoKi5XnVt0QzWpBrCgEyHjMlSdFuOaIb3';
const GET_SECRET_VALUE = 'secretsmanager.GetSecretValue';

let secrets: AwsJsonServer;
const reads = (secretId: string) => secrets.calls.filter((c) => c.target === GET_SECRET_VALUE && c.body.SecretId === secretId).length;

beforeAll(async () => {
  secrets = await startAwsJsonServer({
    [GET_SECRET_VALUE]: ({ SecretId }) =>
      SecretId === SECRET_ARN
        ? { body: { ARN: SECRET_ARN, Name: 'PseudonymKeySecret-AbCdEf', SecretString: SECRET_VALUE, VersionId: 'v-1', VersionStages: ['AWSCURRENT'] } }
        : awsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret."),
  });
  // the real client (created by Powertools on first use) goes to the stand-in; dummy credentials come from test/setup-env.js
  process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = secrets.url;
});

afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
  await secrets.close();
});

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ServiceUnavailableError);
  expect(error).toMatchObject({ code: PSEUDONYM_KEY_UNAVAILABLE });
  const response = errorToResponse(error, 'req-1');
  expect(response.statusCode).toBe(503);
  expect(response.body?.error.code).toBe(PSEUDONYM_KEY_UNAVAILABLE);
  // the reply never carries the key
  expect(JSON.stringify(response)).not.toContain(SECRET_VALUE);
};

test('the key is the secret: the pseudonym is the HMAC-SHA256 of the id under the secret value', async () => {
  const key = await pseudonymKeySource({ THETA_PSEUDONYM_SECRET_ARN: SECRET_ARN, AWS_LAMBDA_FUNCTION_NAME: 'EraseTasker', THETA_STAGE: 'prod' })();
  expect(key).toBe(SECRET_VALUE);
  const expected = `erased-${createHmac('sha256', SECRET_VALUE).update('tasker-41', 'utf8').digest('hex').slice(0, 32)}`;
  expect(taskerPseudonym('tasker-41', key)).toBe(expected);
});

test('read once per container: concurrent and later calls share one GetSecretValue', async () => {
  const before = reads(SECRET_ARN);
  const source = pseudonymKeySource({ THETA_PSEUDONYM_SECRET_ARN: SECRET_ARN });
  const keys = await Promise.all(Array.from({ length: 5 }, () => source()));
  for (let i = 0; i < 3; i++) keys.push(await source());
  expect(new Set(keys)).toEqual(new Set([SECRET_VALUE]));
  expect(reads(SECRET_ARN) - before).toBe(1);
});

test('a missing secret is a 503 pseudonym_key_unavailable, and the next call reads it again', async () => {
  const missing = `${SECRET_ARN}-gone`;
  const source = pseudonymKeySource({ THETA_PSEUDONYM_SECRET_ARN: missing });
  await refusal(source());
  await refusal(source());
  expect(reads(missing)).toBe(2);
});

test('THETA_PSEUDONYM_KEY wins over the secret: nothing is read', async () => {
  const before = secrets.calls.length;
  expect(await pseudonymKeySource({ THETA_PSEUDONYM_KEY: 'from-the-environment', THETA_PSEUDONYM_SECRET_ARN: SECRET_ARN })()).toBe('from-the-environment');
  expect(secrets.calls.length).toBe(before);
});

test('in AWS with neither the key nor the secret: refused, not the public fixed key', async () => {
  await refusal(pseudonymKeySource({ AWS_LAMBDA_FUNCTION_NAME: 'EraseTasker', THETA_STAGE: 'dev' })());
});

test('outside AWS (no Lambda, or the local stack) with neither: the fixed versioned key', async () => {
  expect(await pseudonymKeySource({})()).toBe(FALLBACK_PSEUDONYM_KEY);
  expect(await pseudonymKeySource({ THETA_STAGE: 'local', AWS_LAMBDA_FUNCTION_NAME: 'EraseTasker' })()).toBe(FALLBACK_PSEUDONYM_KEY);
});
