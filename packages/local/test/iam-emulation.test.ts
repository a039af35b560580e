// The local stack's IAM emulation: a handler may do exactly what its route declares in `tables`, as
// its Lambda role would allow in AWS. Real DynamoDB Local, real store client, fixture routes.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ServedRoute } from '@theta/local';
import { documentClient } from '@theta/store';
import { type LocalStack, startLocalStack } from '../../../test/support/local-stack';
import { requiredPermissions } from '../src/iam/dynamodb-permissions';

const ENTRY = 'packages/local/test/fixtures/handlers/store-access.ts';
const ROUTES: ServedRoute[] = [
  {
    id: 'StoreAll',
    method: 'GET',
    path: '/all',
    entry: ENTRY,
    public: true,
    tables: { sessions: { actions: ['GetItem', 'PutItem', 'Query'], queryIndexes: ['gsi1'] }, taskers: { actions: ['PutItem'] } },
  },
  { id: 'StoreReadOnly', method: 'GET', path: '/read-only', entry: ENTRY, public: true, tables: { sessions: { actions: ['GetItem', 'Query'] } } },
  { id: 'StoreSessionsOnly', method: 'GET', path: '/sessions-only', entry: ENTRY, public: true, tables: { sessions: { actions: ['PutItem'] } } },
  { id: 'StoreNothing', method: 'GET', path: '/nothing', entry: ENTRY, public: true },
];

interface Outcome {
  ok: boolean;
  error?: string;
  message?: string;
  status?: number;
}

let stack: LocalStack;
/** what the emulation tells the developer on the console (captured, so the run stays quiet) */
const reported: string[] = [];
beforeAll(async () => {
  jest.spyOn(console, 'error').mockImplementation((message: unknown) => void reported.push(String(message)));
  stack = await startLocalStack({ routes: ROUTES });
});
afterAll(async () => {
  await stack?.stop();
  jest.restoreAllMocks();
});

const call = async (path: string, op: string, id: string): Promise<Outcome> => {
  const response = await stack.get(`${path}?op=${op}&id=${id}`);
  expect(response.status).toBe(200);
  return response.json<Outcome>();
};
const stored = async (table: 'sessions' | 'taskers', id: string) =>
  (await stack.ddb.send(new GetCommand({ TableName: stack.tableNames[table], Key: { pk: id, sk: 'X' } }))).Item;

test('declared actions are allowed: put, get, query on the table and on the declared index, a two-table transaction', async () => {
  for (const op of ['put', 'get', 'query-table', 'query-index', 'transact']) expect(await call('/all', op, `all-${op}`)).toEqual({ ok: true });
  expect(await stored('sessions', 'all-put')).toBeDefined();
  expect(await stored('taskers', 'all-transact')).toBeDefined();
});

test('an action the route does not declare is denied the way AWS denies it, and nothing is written', async () => {
  const outcome = await call('/read-only', 'put', 'ro-put');
  expect(outcome).toMatchObject({ ok: false, error: 'AccessDeniedException', status: 400 });
  expect(outcome.message).toContain('assumed-role/StoreReadOnly/StoreReadOnly is not authorized to perform: dynamodb:PutItem');
  expect(outcome.message).toContain(`table/${stack.tableNames.sessions} because no identity-based policy allows`);
  expect(await stored('sessions', 'ro-put')).toBeUndefined();
  expect(reported).toContainEqual(expect.stringMatching(/^\[theta-local\] IAM: .*StoreReadOnly.*dynamodb:PutItem.*declare it in the route's tables in functions\/routes\.ts/));
  // what it does declare still works
  expect(await call('/read-only', 'get', 'ro-get')).toEqual({ ok: true });
});

test('Query on the table does not grant Query on its GSI', async () => {
  expect(await call('/read-only', 'query-table', 'q')).toEqual({ ok: true });
  const outcome = await call('/read-only', 'query-index', 'q');
  expect(outcome.error).toBe('AccessDeniedException');
  expect(outcome.message).toContain(`dynamodb:Query on resource: arn:aws:dynamodb:us-east-1:000000000000:table/${stack.tableNames.sessions}/index/gsi1`);
});

test('a transaction with one item on an undeclared table is denied whole', async () => {
  const outcome = await call('/sessions-only', 'transact', 'tx');
  expect(outcome.error).toBe('AccessDeniedException');
  expect(outcome.message).toContain(`dynamodb:PutItem on resource: arn:aws:dynamodb:us-east-1:000000000000:table/${stack.tableNames.taskers}`);
  expect(await stored('sessions', 'tx')).toBeUndefined();
  expect(await stored('taskers', 'tx')).toBeUndefined();
});

test('a route without tables may not touch DynamoDB; DescribeTable is never granted', async () => {
  expect((await call('/nothing', 'get', 'n')).error).toBe('AccessDeniedException');
  const outcome = await call('/all', 'describe', 'n');
  expect(outcome.error).toBe('AccessDeniedException');
  expect(outcome.message).toContain('dynamodb:DescribeTable');
});

test('calls outside any handler invocation (seeding, tests) are not checked', async () => {
  await documentClient().send(new PutCommand({ TableName: stack.tableNames.sessions, Item: { pk: 'outside', sk: 'X' } }));
  expect(await stored('sessions', 'outside')).toBeDefined();
});

describe('requiredPermissions (what DynamoDB authorizes per call)', () => {
  test.each([
    ['GetItemCommand', { TableName: 't' }, [{ action: 'GetItem', table: 't' }]],
    ['QueryCommand', { TableName: 't', IndexName: 'gsi1' }, [{ action: 'Query', table: 't', index: 'gsi1' }]],
    ['ScanCommand', { TableName: 't' }, [{ action: 'Scan', table: 't' }]],
    ['BatchGetItemCommand', { RequestItems: { a: {}, b: {} } }, [{ action: 'BatchGetItem', table: 'a' }, { action: 'BatchGetItem', table: 'b' }]],
    ['BatchWriteItemCommand', { RequestItems: { a: [] } }, [{ action: 'BatchWriteItem', table: 'a' }]],
    [
      'TransactWriteItemsCommand',
      { TransactItems: [{ Put: { TableName: 'a' } }, { Update: { TableName: 'b' } }, { Delete: { TableName: 'a' } }, { ConditionCheck: { TableName: 'c' } }] },
      [
        { action: 'PutItem', table: 'a' },
        { action: 'UpdateItem', table: 'b' },
        { action: 'DeleteItem', table: 'a' },
        { action: 'ConditionCheckItem', table: 'c' },
      ],
    ],
    ['TransactGetItemsCommand', { TransactItems: [{ Get: { TableName: 'a' } }] }, [{ action: 'GetItem', table: 'a' }]],
    ['PutItemCommand', { TableName: 'arn:aws:dynamodb:us-east-1:000000000000:table/t' }, [{ action: 'PutItem', table: 't' }]],
    ['ListTablesCommand', {}, [{ action: 'ListTables', table: '*' }]],
  ])('%s', (command, input, expected) => {
    expect(requiredPermissions(command, input)).toEqual(expected);
  });
});
