// The placement store against DynamoDB Local: conditional writes lose races loudly and
// transactions are all-or-nothing.
import { randomBytes } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, type AttemptsRecord, type CompletePlacementWrite, type PlacementSession, type ResponseRecord } from '@theta/assessment';
import { createLocalDynamoDbClients, deleteTables, ensureTables, localTableNames, type LocalDynamoDbClients, type TableNames } from '@theta/local';
import { sharedDynamoDbEndpoint } from '../../../test/support/shared-dynamodb';
import { DynamoPlacementStore } from '../src/repositories/placement-repository';
import { DynamoTaskerStore } from '../src/repositories/tasker-repository';

let clients: LocalDynamoDbClients;
let names: TableNames;
let store: DynamoPlacementStore;

beforeAll(async () => {
  const endpoint = sharedDynamoDbEndpoint();
  if (!endpoint) throw new Error('run under jest: the global setup starts DynamoDB Local');
  clients = createLocalDynamoDbClients(endpoint);
  names = localTableNames(`store-${randomBytes(3).toString('hex')}-`);
  await ensureTables(clients.client, names);
  store = new DynamoPlacementStore(clients.doc, { sessions: names.sessions, taskers: names.taskers });
});

afterAll(async () => {
  await deleteTables(clients.client, names);
  clients.destroy();
});

const now = '2026-11-25T10:00:00.000Z';

function session(id: string, taskerId: string, version = 1): PlacementSession {
  return {
    id,
    taskerId,
    blueprintId: 'bp',
    blueprintVersion: 1,
    snapshotVersion: 'abc',
    profile: { declaredDomains: [], educationLevel: 'bachelor' },
    skills: ['math'],
    status: 'in-progress',
    cat: { v: 1, config: 'c', bank: 'b', items: [], scores: [], skills: { math: { theta: 0, se: 1, n: 0 } }, pending: 'i1' },
    currentItemId: 'i1',
    version,
    createdAt: now,
    updatedAt: now,
    idleDeadline: '2026-11-25T11:00:00.000Z',
  };
}

const ledger = (taskerId: string, version: number, active?: string): AttemptsRecord => ({
  taskerId,
  attempts: version,
  ...(active ? { activePlacementId: active, activeIdleDeadline: '2026-11-25T11:00:00.000Z' } : {}),
  seenItems: [],
  version,
});

const response = (placementId: string, seq: number): ResponseRecord => ({ placementId, seq, itemId: 'i1', answer: 'A', score: 1, at: now });

async function responses(placementId: string): Promise<number> {
  return (await store.listResponses(placementId)).length;
}

describe('DynamoPlacementStore', () => {
  it('round-trips a session, its CAT state included', async () => {
    await store.startPlacement(session('p1', 't1'), ledger('t1', 1, 'p1'), undefined);
    const read = await store.getPlacement('p1');
    expect(read).toEqual(session('p1', 't1'));
    expect(await store.getAttempts('t1')).toEqual(ledger('t1', 1, 'p1'));
  });

  it('a second start on a stale ledger loses with ConflictError and writes no session', async () => {
    await expect(store.startPlacement(session('p2', 't1'), ledger('t1', 1, 'p2'), undefined)).rejects.toBeInstanceOf(ConflictError);
    expect(await store.getPlacement('p2')).toBeUndefined();
  });

  it('a response on a stale session version loses, and neither the session nor the response is written', async () => {
    await store.recordResponse({ ...session('p1', 't1'), version: 2 }, 1, response('p1', 1));
    await expect(store.recordResponse({ ...session('p1', 't1'), version: 2 }, 1, response('p1', 2))).rejects.toBeInstanceOf(ConflictError);
    expect((await store.getPlacement('p1'))?.version).toBe(2);
    expect(await responses('p1')).toBe(1);
  });

  it('the same response sequence number is never written twice', async () => {
    await expect(store.recordResponse({ ...session('p1', 't1'), version: 3 }, 2, response('p1', 1))).rejects.toBeInstanceOf(ConflictError);
    expect((await store.getPlacement('p1'))?.version).toBe(2);
  });

  it('completion is all-or-nothing: a stale ledger aborts the whole transaction', async () => {
    const completed: PlacementSession = { ...session('p1', 't1'), version: 3, status: 'completed' };
    const write: CompletePlacementWrite = {
      session: completed,
      expectedVersion: 2,
      response: response('p1', 2),
      attempts: { ...ledger('t1', 1), lastCompletedAt: now, version: 5 }, // the ledger is at 1, not 4
      proficiency: [{ skill: 'math', theta: 0.5, se: 0.3, measuredAt: now, source: { kind: 'placement', id: 'p1', blueprintId: 'bp', blueprintVersion: 1 } }],
      track: { track: 'generalist', reason: 'r', rule: 'generalist', assignedAt: now, assignedBy: 'placement', placementId: 'p1' },
      event: { id: 'e1', type: 'tasker.placed', taskerId: 't1', at: now, detail: {} },
    };
    await expect(store.completePlacement(write)).rejects.toBeInstanceOf(ConflictError);
    expect((await store.getPlacement('p1'))?.status).toBe('in-progress');
    expect(await responses('p1')).toBe(1);
    const taskerRows = await clients.doc.send(
      new QueryCommand({ TableName: names.taskers, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'TASKER#t1' } }),
    );
    expect(taskerRows.Count).toBe(0);

    await store.completePlacement({ ...write, attempts: { ...write.attempts, version: 2 } });
    const tasker = await new DynamoTaskerStore(clients.doc, names.taskers).getTasker('t1');
    expect(tasker).toMatchObject({ track: { track: 'generalist' }, proficiency: [{ skill: 'math', theta: 0.5 }], history: [{ skill: 'math' }] });
    expect(await new DynamoTaskerStore(clients.doc, names.taskers).listEvents('t1')).toEqual([write.event]);
    expect((await store.getPlacement('p1'))?.status).toBe('completed');
  });

  it('expiring releases the active slot and remembers the items shown', async () => {
    const s = { ...session('p3', 't3'), cat: { ...session('p3', 't3').cat, items: ['i9'], scores: [1] } };
    await store.startPlacement(s, ledger('t3', 1, 'p3'), undefined);
    await store.expirePlacement({ ...s, status: 'expired', version: 2 }, 1, ['i9', 'i10']);
    expect(await store.getAttempts('t3')).toMatchObject({ version: 2, seenItems: ['i9', 'i10'] });
    expect((await store.getAttempts('t3'))?.activePlacementId).toBeUndefined();
    await expect(store.expirePlacement({ ...s, status: 'expired', version: 3 }, 1, ['i9'])).rejects.toBeInstanceOf(ConflictError);
  });
});
