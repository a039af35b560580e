// Per-caller rate limits (docs/security.md, "Rate limits"; issue 13, finding 2) through the local API Gateway on
// DynamoDB Local: a tasker firing 200 answers gets 429 with Retry-After past the limit and nothing more is recorded;
// onboarding starting placements for one tasker over and over is cut off for that tasker only; the OpenAPI document
// states the limits.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { bestOption } from '../support/seed-bank';
import { RATE_LIMITS } from '../../functions/contracts/rate-limits';

let stack: LocalStack;
const ANSWER_LIMIT = RATE_LIMITS.placementAnswers[0].perMinute;
const START_LIMIT = RATE_LIMITS.placementStarts[0].perMinute;

beforeAll(async () => {
  stack = await startLocalStack({ seed: true });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

const start = (taskerId: string) => stack.post('/v1/placements', { taskerId, profile: { declaredDomains: [] } }, { as: 'onboarding', sub: 'onboarding-rate' });

async function storedResponses(placementId: string): Promise<number> {
  const out = await stack.ddb.send(new QueryCommand({ TableName: stack.tableNames.sessions, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)', ExpressionAttributeValues: { ':pk': `PLACEMENT#${placementId}`, ':r': 'RESP#' }, ConsistentRead: true }));
  return out.Count ?? 0;
}

test(`200 answers in a burst: at most ${ANSWER_LIMIT} served, the rest 429 with Retry-After, one answer recorded; another tasker is unaffected`, async () => {
  // a minute boundary inside the burst would open a second window: start just after one
  const second = new Date().getUTCSeconds();
  if (second > 50) await new Promise((resolve) => setTimeout(resolve, (61 - second) * 1000));
  const started = await start('rate-burst');
  expect(started.status).toBe(201);
  const { placementId, item } = started.json<{ placementId: string; item: { id: string } }>();
  const statuses: number[] = [];
  const refused: { retryAfter: string | null; body: { error: { code: string; message: string } } }[] = [];
  for (let batch = 0; batch < 10; batch++) {
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, k) =>
        stack.post(`/v1/placements/${placementId}/responses`, { itemId: item.id, answer: bestOption(item.id) }, { as: 'tasker', sub: 'rate-burst', headers: { 'idempotency-key': `burst-${batch}-${k}` } }),
      ),
    );
    for (const r of replies) {
      statuses.push(r.status);
      if (r.status === 429) refused.push({ retryAfter: r.headers.get('retry-after'), body: r.json() });
    }
  }
  const served = statuses.filter((s) => s !== 429);
  expect(served.length).toBe(ANSWER_LIMIT);
  expect(served.filter((s) => s === 200)).toHaveLength(1); // the first; the others found the item already answered (409)
  expect(refused.length).toBe(200 - ANSWER_LIMIT);
  for (const r of refused) {
    expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(r.retryAfter)).toBeLessThanOrEqual(60);
    expect(r.body.error.code).toBe('rate_limited');
    expect(r.body.error.message).toMatch(/placement-answers: at most 120 a minute/);
  }
  expect(await storedResponses(placementId)).toBe(1);

  const other = (await start('rate-calm')).json<{ placementId: string; item: { id: string } }>();
  const calm = await stack.post(`/v1/placements/${other.placementId}/responses`, { itemId: other.item.id, answer: bestOption(other.item.id) }, { as: 'tasker', sub: 'rate-calm', headers: { 'idempotency-key': 'calm-answer-1' } });
  expect(calm.status).toBe(200);
}, 120_000);

test(`placement starts for one tasker: ${START_LIMIT} a minute, then 429; other taskers still start`, async () => {
  const second = new Date().getUTCSeconds();
  if (second > 55) await new Promise((resolve) => setTimeout(resolve, (61 - second) * 1000));
  const statuses: number[] = [];
  for (let k = 0; k < START_LIMIT + 3; k++) statuses.push((await start('rate-restart')).status);
  // the first starts, the next are refused by the retake policy (409 in progress), then the limit
  expect(statuses[0]).toBe(201);
  expect(statuses.slice(1, START_LIMIT).every((s) => s === 409)).toBe(true);
  expect(statuses.slice(START_LIMIT)).toEqual([429, 429, 429]);
  expect((await start('rate-fresh')).status).toBe(201);
});

test('the OpenAPI document states each limited route\'s limits and its 429', async () => {
  const doc = (await stack.get('/v1/openapi.json')).json<{ paths: Record<string, Record<string, { 'x-theta-rate-limits'?: unknown; responses: Record<string, unknown> }>> }>();
  const answer = doc.paths['/v1/placements/{id}/responses']!.post!;
  expect(answer['x-theta-rate-limits']).toEqual(RATE_LIMITS.placementAnswers);
  expect(answer.responses['429']).toBeDefined();
  expect(doc.paths['/v1/placements']!.post!['x-theta-rate-limits']).toEqual(RATE_LIMITS.placementStarts);
  expect(doc.paths['/v1/quizzes']!.post!['x-theta-rate-limits']).toEqual(RATE_LIMITS.quizStarts);
  expect(doc.paths['/v1/quizzes/{id}/responses']!.post!['x-theta-rate-limits']).toEqual(RATE_LIMITS.quizAnswers);
});
