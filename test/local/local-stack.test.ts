// e2e through test/support/local-stack.ts: shared DynamoDB Local, per-file tables, seeded
// demo data, a handler that reads its config from the Lambda environment at import.
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
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
    // a row the fixture handler reads back through the Lambda environment
    await stack.ddb.send(
      new PutCommand({ TableName: stack.tableNames.taskers, Item: { pk: `TASKER#${DEMO_TASKER_IDS[0]}`, sk: 'PROFILE', taskerId: DEMO_TASKER_IDS[0] } }),
    );
  });
  afterAll(() => stack.stop());

  it('creates this file’s own tables and points the handler environment at them', async () => {
    expect(stack.tableNames.taskers).toMatch(/^e2e-local-stack-[0-9a-f]{6}-taskers$/);
    expect(process.env.THETA_TABLE_TASKERS).toBe(stack.tableNames.taskers);
    expect(process.env.DYNAMODB_ENDPOINT).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { TableNames = [] } = await stack.client.send(new ListTablesCommand({}));
    expect(TableNames).toEqual(expect.arrayContaining(Object.values(stack.tableNames)));
  });

  it('serves a protected route that reads data from DynamoDB', async () => {
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

  it('seeds the demo item bank and blueprint into the same tables', async () => {
    const { Item } = await stack.ddb.send(new GetCommand({ TableName: stack.tableNames.bank, Key: { pk: 'ITEM#demo-if-001', sk: 'META' } }));
    expect(Item).toMatchObject({ id: 'demo-if-001', skill: 'instruction-following', version: 1 });
    const latest = await stack.ddb.send(new GetCommand({ TableName: stack.tableNames.bank, Key: { pk: 'BLUEPRINT#general-placement', sk: 'LATEST' } }));
    expect(latest.Item).toMatchObject({ version: 1 });
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
    expect(messages.join('\n')).toMatch(/demo items: 0 written, \d+ unchanged/);
    expect(messages.join('\n')).toMatch(/general-placement: version 1 is current/);
  });
});
