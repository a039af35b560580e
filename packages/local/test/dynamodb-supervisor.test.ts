// The supervisor with real DynamoDB Local processes: it stays down after stop(), gives up after the
// failures it allows, and counts a restart that cannot start (its port taken) as a failure.
// (A successful restart is exercised end to end in test/e2e/database-outage.test.ts.)
import { createServer, type Server, type Socket } from 'node:net';
import { type DynamoDbSupervisor, superviseDynamoDbLocal } from '../src/dynamodb/dynamodb-supervisor';
import { isProcessAlive } from '../src/process-alive';

jest.setTimeout(60_000);


async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function kill(supervisor: DynamoDbSupervisor): Promise<number> {
  const pid = supervisor.current()!.javaPid;
  process.kill(pid, 'SIGKILL');
  await until(() => !isProcessAlive(pid), 5000);
  return pid;
}

let supervisor: DynamoDbSupervisor | undefined;
let squatter: Server | undefined;
const squatterSockets: Socket[] = [];
afterEach(async () => {
  await supervisor?.stop();
  for (const socket of squatterSockets.splice(0)) socket.destroy();
  await new Promise((resolve) => (squatter ? squatter.close(resolve) : resolve(undefined)));
  supervisor = squatter = undefined;
});

test('stop() is not a crash: nothing is restarted and Java is gone', async () => {
  const lines: string[] = [];
  supervisor = await superviseDynamoDbLocal({ launch: {}, log: (line) => void lines.push(line), backoffMs: () => 50 });
  const pid = supervisor.current()!.javaPid;
  await supervisor.stop();
  expect(isProcessAlive(pid)).toBe(false);
  await new Promise((resolve) => setTimeout(resolve, 500)); // longer than the backoff: a restart would have begun
  expect(supervisor.state()).toBe('stopped');
  expect(supervisor.restarts()).toBe(0);
  expect(lines).toEqual([]);
});

test('after maxFailures unexpected exits within the window it gives up, with one clear line', async () => {
  const lines: string[] = [];
  supervisor = await superviseDynamoDbLocal({ launch: {}, log: (line) => void lines.push(line), maxFailures: 1, backoffMs: () => 50 });
  await kill(supervisor);
  await until(() => supervisor!.state() === 'gave-up', 5000);
  expect(supervisor.current()).toBeUndefined();
  expect(supervisor.restarts()).toBe(0);
  expect(lines.at(-1)).toBe(
    'DynamoDB Local failed 1 times within 60 s; not restarting it again. Data routes and /v1/health answer 503 until you restart npm start.',
  );
});

test('a restart that cannot start (its port taken) counts as a failure and is bounded too', async () => {
  const lines: string[] = [];
  // a short start timeout keeps the test bounded should a start hang instead of failing
  supervisor = await superviseDynamoDbLocal({ launch: { startTimeoutMs: 8000 }, log: (line) => void lines.push(line), maxFailures: 2, backoffMs: () => 300 });
  const { port } = supervisor;
  await kill(supervisor);
  // someone else takes the port in the backoff pause: the restart on the same port must fail (and the
  // server must drop its sockets at the end, or close() would wait for them)
  const taken = createServer((socket) => void squatterSockets.push(socket));
  squatter = taken;
  await new Promise<void>((resolve, reject) => taken.once('error', reject).listen(port, '127.0.0.1', resolve));
  await until(() => supervisor!.state() === 'gave-up', 30_000);
  expect(lines.filter((line) => line.startsWith('DynamoDB Local restart failed:'))).toHaveLength(1);
  expect(lines.at(-1)).toMatch(/^DynamoDB Local failed 2 times within 60 s; not restarting it again\./);
  expect(supervisor.restarts()).toBe(0);
});
