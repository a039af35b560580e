// Track moves and the track audit (docs/tracks.md) through the local API Gateway, the real handlers and DynamoDB
// Local: a tasker placed by a real placement, rerouted by ops, the move visible on the tasker and in the audit.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { bestOption } from '../support/seed-bank';

let stack: LocalStack;

let counter = 0;
const key = () => `track-key-${Date.now()}-${counter++}`;

interface ErrorBody {
  error: { code: string; details?: { path: string }[] };
}
interface AuditPage {
  taskerId: string;
  entries: { kind: string; from?: string; to: string; reason: string; actor?: { kind: string; sub?: string }; placementId?: string }[];
  cursor?: string;
}

async function rows(taskerId: string): Promise<Record<string, unknown>[]> {
  const out = await stack.ddb.send(
    new QueryCommand({ TableName: stack.tableNames.taskers, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `TASKER#${taskerId}` }, ConsistentRead: true }),
  );
  return out.Items ?? [];
}

/** a real placement, answered to completion: the PROFILE track and its TRACK row are placement-written */
async function place(taskerId: string): Promise<string> {
  const start = await stack.request('POST', '/v1/placements', { as: 'onboarding', sub: 'onboarding-svc', body: { taskerId, profile: { declaredDomains: [], educationLevel: 'master' } } });
  expect(start.status).toBe(201);
  const started = start.json<{ placementId: string; item: { id: string } }>();
  let item = started.item;
  for (let i = 0; i < 80; i++) {
    const res = await stack.request('POST', `/v1/placements/${started.placementId}/responses`, {
      as: 'tasker',
      sub: taskerId,
      headers: { 'idempotency-key': key() },
      body: { itemId: item.id, answer: bestOption(item.id) },
    });
    expect(res.status).toBe(200);
    const step = res.json<{ status: string; item: { id: string } }>();
    if (step.status === 'completed') return started.placementId;
    item = step.item;
  }
  throw new Error('the placement did not complete in 80 answers');
}

const taskerId = 'rerouted-1';
let placedTrack: string;
let placementId: string;

beforeAll(async () => {
  stack = await startLocalStack({ seed: true, onHandlerError: (id, e) => console.error(id, e) });
  placementId = await place(taskerId);
  const tasker = await stack.request('GET', `/v1/taskers/${taskerId}`, { as: 'ops', sub: 'ops-1' });
  placedTrack = tasker.json<{ track: { track: string } }>().track.track;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('moving a tasker’s track', () => {
  const to = 'remedial:coding';
  let moveId: string;

  it('ops reroute → the tasker shows the new track → the audit lists the move above the placement', async () => {
    const idem = key();
    const res = await stack.request('POST', `/v1/taskers/${taskerId}/track`, { as: 'ops', sub: 'ops-1', headers: { 'idempotency-key': idem }, body: { track: to, reason: 'work-sample review' } });
    expect(res.status).toBe(200);
    const { move } = res.json<{ move: { id: string; from: string; to: string; actor: { kind: string; sub: string } } }>();
    expect(move).toMatchObject({ from: placedTrack, to, actor: { kind: 'person', sub: 'ops-1' } });
    moveId = move.id;

    const tasker = await stack.request('GET', `/v1/taskers/${taskerId}`, { as: 'tasker', sub: taskerId });
    expect(tasker.json<{ track: { track: string; reason: string; assignedBy: string } }>().track).toMatchObject({ track: to, reason: 'work-sample review', assignedBy: 'person:ops-1' });

    const audit = await stack.request('GET', `/v1/taskers/${taskerId}/audit`, { as: 'ops', sub: 'ops-2' });
    expect(audit.status).toBe(200);
    const page = audit.json<AuditPage>();
    expect(page.entries.map((e) => [e.kind, e.to])).toEqual([
      ['move', to],
      ['placement', placedTrack],
    ]);
    expect(page.entries[1]).toMatchObject({ placementId });

    // a retry with the same key returns the same move and writes nothing
    const before = await rows(taskerId);
    const retry = await stack.request('POST', `/v1/taskers/${taskerId}/track`, { as: 'ops', sub: 'ops-1', headers: { 'idempotency-key': idem }, body: { track: to, reason: 'work-sample review' } });
    expect(retry.status).toBe(200);
    expect(retry.json<{ move: { id: string } }>().move.id).toBe(moveId);
    expect(await rows(taskerId)).toEqual(before);
    expect(before.filter((r) => r.entity === 'event' && r.type === 'tasker.track_changed')).toHaveLength(1);
  });

  it('the tasker reads their own audit; another tasker gets 404; the audit pages with a cursor', async () => {
    expect((await stack.request('GET', `/v1/taskers/${taskerId}/audit`, { as: 'tasker', sub: taskerId })).status).toBe(200);
    expect((await stack.request('GET', `/v1/taskers/${taskerId}/audit`, { as: 'tasker', sub: 'someone-else' })).status).toBe(404);
    expect((await stack.request('GET', `/v1/taskers/${taskerId}/audit`, { as: 'author', sub: 'author-1' })).status).toBe(403);
    const first = (await stack.request('GET', `/v1/taskers/${taskerId}/audit?limit=1`, { as: 'ops', sub: 'ops-1' })).json<AuditPage>();
    expect(first.entries.map((e) => e.kind)).toEqual(['move']);
    expect(first.cursor).toEqual(expect.any(String));
    const second = (await stack.request('GET', `/v1/taskers/${taskerId}/audit?limit=1&cursor=${encodeURIComponent(first.cursor ?? '')}`, { as: 'ops', sub: 'ops-1' })).json<AuditPage>();
    expect(second.entries.map((e) => e.kind)).toEqual(['placement']);
  });

  it('a tasker cannot reroute (403), and nothing is written', async () => {
    const before = await rows(taskerId);
    const res = await stack.request('POST', `/v1/taskers/${taskerId}/track`, { as: 'tasker', sub: taskerId, headers: { 'idempotency-key': key() }, body: { track: 'generalist', reason: 'me' } });
    expect(res.status).toBe(403);
    expect(await rows(taskerId)).toEqual(before);
  });

  it.each([
    ['an unknown track name', { track: 'wizard', reason: 'x' }, 'body.track'],
    ['expert: without a skill', { track: 'expert:', reason: 'x' }, 'body.track'],
    ['an empty reason', { track: 'generalist', reason: '' }, 'body.reason'],
    ['a 501-character reason', { track: 'generalist', reason: 'x'.repeat(501) }, 'body.reason'],
    ['no reason', { track: 'generalist' }, 'body.reason'],
  ])('%s → 400 naming the field, nothing written', async (_label, body, path) => {
    const before = await rows(taskerId);
    const res = await stack.request('POST', `/v1/taskers/${taskerId}/track`, { as: 'ops', sub: 'ops-1', headers: { 'idempotency-key': key() }, body });
    expect(res.status).toBe(400);
    expect(res.json<ErrorBody>().error.details?.map((d) => d.path)).toEqual([path]);
    expect(await rows(taskerId)).toEqual(before);
  });

  it('no Idempotency-Key → 400 naming it', async () => {
    const res = await stack.request('POST', `/v1/taskers/${taskerId}/track`, { as: 'ops', sub: 'ops-1', body: { track: 'generalist', reason: 'x' } });
    expect(res.status).toBe(400);
    expect(res.json<ErrorBody>().error.details?.map((d) => d.path)).toEqual(['headers.idempotency-key']);
  });

  it('an unknown tasker → 404 on the move and on the audit, nothing written', async () => {
    const res = await stack.request('POST', '/v1/taskers/nobody-here/track', { as: 'ops', sub: 'ops-1', headers: { 'idempotency-key': key() }, body: { track: 'generalist', reason: 'x' } });
    expect(res.status).toBe(404);
    expect(await rows('nobody-here')).toEqual([]);
    expect((await stack.request('GET', '/v1/taskers/nobody-here/audit', { as: 'ops', sub: 'ops-1' })).status).toBe(404);
  });
});
