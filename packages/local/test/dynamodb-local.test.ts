import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CreateTableCommand, DescribeTableCommand, DescribeTimeToLiveCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { TABLES } from '@theta/store/tables';
import {
  createLocalDynamoDbClients,
  deleteTables,
  ensureTables,
  localTableNames,
  REPO_ROOT,
  startDynamoDbLocal,
  tableEnvironment,
} from '@theta/local';
import { sharedDynamoDbEndpoint } from '../../../test/support/shared-dynamodb';

/** Alive per `ps`; a zombie (dead, not yet reaped by init) counts as gone. */
function isRunning(pid: number): boolean {
  try {
    const state = execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    return state !== '' && !state.startsWith('Z');
  } catch {
    return false; // ps exits 1 when no such process
  }
}

async function waitUntilGone(pid: number, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (isRunning(pid)) {
    if (Date.now() - started > timeoutMs) throw new Error(`process ${pid} still running after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Date.now() - started;
}

describe('DynamoDB Local launcher', () => {
  it('starts on a free port, persists to -dbPath across restarts, and stops without leaving Java behind', async () => {
    const dbPath = mkdtempSync(join(tmpdir(), 'theta-ddb-'));
    try {
      const started = Date.now();
      const first = await startDynamoDbLocal({ dbPath });
      const startMs = Date.now() - started;
      console.log(`DynamoDB Local answered ListTables after ${startMs} ms`);
      expect(first.endpoint).toBe(`http://127.0.0.1:${first.port}`);
      expect(first.storage).toBe(dbPath);
      expect(isRunning(first.javaPid)).toBe(true);

      const names = localTableNames('persist-');
      let clients = createLocalDynamoDbClients(first.endpoint);
      await ensureTables(clients.client, names);
      await clients.doc.send(new PutCommand({ TableName: names.taskers, Item: { pk: 'TASKER#p', sk: 'PROFILE', kept: true } }));
      clients.destroy();
      await first.stop();
      expect(isRunning(first.javaPid)).toBe(false);
      await first.stop(); // twice is fine

      const second = await startDynamoDbLocal({ dbPath });
      clients = createLocalDynamoDbClients(second.endpoint);
      const again = await ensureTables(clients.client, names);
      expect(again.created).toEqual([]);
      const { Item } = await clients.doc.send(new GetCommand({ TableName: names.taskers, Key: { pk: 'TASKER#p', sk: 'PROFILE' } }));
      expect(Item).toMatchObject({ kept: true });
      clients.destroy();
      await second.stop();
      expect(isRunning(second.javaPid)).toBe(false);
    } finally {
      rmSync(dbPath, { recursive: true, force: true });
    }
  });

  it('fails fast with a clear message when Java is missing', async () => {
    await expect(startDynamoDbLocal({ javaCommand: '/nonexistent/bin/java', startTimeoutMs: 10_000 })).rejects.toThrow(/Java not found/);
  });

  it('takes Java down when the Node parent is SIGKILLed (no orphan, ever)', async () => {
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'fixtures', 'spawn-dynamodb-child.ts')], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const firstLine = await new Promise<string>((resolve, reject) => {
        const lines = createInterface({ input: child.stdout! });
        lines.once('line', resolve);
        child.once('exit', (code) => reject(new Error(`child exited early with ${code}`)));
      });
      const { javaPid, guardPid } = JSON.parse(firstLine) as { javaPid: number; guardPid: number };
      expect(isRunning(javaPid)).toBe(true);

      child.kill('SIGKILL');
      const goneAfterMs = await waitUntilGone(javaPid, 5_000);
      await waitUntilGone(guardPid, 2_000);
      console.log(`Java gone ${goneAfterMs} ms after its Node parent was SIGKILLed`);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('tables from TABLES', () => {
  const endpoint = sharedDynamoDbEndpoint();
  if (!endpoint) throw new Error('jest globalSetup did not start the shared DynamoDB Local');
  const clients = createLocalDynamoDbClients(endpoint);
  const names = localTableNames(`tables-${process.pid}-`);
  afterAll(async () => {
    await deleteTables(clients.client, names);
    clients.destroy();
  });

  it('creates every table with its keys, GSIs, stream and TTL, and is idempotent', async () => {
    const first = await ensureTables(clients.client, names);
    expect(first.created.sort()).toEqual(Object.values(names).sort());

    for (const definition of Object.values(TABLES)) {
      const tableName = names[definition.key];
      const { Table } = await clients.client.send(new DescribeTableCommand({ TableName: tableName }));
      expect(Table?.KeySchema?.[0]).toEqual({ AttributeName: definition.partitionKey.name, KeyType: 'HASH' });
      expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName) ?? []).toEqual((definition.globalIndexes ?? []).map((i) => i.indexName));
      expect(Table?.StreamSpecification?.StreamViewType).toBe(definition.stream);
      const { TimeToLiveDescription } = await clients.client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
      if (definition.timeToLiveAttribute) {
        expect(TimeToLiveDescription).toMatchObject({ TimeToLiveStatus: 'ENABLED', AttributeName: definition.timeToLiveAttribute });
      } else {
        expect(TimeToLiveDescription?.TimeToLiveStatus).toBe('DISABLED');
      }
    }

    const second = await ensureTables(clients.client, names);
    expect(second).toEqual({ created: [], existing: expect.arrayContaining(Object.values(names)), drifted: [] });
  });

  it('reports an existing table whose schema no longer matches TABLES', async () => {
    const drifting = localTableNames(`drift-${process.pid}-`);
    await clients.client.send(
      new CreateTableCommand({
        TableName: drifting.bank,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      }),
    );
    try {
      expect((await ensureTables(clients.client, drifting)).drifted).toEqual([drifting.bank]);
    } finally {
      await deleteTables(clients.client, drifting);
    }
    const { TableNames = [] } = await clients.client.send(new ListTablesCommand({}));
    expect(TableNames.filter((n) => n.startsWith(`drift-${process.pid}-`))).toEqual([]);
  });

  it('maps table names to the THETA_TABLE_* variables functions read', () => {
    expect(tableEnvironment(localTableNames('p-'))).toEqual({
      THETA_TABLE_BANK: 'p-bank',
      THETA_TABLE_SESSIONS: 'p-sessions',
      THETA_TABLE_TASKERS: 'p-taskers',
      THETA_TABLE_IDEMPOTENCY: 'p-idempotency',
    });
  });
});
