// e2e through test/support/local-stack.ts: shared DynamoDB Local, per-file tables, seeded
// demo data, a handler that reads its config from the Lambda environment at import.
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DEMO_TASKER_IDS } from '@theta/local';
import { type LocalStack, startLocalStack } from '../support/local-stack';

const TASKER_PROFILE = 'packages/local/test/fixtures/handlers/tasker-profile.ts';

describe('startLocalStack', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startLocalStack({
      seed: true,
      routes: [
        { id: 'GetDemoTasker', method: 'GET', path: '/v1/demo/taskers/{id}', entry: TASKER_PROFILE },
        { id: 'Echo', method: 'POST', path: '/v1/echo', entry: 'packages/local/test/fixtures/handlers/echo.ts', public: true },
      ],
    });
  });
  afterAll(() => stack.stop());

  it('creates this file’s own tables and points the handler environment at them', async () => {
    expect(stack.tableNames.taskers).toMatch(/^e2e-local-stack-[0-9a-f]{6}-taskers$/);
    expect(process.env.THETA_TABLE_TASKERS).toBe(stack.tableNames.taskers);
    expect(process.env.DYNAMODB_ENDPOINT).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { TableNames = [] } = await stack.client.send(new ListTablesCommand({}));
    expect(TableNames).toEqual(expect.arrayContaining(Object.values(stack.tableNames)));
  });

  it('serves a protected route that reads seeded data from DynamoDB', async () => {
    const response = await stack.get(`/v1/demo/taskers/${DEMO_TASKER_IDS[0]}`, { as: 'tasker', sub: DEMO_TASKER_IDS[0] });
    expect(response.status).toBe(200);
    expect(response.json()).toMatchObject({ table: stack.tableNames.taskers, tasker: { taskerId: DEMO_TASKER_IDS[0] } });
    expect((await stack.get('/v1/demo/taskers/nobody', { as: ['ops'] })).status).toBe(404);
  });

  it('rejects the protected route without a token', async () => {
    const response = await stack.get(`/v1/demo/taskers/${DEMO_TASKER_IDS[0]}`);
    expect(response.status).toBe(401);
    expect(response.json()).toEqual({ message: 'Unauthorized' });
  });

  it('gives direct DynamoDB access to the same tables', async () => {
    const { Item } = await stack.ddb.send(new GetCommand({ TableName: stack.tableNames.taskers, Key: { pk: `TASKER#${DEMO_TASKER_IDS[1]}`, sk: 'PROFILE' } }));
    expect(Item).toMatchObject({ taskerId: DEMO_TASKER_IDS[1] });
  });

  it('sends JSON bodies with the request helpers', async () => {
    const response = await stack.post('/v1/echo', { hello: 'world' });
    const { event } = response.json<{ event: { body: string; headers: Record<string, string> } }>();
    expect(JSON.parse(event.body)).toEqual({ hello: 'world' });
    expect(event.headers['content-type']).toBe('application/json');
  });

  it('seeding is idempotent', async () => {
    const { seedDemoData } = await import('@theta/local');
    const messages: string[] = [];
    await seedDemoData({ ddb: stack.ddb, tableNames: stack.tableNames, log: (m) => messages.push(m) });
    expect(messages.join('\n')).toMatch(/0 created, 3 already there/);
  });
});
