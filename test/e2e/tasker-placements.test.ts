// GET /v1/taskers/{id}/placements: how the tasker's app finds the placement to resume, and how ops see every
// attempt — through the local API Gateway, the real handlers and DynamoDB Local.
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { bestOption, leakedSecrets } from '../support/seed-bank';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ seed: true, onHandlerError: (id, e) => console.error(id, e) });
});

afterAll(async () => {
  await stack?.stop();
});

interface Listed {
  taskerId: string;
  active?: { placementId: string; status: string; itemsAnswered: number };
  placements: { placementId: string; status: string; itemsAnswered: number; result?: { track: string; trackSummary?: string } }[];
}

let counter = 0;
const key = () => `list-key-${Date.now()}-${counter++}`;

async function startFor(taskerId: string): Promise<{ placementId: string; item: { id: string } }> {
  const res = await stack.request('POST', '/v1/placements', { as: 'onboarding', sub: 'onboarding-svc', body: { taskerId, profile: { declaredDomains: [], educationLevel: 'master' } } });
  expect(res.status).toBe(201);
  return res.json();
}

describe('a tasker’s placements', () => {
  const taskerId = 'lister-1';
  let placementId: string;

  beforeAll(async () => {
    const started = await startFor(taskerId);
    placementId = started.placementId;
    const res = await stack.request('POST', `/v1/placements/${placementId}/responses`, {
      as: 'tasker',
      sub: taskerId,
      headers: { 'idempotency-key': key() },
      body: { itemId: started.item.id, answer: bestOption(started.item.id) },
    });
    expect(res.status).toBe(200);
  });

  it('shows the tasker the placement in progress to resume, with the answers so far, and no secrets', async () => {
    const res = await stack.request('GET', `/v1/taskers/${taskerId}/placements`, { as: 'tasker', sub: taskerId });
    expect(res.status).toBe(200);
    expect(leakedSecrets(res.text)).toEqual([]);
    const body = res.json<Listed>();
    expect(body.active).toMatchObject({ placementId, status: 'in-progress', itemsAnswered: 1 });
    expect(body.placements.map((p) => p.placementId)).toEqual([placementId]);
  });

  it('lets ops and onboarding read it; another tasker gets 404 and an unknown query field 400', async () => {
    expect((await stack.request('GET', `/v1/taskers/${taskerId}/placements`, { as: 'ops', sub: 'ops-1' })).status).toBe(200);
    expect((await stack.request('GET', `/v1/taskers/${taskerId}/placements`, { as: 'onboarding', sub: 'onb' })).status).toBe(200);
    expect((await stack.request('GET', `/v1/taskers/${taskerId}/placements`, { as: 'tasker', sub: 'someone-else' })).status).toBe(404);
    expect((await stack.request('GET', `/v1/taskers/${taskerId}/placements`, { as: 'author', sub: 'author-1' })).status).toBe(403);
    const bad = await stack.request('GET', `/v1/taskers/${taskerId}/placements?limit=0`, { as: 'ops', sub: 'ops-1' });
    expect(bad.status).toBe(400);
    expect(bad.json<{ error: { details: { path: string }[] } }>().error.details.map((d) => d.path)).toEqual(['query.limit']);
  });

  it('lists a tasker with no placements as an empty list, not an error', async () => {
    const res = await stack.request('GET', '/v1/taskers/never-placed/placements', { as: 'tasker', sub: 'never-placed' });
    expect(res.status).toBe(200);
    expect(res.json<Listed>()).toEqual({ taskerId: 'never-placed', placements: [] });
  });

  it('lists the completed placement with its plain-language result once the tasker finishes', async () => {
    const taskerB = 'lister-2';
    const started = await startFor(taskerB);
    let item = started.item;
    for (let i = 0; i < 80; i++) {
      const res = await stack.request('POST', `/v1/placements/${started.placementId}/responses`, {
        as: 'tasker',
        sub: taskerB,
        headers: { 'idempotency-key': key() },
        body: { itemId: item.id, answer: bestOption(item.id) },
      });
      expect(res.status).toBe(200);
      const step = res.json<{ status: string; item: { id: string } }>();
      if (step.status === 'completed') break;
      item = step.item;
    }
    const body = (await stack.request('GET', `/v1/taskers/${taskerB}/placements`, { as: 'tasker', sub: taskerB })).json<Listed>();
    expect(body.active).toBeUndefined();
    expect(body.placements).toHaveLength(1);
    expect(body.placements[0]).toMatchObject({ placementId: started.placementId, status: 'completed' });
    expect(body.placements[0]!.result?.track).toEqual(expect.any(String));
    expect(body.placements[0]!.result?.trackSummary).toEqual(expect.any(String));
  });
});
