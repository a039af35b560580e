// The placement store against DynamoDB Local: conditional writes lose races loudly and
// transactions are all-or-nothing.
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, type CompletePlacementWrite, type PlacementSession, type ProficiencyRecord, type ResponseRecord, type RetakeLedger, type TaskerPlacements } from '@theta/assessment';
import { createLocalDynamoDbClients, type LocalDynamoDbClients, type TableNames } from '@theta/local';
import { useFreshTables } from '../../../test/support/fresh-tables';
import { sharedDynamoDbEndpoint } from '../../../test/support/shared-dynamodb';
import { keys } from '../src/keys';
import { DynamoPlacementStore } from '../src/repositories/placement-repository';
import { DynamoTaskerStore } from '../src/repositories/tasker-repository';
import { FIXTURE_CREATED_AT, placementSession } from './session-fixture';

const tables = useFreshTables('store');
let clients: LocalDynamoDbClients;
let names: TableNames;
let store: DynamoPlacementStore;

beforeAll(async () => {
  ({ clients, names } = tables);
  store = new DynamoPlacementStore(clients.doc, { sessions: names.sessions, taskers: names.taskers });
});

const now = FIXTURE_CREATED_AT;
const session = (id: string, taskerId: string, version = 1): PlacementSession => placementSession(id, taskerId, { version });

const slot = (taskerId: string, version: number, active?: string, seenItems: string[] = []): TaskerPlacements => ({
  taskerId,
  ...(active ? { activePlacementId: active, activeBlueprintId: 'bp', activeIdleDeadline: '2027-11-25T11:00:00.000Z' } : {}),
  seenItems,
  version,
});

const ledger = (taskerId: string, version: number, blueprintId = 'bp'): RetakeLedger => ({ taskerId, blueprintId, attempts: version, version });

const start = (s: PlacementSession, slotVersion: number, ledgerVersion = slotVersion) =>
  store.startPlacement({ session: s, placements: slot(s.taskerId, slotVersion, s.id), ledger: ledger(s.taskerId, ledgerVersion, s.blueprintId) });

async function rawSession(id: string): Promise<Record<string, unknown> | undefined> {
  return (await clients.doc.send(new GetCommand({ TableName: names.sessions, Key: keys.placement(id), ConsistentRead: true }))).Item;
}

const response = (placementId: string, seq: number): ResponseRecord => ({ placementId, seq, requestKey: `key-${seq}`, itemId: 'i1', answer: 'A', score: 1, at: now });

async function responses(placementId: string): Promise<number> {
  return (await store.listResponses(placementId)).length;
}

describe('DynamoPlacementStore', () => {
  it('round-trips a session, its CAT state included', async () => {
    await start(session('p1', 't1'), 1);
    const read = await store.getPlacement('p1');
    expect(read).toEqual(session('p1', 't1'));
    expect(await store.getTaskerPlacements('t1')).toEqual(slot('t1', 1, 'p1'));
    expect(await store.getRetakeLedger('t1', 'bp')).toEqual(ledger('t1', 1));
    expect(await store.getRetakeLedger('t1', 'other-bp')).toBeUndefined();
  });

  it('a second start on a stale slot loses with ConflictError and writes no session', async () => {
    await expect(start(session('p2', 't1'), 1)).rejects.toBeInstanceOf(ConflictError);
    expect(await store.getPlacement('p2')).toBeUndefined();
  });

  it('a start on another blueprint still takes the one slot: a stale slot loses even with a fresh ledger', async () => {
    const other = { ...session('p2', 't1'), blueprintId: 'project-bp' };
    await expect(start(other, 1, 1)).rejects.toBeInstanceOf(ConflictError);
    expect(await store.getPlacement('p2')).toBeUndefined();
    expect(await store.getRetakeLedger('t1', 'project-bp')).toBeUndefined();
  });

  it('an in-progress session carries its TTL: expiresAt = idle deadline + 30 days', async () => {
    const deadline = Math.floor(Date.parse(session('p1', 't1').idleDeadline) / 1000);
    expect((await rawSession('p1'))?.expiresAt).toBe(deadline + 30 * 24 * 3600);
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

  it('completion is all-or-nothing: a missing ledger aborts the whole transaction', async () => {
    const completed: PlacementSession = { ...session('p1', 't1'), version: 3, status: 'completed' };
    const write: CompletePlacementWrite = {
      session: { ...completed, blueprintId: 'bp-without-ledger' },
      expectedVersion: 2,
      response: response('p1', 2),
      seenItems: ['i1'],
      completedAt: now,
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

    await store.completePlacement({ ...write, session: completed });
    expect((await rawSession('p1'))?.expiresAt).toBeUndefined(); // a completed session is the audit record: kept
    expect(await store.getTaskerPlacements('t1')).toEqual(slot('t1', 2, undefined, ['i1']));
    expect(await store.getRetakeLedger('t1', 'bp')).toMatchObject({ attempts: 1, lastCompletedAt: now, version: 2 });
    const tasker = await new DynamoTaskerStore(clients.doc, names.taskers).getTasker('t1');
    expect(tasker).toMatchObject({ track: { track: 'generalist' }, proficiency: [{ skill: 'math', theta: 0.5 }], history: [{ skill: 'math' }] });
    expect(await new DynamoTaskerStore(clients.doc, names.taskers).listEvents('t1')).toEqual([write.event]);
    expect((await store.getPlacement('p1'))?.status).toBe('completed');
  });

  it('completion loses when the slot no longer holds the placement, and writes nothing', async () => {
    await start(session('p7', 't7'), 1);
    await clients.doc.send(
      new UpdateCommand({ TableName: names.sessions, Key: keys.taskerPlacements('t7'), UpdateExpression: 'SET activePlacementId = :other', ExpressionAttributeValues: { ':other': 'p-other' } }),
    );
    const write: CompletePlacementWrite = {
      session: { ...session('p7', 't7'), status: 'completed', version: 2 },
      expectedVersion: 1,
      response: response('p7', 1),
      seenItems: ['i1'],
      completedAt: now,
      proficiency: [],
      track: { track: 'generalist', reason: 'r', rule: 'generalist', assignedAt: now, assignedBy: 'placement', placementId: 'p7' },
      event: { id: 'e7', type: 'tasker.placed', taskerId: 't7', at: now, detail: {} },
    };
    await expect(store.completePlacement(write)).rejects.toBeInstanceOf(ConflictError);
    expect((await store.getPlacement('p7'))?.status).toBe('in-progress');
    expect(await store.getTaskerPlacements('t7')).toMatchObject({ activePlacementId: 'p-other', seenItems: [], version: 1 });
    expect(await new DynamoTaskerStore(clients.doc, names.taskers).getTasker('t7')).toBeUndefined();
  });

  it('a later placement that measures fewer skills updates those and keeps the others; the history has both', async () => {
    const later = '2027-11-26T10:00:00.000Z';
    const source = (id: string) => ({ kind: 'placement' as const, id, blueprintId: 'bp', blueprintVersion: 1 });
    const rec = (skill: string, theta: number, at: string, id: string) => ({ skill, theta, se: 0.3, measuredAt: at, source: source(id) });
    const complete = async (id: string, slotVersion: number, at: string, proficiency: ProficiencyRecord[]) => {
      await store.startPlacement({ session: session(id, 't6'), placements: slot('t6', slotVersion, id), ledger: { ...ledger('t6', slotVersion), attempts: slotVersion } });
      await store.completePlacement({
        session: { ...session(id, 't6'), status: 'completed', version: 2 },
        expectedVersion: 1,
        response: response(id, 1),
        seenItems: [],
        completedAt: at,
        proficiency,
        track: { track: 'generalist', reason: 'r', rule: 'generalist', assignedAt: at, assignedBy: 'placement', placementId: id },
        event: { id: `e-${id}`, type: 'tasker.placed', taskerId: 't6', at, detail: {} },
      });
    };
    await complete('m1', 1, now, [rec('math', 0.1, now, 'm1'), rec('coding', 0.2, now, 'm1')]);
    await complete('m2', 3, later, [rec('math', 0.9, later, 'm2')]);
    const view = await new DynamoTaskerStore(clients.doc, names.taskers).getTasker('t6');
    expect(view?.proficiency.map((p) => [p.skill, p.theta])).toEqual([['coding', 0.2], ['math', 0.9]]);
    expect(view?.history.map((h) => [h.source.id, h.skill])).toEqual([['m2', 'math'], ['m1', 'math'], ['m1', 'coding']]);
  });

  it('expiring releases the active slot, remembers the items shown and keeps the TTL', async () => {
    const s = { ...session('p3', 't3'), cat: { ...session('p3', 't3').cat, items: ['i9'], scores: [1] } };
    await start(s, 1);
    await store.expirePlacement({ ...s, status: 'expired', version: 2 }, 1, ['i9', 'i10']);
    expect(await store.getTaskerPlacements('t3')).toMatchObject({ version: 2, seenItems: ['i9', 'i10'] });
    expect((await store.getTaskerPlacements('t3'))?.activePlacementId).toBeUndefined();
    expect(await store.getRetakeLedger('t3', 'bp')).toEqual(ledger('t3', 1)); // the attempt was counted at start
    const raw = await rawSession('p3');
    expect(raw?.status).toBe('expired');
    // an expired session is still unfinished: DynamoDB TTL deletes it 30 days after its idle deadline
    expect(raw?.expiresAt).toBe(Math.floor(Date.parse(s.idleDeadline) / 1000) + 30 * 24 * 3600);
    await expect(store.expirePlacement({ ...s, status: 'expired', version: 3 }, 1, ['i9'])).rejects.toBeInstanceOf(ConflictError);
  });

  it('a project completion writes the project qualification and history, never the general track or current proficiency', async () => {
    const taskers = new DynamoTaskerStore(clients.doc, names.taskers);
    const general = { ...session('g5', 't5'), status: 'completed' as const, version: 2 };
    await start(session('g5', 't5'), 1);
    const source = { kind: 'placement' as const, id: 'g5', blueprintId: 'bp', blueprintVersion: 1 };
    const generalTrack = { track: 'generalist', reason: 'r', rule: 'generalist', assignedAt: now, assignedBy: 'placement', placementId: 'g5' };
    await store.completePlacement({
      session: general,
      expectedVersion: 1,
      response: response('g5', 1),
      seenItems: [],
      completedAt: now,
      proficiency: [{ skill: 'math', theta: 0.5, se: 0.3, measuredAt: now, source }],
      track: generalTrack,
      event: { id: 'e5', type: 'tasker.placed', taskerId: 't5', at: now, detail: {} },
    });

    const later = '2027-11-26T10:00:00.000Z';
    const project = { ...session('q5', 't5'), blueprintId: 'acme-bp' };
    await store.startPlacement({ session: project, placements: { ...slot('t5', 3, 'q5'), activeBlueprintId: 'acme-bp' }, ledger: ledger('t5', 1, 'acme-bp') });
    const projectTrack = { ...generalTrack, track: 'expert:math', assignedAt: later, placementId: 'q5', projectId: 'acme' };
    const projectSource = { ...source, id: 'q5', blueprintId: 'acme-bp', projectId: 'acme' };
    await store.completePlacement({
      session: { ...project, status: 'completed', version: 2 },
      expectedVersion: 1,
      response: response('q5', 1),
      seenItems: [],
      completedAt: later,
      proficiency: [{ skill: 'math', theta: 1.5, se: 0.25, measuredAt: later, source: projectSource }],
      track: projectTrack,
      project: { projectId: 'acme', blueprint: { id: 'acme-bp', version: 1 }, track: projectTrack, skills: { math: { theta: 1.5, se: 0.25, ci95: [1.01, 1.99], items: 9 } } },
      event: { id: 'e6', type: 'tasker.placed', taskerId: 't5', at: later, detail: {} },
    });

    const view = await taskers.getTasker('t5');
    expect(view?.track).toEqual(generalTrack);
    expect(view?.proficiency).toEqual([{ skill: 'math', theta: 0.5, se: 0.3, measuredAt: now, source }]);
    expect(view?.projects).toEqual([{ projectId: 'acme', blueprint: { id: 'acme-bp', version: 1 }, track: projectTrack, skills: { math: { theta: 1.5, se: 0.25, ci95: [1.01, 1.99], items: 9 } } }]);
    expect(view?.history.map((h) => h.source)).toEqual([projectSource, source]); // newest first, every measurement with its source
    // each blueprint keeps its own ledger
    expect(await store.getRetakeLedger('t5', 'bp')).toMatchObject({ attempts: 1, lastCompletedAt: now });
    expect(await store.getRetakeLedger('t5', 'acme-bp')).toMatchObject({ attempts: 1, lastCompletedAt: later });
  });
});

describe('DynamoTaskerStore', () => {
  it('reads a tasker with strongly consistent queries (a read right after a completion sees it)', async () => {
    const sent: { name: string; input: Record<string, unknown> }[] = [];
    const observed = createLocalDynamoDbClients(sharedDynamoDbEndpoint() as string);
    observed.doc.middlewareStack.add(
      (next, context) => async (args) => {
        sent.push({ name: context.commandName ?? '', input: args.input as Record<string, unknown> });
        return next(args);
      },
      { step: 'initialize' },
    );
    try {
      const view = await new DynamoTaskerStore(observed.doc, names.taskers).getTasker('t5');
      expect(view?.track?.track).toBe('generalist');
      expect(sent.length).toBeGreaterThanOrEqual(3); // profile, history, projects
      expect(sent.map((c) => [c.name, c.input.ConsistentRead])).toEqual(sent.map(() => ['QueryCommand', true]));
    } finally {
      observed.destroy();
    }
  });
});
