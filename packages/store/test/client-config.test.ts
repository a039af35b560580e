// The bounded client against real sockets: a server that accepts connections and never answers
// (what a SIGSTOPped DynamoDB Local looks like to a client) and a port nobody listens on.
import { createServer, type Server, type Socket } from 'node:net';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { boundedClientConfig, DYNAMODB_TIMEOUTS, worstCaseCallMs } from '../src/client-config';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const getItem = new GetItemCommand({ TableName: 't', Key: { id: { S: 'x' } } });

let silent: Server;
const sockets: Socket[] = [];
let silentPort: number;
let closedPort: number;

beforeAll(async () => {
  silent = createServer((socket) => void sockets.push(socket)); // accepts, reads, never writes
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentPort = (silent.address() as { port: number }).port;
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

function clientFor(port: number): DynamoDBClient {
  return new DynamoDBClient({ ...boundedClientConfig(), region: 'us-east-1', endpoint: `http://127.0.0.1:${port}`, credentials });
}

test('the worst case is attempts × request timeout + the backoff between them, under the 10 s Lambda timeout', () => {
  // 2 × 2000 + 1 × 2000, written out independently of the formula
  expect(worstCaseCallMs()).toBe(6000);
  expect(worstCaseCallMs()).toBeLessThan(10_000);
  expect(worstCaseCallMs({ ...DYNAMODB_TIMEOUTS, maxAttempts: 3 })).toBe(10_000);
});

test('a server that never answers fails the call with TimeoutError after every attempt, within the worst case', async () => {
  const client = clientFor(silentPort);
  const started = Date.now();
  const error = (await client.send(getItem).catch((e: unknown) => e)) as Error & { $metadata?: { attempts?: number } };
  const elapsed = Date.now() - started;
  client.destroy();

  expect(error.name).toBe('TimeoutError');
  expect(error.$metadata?.attempts).toBe(DYNAMODB_TIMEOUTS.maxAttempts);
  // each attempt waited its full request timeout; the whole call stayed within the bound (+ scheduling slack)
  expect(elapsed).toBeGreaterThanOrEqual(DYNAMODB_TIMEOUTS.maxAttempts * DYNAMODB_TIMEOUTS.requestTimeoutMs - 50);
  expect(elapsed).toBeLessThan(worstCaseCallMs() + 1000);
});

test('a port nobody listens on fails at once with ECONNREFUSED, retried once', async () => {
  const client = clientFor(closedPort);
  const started = Date.now();
  const error = (await client.send(getItem).catch((e: unknown) => e)) as Error & { code?: string; $metadata?: { attempts?: number } };
  client.destroy();

  // under jest's vm the SDK wraps Node's cross-realm socket error and keeps its text (in Lambda: error.code)
  expect(error.code ?? error.message).toMatch(/ECONNREFUSED/);
  expect(error.$metadata?.attempts).toBe(DYNAMODB_TIMEOUTS.maxAttempts);
  expect(Date.now() - started).toBeLessThan(DYNAMODB_TIMEOUTS.requestTimeoutMs);
});
