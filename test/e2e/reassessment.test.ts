// Scheduled re-assessments through the local API Gateway, the real handlers and DynamoDB Local: ops schedule a
// blueprint for a tasker, the tasker's next placement started without a blueprint id uses it (and records who and
// why), the one after uses the default again; a schedule can be cancelled; only ops may schedule; bad input is a
// 400/422 naming the field.
import { readFileSync } from 'node:fs';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { join } from 'node:path';
import { REPO_ROOT } from '@theta/local';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { answerToEnd } from '../support/complete-placement';

let stack: LocalStack;
let counter = 0;
const REASSESS = 'general-reassessment';

interface Started {
  placementId: string;
  blueprint: { id: string; version: number };
  item: { id: string };
}

async function start(taskerId: string): Promise<Started> {
  const res = await stack.request('POST', '/v1/placements', { as: 'onboarding', sub: 'onboarding-svc', body: { taskerId, profile: { declaredDomains: [] } } });
  expect(res.status).toBe(201);
  return res.json<Started>();
}


const schedule = (taskerId: string, body: unknown, as: 'ops' | 'tasker' | 'onboarding' = 'ops') => stack.request('PUT', `/v1/taskers/${taskerId}/reassessment`, { as, sub: `${as}-1`, body });

beforeAll(async () => {
  stack = await startLocalStack({ seed: true, onHandlerError: (id, e) => console.error(id, e) });
  const seed = JSON.parse(readFileSync(join(REPO_ROOT, 'packages/local/seed/blueprints/general-placement.json'), 'utf8')) as Record<string, unknown>;
  const published = await stack.post('/v1/blueprints', { ...seed, id: REASSESS, title: 'General re-assessment', retake: { cooldownHours: 0, maxAttempts: 5 } }, { as: 'author', sub: 'author-1' });
  expect(published.status).toBe(201);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('PUT /v1/taskers/{id}/reassessment', () => {
  it('makes the next placement use the scheduled blueprint, once, and records who scheduled it and why', async () => {
    const taskerId = 'reassess-1';
    await answerToEnd(stack, taskerId, await start(taskerId));
    const res = await schedule(taskerId, { blueprintId: REASSESS, reason: 'after the remedial course' });
    expect(res.status).toBe(200);
    expect(res.json<{ scheduled: Record<string, string> }>().scheduled).toMatchObject({ blueprintId: REASSESS, reason: 'after the remedial course', scheduledBy: 'ops-1' });
    const next = await start(taskerId);
    expect(next.blueprint.id).toBe(REASSESS);
    const stored = await stack.ddb.send(new GetCommand({ TableName: stack.tableNames.sessions, Key: { pk: `PLACEMENT#${next.placementId}`, sk: 'STATE' } }));
    expect(stored.Item?.reassessment).toMatchObject({ reason: 'after the remedial course', scheduledBy: 'ops-1' });
    await answerToEnd(stack, taskerId, next);
    // its answers are logged as a re-assessment (FORMATS.md section 1 `context`), the first placement's as a placement
    const contexts = async (placementId: string) =>
      new Set(
        ((await stack.ddb.send(new QueryCommand({ TableName: stack.tableNames.sessions, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)', ExpressionAttributeValues: { ':pk': `PLACEMENT#${placementId}`, ':r': 'RESP#' } }))).Items ?? []).map((r) => r.context),
      );
    expect(await contexts(next.placementId)).toEqual(new Set(['reassessment']));
    // consumed: the one after is the default again, whose 24-hour cooldown refuses it (the re-assessment has none)
    const after = await stack.request('POST', '/v1/placements', { as: 'onboarding', sub: 'onboarding-svc', body: { taskerId, profile: { declaredDomains: [] } } });
    expect(after.status).toBe(429);
    expect(after.json<{ error: { code: string } }>().error.code).toBe('retake_cooldown');
  });

  it('works for a tasker who never started a placement, and an explicit blueprint id still wins (the schedule waits)', async () => {
    const taskerId = 'reassess-2';
    expect((await schedule(taskerId, { blueprintId: REASSESS, reason: 'returning tasker' })).status).toBe(200);
    const explicit = await stack.request('POST', '/v1/placements', { as: 'onboarding', sub: 'onboarding-svc', body: { taskerId, blueprintId: 'general-placement', profile: { declaredDomains: [] } } });
    expect(explicit.json<Started>().blueprint.id).toBe('general-placement');
    await answerToEnd(stack, taskerId, explicit.json<Started>());
    expect((await start(taskerId)).blueprint.id).toBe(REASSESS);
  });

  it('can be cancelled; cancelling twice is a 404', async () => {
    const taskerId = 'reassess-3';
    await answerToEnd(stack, taskerId, await start(taskerId));
    expect((await schedule(taskerId, { blueprintId: REASSESS, reason: 'spot check' })).status).toBe(200);
    expect((await stack.request('DELETE', `/v1/taskers/${taskerId}/reassessment`, { as: 'ops', sub: 'ops-1' })).status).toBe(204);
    expect((await stack.request('DELETE', `/v1/taskers/${taskerId}/reassessment`, { as: 'ops', sub: 'ops-1' })).status).toBe(404);
    // the default again: its cooldown refuses (the re-assessment blueprint has none)
    const next = await stack.request('POST', '/v1/placements', { as: 'onboarding', sub: 'onboarding-svc', body: { taskerId, profile: { declaredDomains: [] } } });
    expect(next.json<{ error: { code: string } }>().error.code).toBe('retake_cooldown');
  });

  it('is for ops only', async () => {
    expect((await schedule('reassess-4', { blueprintId: REASSESS, reason: 'x' }, 'tasker')).status).toBe(403);
    expect((await schedule('reassess-4', { blueprintId: REASSESS, reason: 'x' }, 'onboarding')).status).toBe(403);
    expect((await stack.request('DELETE', '/v1/taskers/reassess-4/reassessment', { as: 'tasker', sub: 'reassess-4' })).status).toBe(403);
  });

  it.each([
    [{ blueprintId: 'Not A Slug', reason: 'x' }, 400, 'body.blueprintId'],
    [{ blueprintId: REASSESS, reason: '  ' }, 400, 'body.reason'],
    [{ blueprintId: REASSESS }, 400, 'body.reason'],
    [{ blueprintId: REASSESS, reason: 'x', when: 'now' }, 400, 'body.when'],
    [{ blueprintId: 'never-published', reason: 'x' }, 422, 'blueprintId'],
  ])('%j → %i naming %s, and the next placement is the default', async (body, status, field) => {
    const taskerId = `reassess-bad-${counter++}`;
    const res = await schedule(taskerId, body);
    expect(res.status).toBe(status);
    expect(res.text).toContain(field);
    expect((await start(taskerId)).blueprint.id).toBe('general-placement');
  });
});
