// Issue 8.6: `profile.educationLevel` is optional to start a placement (onboarding does not always know it).
// Through the local API Gateway, the real handlers and DynamoDB Local: a start without it is accepted, the
// placement runs to a result, and the stored session records the profile as given (no invented level).
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '@theta/store';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { bestOption } from '../support/seed-bank';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ seed: true, onHandlerError: (id, e) => console.error(id, e) });
});

afterAll(async () => {
  await stack?.stop();
});

type Step = { status: 'in-progress'; item: { id: string } } | { status: 'completed'; result: { track: string } };

let counter = 0;
const key = () => `edu-key-${Date.now()}-${counter++}`;

describe('starting a placement without educationLevel', () => {
  it('→ 201, runs to a result, and the session stores the profile without a level', async () => {
    const taskerId = 'no-edu-1';
    const res = await stack.request('POST', '/v1/placements', { as: 'onboarding', sub: 'onboarding-svc', body: { taskerId, profile: { declaredDomains: [] } } });
    expect({ status: res.status, body: res.text }).toMatchObject({ status: 201 });
    const started = res.json<{ placementId: string; item: { id: string } }>();

    const session = await stack.ddb.send(new GetCommand({ TableName: stack.tableNames.sessions, Key: keys.placement(started.placementId), ConsistentRead: true }));
    expect(session.Item?.profile).toEqual({ declaredDomains: [] });

    let item = started.item;
    let done: Extract<Step, { status: 'completed' }> | undefined;
    for (let i = 0; i < 100 && !done; i++) {
      const r = await stack.request('POST', `/v1/placements/${started.placementId}/responses`, {
        as: 'tasker',
        sub: taskerId,
        headers: { 'idempotency-key': key() },
        body: { itemId: item.id, answer: bestOption(item.id) },
      });
      expect({ status: r.status, body: r.text }).toMatchObject({ status: 200 });
      const step = r.json<Step>();
      if (step.status === 'completed') done = step;
      else item = step.item;
    }
    expect(done?.result.track).toEqual(expect.any(String));
  });

  it('an educationLevel outside the list is still a 400 naming the field', async () => {
    const res = await stack.request('POST', '/v1/placements', { as: 'onboarding', sub: 'onboarding-svc', body: { taskerId: 'no-edu-2', profile: { declaredDomains: [], educationLevel: 'phd' } } });
    expect(res.status).toBe(400);
    expect(res.json<{ error: { details: { path: string }[] } }>().error.details.map((d) => d.path)).toEqual(['body.profile.educationLevel']);
  });
});
