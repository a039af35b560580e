// A stalled or dead DynamoDB Local, with real processes (issue 13 item 3): a data route fails fast with
// 503 + Retry-After instead of hanging, /v1/health reports the database, and the supervisor of
// `npm start` brings a killed DynamoDB Local back. This file runs its own (file-backed, like npm start)
// DynamoDB Local: the jest run's shared one must not be stopped under other files.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EmbeddedStack, generateIssuerKeys, startEmbeddedStack } from '@theta/local';
import { worstCaseCallMs } from '@theta/store';
import { HEALTH_PROBE_TIMEOUT_MS } from '../../functions/src/system/get-health';

jest.setTimeout(60_000);

/** scheduling on a shared 2-core machine: the server, the handler and this test share one event loop */
const SLACK_MS = 1500;
const TASKER = 'outage-tasker-1';

let stack: EmbeddedStack;
let dataDir: string;
const logLines: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'theta-outage-'));
  stack = await startEmbeddedStack({
    dynamoDb: { launch: { dbPath: dataDir }, supervise: true },
    issuerKeys: await generateIssuerKeys(),
    log: (line) => void logLines.push(line),
    server: { onHandlerError: () => undefined },
  });
});

afterAll(async () => {
  const java = stack?.dynamoDbSupervisor?.current()?.javaPid;
  if (java) signal(java, 'SIGCONT'); // never leave a stopped JVM behind, whatever failed
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function javaPid(): number {
  const current = stack.dynamoDbSupervisor?.current();
  if (!current) throw new Error('DynamoDB Local is not running');
  return current.javaPid;
}

async function timed(path: string, token?: string) {
  const started = Date.now();
  const response = await fetch(`${stack.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const body = (await response.json()) as Record<string, unknown>;
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body, ms: Date.now() - started };
}

const placements = async () => timed(`/v1/taskers/${TASKER}/placements`, await stack.signDevToken({ sub: TASKER, roles: ['tasker'] }));

test('with the database up: health says so, data routes answer', async () => {
  expect((await timed('/v1/health')).body).toEqual({ status: 'ok', service: 'theta', database: 'ok' });
  expect((await placements()).status).toBe(200);
});

test('SIGSTOP: a data route answers 503 with Retry-After within the client bound, health 503; SIGCONT: 200 again', async () => {
  const java = javaPid();
  signal(java, 'SIGSTOP');
  try {
    const stalled = await placements();
    expect(stalled.status).toBe(503);
    expect(stalled.retryAfter).toMatch(/^\d+$/);
    expect(stalled.body).toMatchObject({ error: { code: 'database_unavailable' } });
    // bounded by the store client's worst case (2 attempts × 2 s + backoff), not the 30 s of old
    expect(stalled.ms).toBeLessThan(worstCaseCallMs() + SLACK_MS);

    const health = await timed('/v1/health');
    expect(health.status).toBe(503);
    expect(health.body).toEqual({ status: 'degraded', service: 'theta', database: 'unavailable' });
    expect(health.retryAfter).toMatch(/^\d+$/);
    expect(health.ms).toBeLessThan(HEALTH_PROBE_TIMEOUT_MS + SLACK_MS);
  } finally {
    signal(java, 'SIGCONT');
  }
  expect((await placements()).status).toBe(200);
  expect((await timed('/v1/health')).status).toBe(200);
});

test('SIGKILL: health 503 while it is down, the supervisor restarts it on the same port, health 200 again', async () => {
  const supervisor = stack.dynamoDbSupervisor!;
  const killed = javaPid();
  signal(killed, 'SIGKILL');
  while (isRunning(killed)) await new Promise((resolve) => setTimeout(resolve, 20));

  const down = await timed('/v1/health');
  expect(down.status).toBe(503);
  expect(down.body).toMatchObject({ database: 'unavailable' });
  expect((await placements()).status).toBe(503);

  const deadline = Date.now() + 40_000;
  let health = down;
  // health may turn 200 a moment before the supervisor has finished its after-restart step (ensureTables)
  while ((health.status !== 200 || supervisor.state() !== 'running') && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    health = await timed('/v1/health');
  }
  expect(health.body).toEqual({ status: 'ok', service: 'theta', database: 'ok' });
  expect(supervisor.restarts()).toBe(1);
  expect(supervisor.state()).toBe('running');
  expect(javaPid()).not.toBe(killed);
  expect(stack.dynamoDbEndpoint).toBe(supervisor.current()!.endpoint); // same port: handlers' client unchanged
  expect(logLines.some((line) => /DynamoDB Local exited unexpectedly \(code 137: Java got SIGKILL\)/.test(line))).toBe(true);
  // file-backed like npm start: the tables were still on disk, nothing had to be recreated
  expect(logLines.some((line) => /recreated \d+ tables/.test(line))).toBe(false);
  expect((await placements()).status).toBe(200);
});
