// What a 500 writes to the log: the details (never in the body) and the ids that tie the client's
// report to the log line. Powertools writes through the global console here (POWERTOOLS_DEV, see
// test/setup-env.js). Tests run with POWERTOOLS_LOG_LEVEL=SILENT, and the logger re-applies its initial
// level on every invocation, so this file opens the level before the logger module is first loaded.
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';

let createHandler: typeof import('../src').createHandler;
beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  ({ createHandler } = await import('../src'));
});

const event = (requestId: string) =>
  ({
    version: '2.0',
    routeKey: 'GET /v1/x',
    rawPath: '/v1/x',
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: { requestId, http: { method: 'GET', path: '/v1/x' }, routeKey: 'GET /v1/x', stage: '$default' },
  }) as unknown as APIGatewayProxyEventV2;

const context = { awsRequestId: 'aws-req-1', functionName: 'test', invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:test', memoryLimitInMB: '128' } as Context;

const failingWith = (thrown: unknown) =>
  createHandler({ access: 'public' }, async () => {
    throw thrown;
  });

let printed: unknown[];
const lines = () => printed.map((text) => JSON.parse(String(text)) as Record<string, unknown>);
beforeEach(() => {
  printed = [];
  jest.spyOn(console, 'error').mockImplementation((text: unknown) => void printed.push(text));
});
afterEach(() => jest.restoreAllMocks());

test('the details and both request ids reach the log while the body stays generic', async () => {
  const result = await failingWith(new Error('ConditionalCheckFailed on table theta-secret-table'))(event('req-1'), context);
  expect(result.statusCode).toBe(500);
  expect(JSON.parse(result.body ?? '')).toEqual({ error: { code: 'internal_error', message: 'internal server error' }, requestId: 'req-1' });
  expect(lines()).toHaveLength(1);
  expect(lines()[0]).toMatchObject({
    level: 'ERROR',
    message: 'unhandled error',
    // the id the client sees in the body, and Lambda's own
    correlation_id: 'req-1',
    function_request_id: 'aws-req-1',
    error: { name: 'Error', message: 'ConditionalCheckFailed on table theta-secret-table' },
  });
  expect(String((lines()[0]!.error as { stack?: string }).stack)).toContain('error-logging.test.ts');
});

test('a thrown non-Error value is logged as text', async () => {
  await failingWith('disk on fire')(event('req-1'), context);
  expect(lines()).toHaveLength(1);
  expect(lines()[0]).toMatchObject({ message: 'unhandled error', error: 'disk on fire', correlation_id: 'req-1' });
});

test('each invocation logs its own request id (none carries over)', async () => {
  await failingWith(new Error('first'))(event('req-1'), context);
  await failingWith(new Error('second'))(event('req-2'), context);
  expect(lines().map((l) => l.correlation_id)).toEqual(['req-1', 'req-2']);
});
