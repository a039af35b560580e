// DELETE /v1/taskers/{id} configured as in AWS (docs/security.md, "Privacy"): the handler gets the pseudonym key's
// secret ARN and a bus name, not a key, and its real Secrets Manager and EventBridge clients call a local stand-in
// speaking both JSON protocols. The pseudonym is the HMAC of the id under the secret's value (computed here with
// node:crypto), the secret is read once for every call; a refused PutEvents entry answers 503 and leaves the erasure
// in progress; the next call publishes exactly the tasker.erased entry and completes; a retry publishes nothing.
import { createHmac, randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoTaskerErasureStore } from '@theta/store';
import { keys } from '../../packages/store/src/keys';
import { startAwsJsonServer, type AwsJsonOperation, type AwsJsonServer } from '../support/aws-json-server';
import { startLocalStack, type LocalStack } from '../support/local-stack';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:PseudonymKeySecret-QwErTy';
const SECRET_VALUE = 'Zp4Lq8Rw1Tx6Vb3Nm9Kc2Hf7Jd5Gs0Ay4Ue8Io1Pl6Mk3Nj9Bh2Vg7Cf5Xd0Sz';
const BUS = 'theta-e2e';
const GET_SECRET_VALUE = 'secretsmanager.GetSecretValue';
const PUT_EVENTS = 'AWSEvents.PutEvents';
const TASKER = `erased-in-aws-${randomUUID()}`;
const asOps = { as: 'ops' as const, sub: 'ops-aws' };

const accepted: AwsJsonOperation = (body) => ({ body: { FailedEntryCount: 0, Entries: (body.Entries as unknown[]).map((_, i) => ({ EventId: `eb-${i}` })) } });
const refused: AwsJsonOperation = (body) => ({
  body: { FailedEntryCount: 1, Entries: (body.Entries as unknown[]).map(() => ({ ErrorCode: 'InternalFailure', ErrorMessage: 'try again' })) },
});

let aws: AwsJsonServer;
let stack: LocalStack;
const calls = (target: string) => aws.calls.filter((c) => c.target === target);

beforeAll(async () => {
  aws = await startAwsJsonServer({
    [GET_SECRET_VALUE]: ({ SecretId }) =>
      SecretId === SECRET_ARN
        ? { body: { ARN: SECRET_ARN, Name: 'PseudonymKeySecret-QwErTy', SecretString: SECRET_VALUE, VersionId: 'v-1', VersionStages: ['AWSCURRENT'] } }
        : { status: 400, body: { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." } },
    [PUT_EVENTS]: refused,
  });
  // what infra gives the function (before the handler is imported, on the first request)
  delete process.env.THETA_PSEUDONYM_KEY;
  process.env.THETA_PSEUDONYM_SECRET_ARN = SECRET_ARN;
  process.env.EVENT_BUS_NAME = BUS;
  process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = aws.url;
  process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = aws.url;
  stack = await startLocalStack();
  const track = { track: 'generalist', reason: 'placement', rule: 'generalist', assignedAt: '2026-12-01T10:00:00.000Z', assignedBy: 'placement' };
  await stack.ddb.send(new PutCommand({ TableName: stack.tableNames.taskers, Item: { ...keys.taskerProfile(TASKER), entity: 'profile', taskerId: TASKER, track } }));
  await stack.ddb.send(new PutCommand({ TableName: stack.tableNames.taskers, Item: { ...keys.taskerTrack(TASKER, track.assignedAt), entity: 'track', ...track } }));
});

afterAll(async () => {
  await stack?.stop();
  await aws?.close();
});

interface ErasureBody {
  taskerId: string;
  erasure: { pseudonym: string; round: number; status: string; completedAt?: string };
}

test('the key from the secret, tasker.erased before completion, published again after a refusal, never on a retry', async () => {
  const pseudonym = `erased-${createHmac('sha256', SECRET_VALUE).update(TASKER, 'utf8').digest('hex').slice(0, 32)}`;
  const store = new DynamoTaskerErasureStore(stack.ddb, { sessions: stack.tableNames.sessions, taskers: stack.tableNames.taskers, counters: stack.tableNames.idempotency });

  // EventBridge refuses the entry: 503, the records are gone, the erasure is still in progress
  const refusedCall = await stack.delete(`/v1/taskers/${TASKER}`, asOps);
  expect(refusedCall.status).toBe(503);
  expect(refusedCall.json<{ error: { code: string } }>().error.code).toBe('erasure_not_announced');
  expect(calls(PUT_EVENTS)).toHaveLength(1);
  expect(await store.hasRecords(TASKER)).toBe(false);
  expect(await store.getErasure(pseudonym)).toMatchObject({ round: 1, status: 'in-progress' });

  // the next call publishes exactly the contract's entry and completes
  aws.on(PUT_EVENTS, accepted);
  const completed = await stack.delete(`/v1/taskers/${TASKER}`, asOps);
  expect(completed.status).toBe(200);
  const body = completed.json<ErasureBody>();
  expect(body.erasure).toMatchObject({ pseudonym, round: 1, status: 'completed' });
  const published = calls(PUT_EVENTS);
  expect(published).toHaveLength(2);
  const entries = published[1]!.body.Entries as Record<string, unknown>[];
  expect(entries).toEqual([{ EventBusName: BUS, Source: 'theta.assessment', DetailType: 'tasker.erased', Detail: expect.any(String), Resources: [] }]);
  expect(JSON.parse(entries[0]!.Detail as string)).toEqual({ id: `erasure-${pseudonym}-1`, taskerId: TASKER, pseudonym, round: 1, at: body.erasure.completedAt });
  // the refused attempt carried the same event (consumers dedupe on detail.id)
  expect(JSON.parse((published[0]!.body.Entries as Record<string, string>[])[0]!.Detail!).id).toBe(`erasure-${pseudonym}-1`);

  // a retry of the completed erasure: the same body, nothing published
  const retry = await stack.delete(`/v1/taskers/${TASKER}`, asOps);
  expect(retry.status).toBe(200);
  expect(retry.json()).toEqual(body);
  expect(calls(PUT_EVENTS)).toHaveLength(2);

  // one GetSecretValue for the container's three erasures
  expect(calls(GET_SECRET_VALUE).map((c) => c.body.SecretId)).toEqual([SECRET_ARN]);
});
