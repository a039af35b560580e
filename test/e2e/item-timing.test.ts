// Time per item measured by the server (docs/blueprints.md, "Time per item"; issue 13, finding 1): a blueprint's
// minimum flags rapid guesses and a placement of mostly rapid guesses is not routed (no track, no proficiency); its
// maximum times an item out (scored 0 whatever was chosen, never the first item); the client's elapsedMs decides
// nothing and the response log carries the server's measure. Through the local API Gateway on DynamoDB Local.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { REPO_ROOT } from '@theta/local';
import { responseRowToRecord } from '@theta/store';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { bestOption } from '../support/seed-bank';

type Json = Record<string, unknown>;
let stack: LocalStack;
const seed = JSON.parse(readFileSync(join(REPO_ROOT, 'packages/local/seed/blueprints/general-placement.json'), 'utf8')) as Json;
const MIN_ITEM_MS = 300;
const MAX_ITEM_MS = 2500;
/** the rapid-guess test's minimum: a machine-speed answer stays below it even on a loaded CI machine */
const STRICT_MIN_ITEM_MS = 3000;
const blueprint = {
  ...seed,
  id: 'timed',
  skills: [{ skill: 'writing-quality', kind: 'general', minItems: 4, maxItems: 5, itemTags: ['demo'] }],
  cat: { ...(seed.cat as Json), stopping: { minItems: 4, maxItems: 5, seThreshold: 0.01 } },
  cuts: { 'writing-quality': { generalist: 0 } },
  retake: { cooldownHours: 0, maxAttempts: 5 },
  timing: { minItemMs: MIN_ITEM_MS, maxItemMs: MAX_ITEM_MS, maxRapidShare: 0.5 },
};
const AUTHOR = { as: 'author' as const, sub: 'author-timing' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Step { status: string; item?: { id: string }; result?: { track: string | null; summary?: string } }

async function start(taskerId: string, blueprintId = 'timed'): Promise<{ placementId: string; item: { id: string } }> {
  const res = await stack.post('/v1/placements', { taskerId, profile: { declaredDomains: [] }, blueprintId }, { as: 'onboarding' });
  expect(res.status).toBe(201);
  return res.json();
}

/** answers every item with its key after waiting `waitMs(n)` on the n-th (0-based) item; the final step */
async function answerAll(taskerId: string, waitMs: (n: number) => number, elapsedMs?: number, blueprintId = 'timed'): Promise<{ placementId: string; final: Step }> {
  const { placementId, item: first } = await start(taskerId, blueprintId);
  let item = first;
  for (let n = 0; n < 10; n++) {
    await sleep(waitMs(n));
    const res = await stack.post(`/v1/placements/${placementId}/responses`, { itemId: item.id, answer: bestOption(item.id), ...(elapsedMs === undefined ? {} : { elapsedMs }) }, { as: 'tasker', sub: taskerId, headers: { 'idempotency-key': `${taskerId}-answer-${n}` } });
    expect(res.status).toBe(200);
    const step = res.json<Step>();
    if (step.status === 'completed') return { placementId, final: step };
    item = step.item as { id: string };
  }
  throw new Error('placement did not stop');
}

async function responseRows(placementId: string): Promise<Json[]> {
  const out = await stack.ddb.send(new QueryCommand({ TableName: stack.tableNames.sessions, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :resp)', ExpressionAttributeValues: { ':pk': `PLACEMENT#${placementId}`, ':resp': 'RESP#' }, ConsistentRead: true }));
  return out.Items ?? [];
}

beforeAll(async () => {
  stack = await startLocalStack({ seed: true });
  expect((await stack.post('/v1/blueprints', blueprint, AUTHOR)).status).toBe(201);
  expect((await stack.post('/v1/blueprints', { ...blueprint, id: 'timed-strict', timing: { minItemMs: STRICT_MIN_ITEM_MS, maxRapidShare: 0.5 } }, AUTHOR)).status).toBe(201);
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

test('answers faster than the minimum: every one flagged rapid, the placement is not routed and stores no standing', async () => {
  // the client claims a day per item: the server's clock decides
  const { placementId, final } = await answerAll('timing-fast', () => 0, 86_400_000, 'timed-strict');
  expect(final.result?.track).toBeNull();
  expect(final.result?.summary).toMatch(/faster than 3 s/);
  const rows = await responseRows(placementId);
  expect(rows.length).toBeGreaterThanOrEqual(4);
  for (const row of rows) {
    expect(row.rapid).toBe(true);
    expect(row.serverElapsedMs as number).toBeLessThan(STRICT_MIN_ITEM_MS);
    expect(row.elapsedMs).toBe(86_400_000); // stored as sent, and nothing more
  }
  const placement = (await stack.get(`/v1/placements/${placementId}`, { as: 'ops' })).json<{ status: string; result: { withheld?: { rapidAnswers: number; scoredAnswers: number } } }>();
  expect(placement.status).toBe('completed');
  expect(placement.result.withheld).toMatchObject({ rapidAnswers: rows.length, scoredAnswers: rows.length, minItemMs: STRICT_MIN_ITEM_MS });
  // no track, no proficiency: ops see no tasker standing
  expect((await stack.get('/v1/taskers/timing-fast', { as: 'ops' })).status).toBe(404);
  // the response log (what export, calibration and item health read) carries the server's time, not the client's claim
  for (const row of rows) expect(responseRowToRecord(row)?.elapsedMs).toBe(row.serverElapsedMs);
  // the attempt counts and the slot is free: the tasker may take it again
  expect((await start('timing-fast', 'timed-strict')).placementId).not.toBe(placementId);
});

test('answers slower than the minimum: none flagged, the placement routes as usual', async () => {
  const { placementId, final } = await answerAll('timing-steady', () => MIN_ITEM_MS + 80);
  expect(typeof final.result?.track).toBe('string');
  for (const row of await responseRows(placementId)) {
    expect(row.rapid).toBeUndefined();
    expect(row.serverElapsedMs as number).toBeGreaterThanOrEqual(MIN_ITEM_MS);
  }
  const tasker = (await stack.get('/v1/taskers/timing-steady', { as: 'ops' })).json<{ track: { track: string } }>();
  expect(tasker.track.track).toBe(final.result?.track);
});

test('an answer after the maximum scores 0 even when right; the first item never times out', async () => {
  const waits = [MAX_ITEM_MS + 200, MAX_ITEM_MS + 200, MIN_ITEM_MS + 80, MIN_ITEM_MS + 80, MIN_ITEM_MS + 80];
  const { placementId } = await answerAll('timing-slow', (n) => waits[n] ?? MIN_ITEM_MS + 80);
  const rows = (await responseRows(placementId)).sort((x, y) => (x.seq as number) - (y.seq as number));
  expect(rows[0]).toMatchObject({ score: 1 });
  expect(rows[0]!.timedOut).toBeUndefined();
  expect(rows[1]).toMatchObject({ score: 0, timedOut: true });
  expect(rows[1]!.answer).toBe(bestOption(rows[1]!.itemId as string));
  expect(rows[1]!.errorTag).toBeUndefined();
  for (const row of rows.slice(2)) expect(row).toMatchObject({ score: 1 });
}, 60_000);

test('bad timing settings → 400 naming the field, nothing published', async () => {
  for (const [timing, field] of [
    [{ minItemMs: 2000, maxItemMs: 1500 }, 'body.timing.maxItemMs'],
    [{ minItemMs: 100, maxRapidShare: 2 }, 'body.timing.maxRapidShare'],
    [{ minItemMs: -1 }, 'body.timing.minItemMs'],
    [{ minItemMs: 100, window: 3 }, 'body.timing'],
  ] as const) {
    const res = await stack.post('/v1/blueprints', { ...blueprint, id: 'timed-bad', timing }, AUTHOR);
    expect(res.status).toBe(400);
    expect(res.text).toContain(field);
  }
  expect((await stack.post('/v1/placements', { taskerId: 'timing-none', profile: { declaredDomains: [] }, blueprintId: 'timed-bad' }, { as: 'onboarding' })).status).toBe(404);
});
