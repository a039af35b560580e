// Idle expiry that loses a race, against DynamoDB Local: the domain re-reads the session and acts on what is
// stored, instead of assuming it expired (a request that raced an answer must not get a false 410).
import { type PlacementDeps, type PlacementSession } from '@theta/assessment';
import { expireIfIdle } from '../../assessment/src/placement/load-session';
import type { LocalDynamoDbClients, TableNames } from '@theta/local';
import { useFreshTables } from '../../../test/support/fresh-tables';
import { DynamoPlacementStore } from '../src/repositories/placement-repository';
import { placementSession } from './session-fixture';

const tables = useFreshTables('race');
let clients: LocalDynamoDbClients;
let names: TableNames;
let store: DynamoPlacementStore;

beforeAll(async () => {
  ({ clients, names } = tables);
  store = new DynamoPlacementStore(clients.doc, { sessions: names.sessions });
});

const firstDeadline = '2027-11-25T11:00:00.000Z';
/** after the first idle deadline, before the one a racing answer sets */
const afterFirstDeadline = new Date('2027-11-25T11:01:00.000Z');

const session = (id: string, taskerId: string): PlacementSession => placementSession(id, taskerId, { idleDeadline: firstDeadline });

// expiry reads and writes only sessions and the clock
const deps = (): PlacementDeps => ({ placements: store, now: () => afterFirstDeadline, newId: () => 'unused', banks: undefined as never, items: undefined as never });

async function started(id: string, taskerId: string): Promise<PlacementSession> {
  const s = session(id, taskerId);
  await store.startPlacement({
    session: s,
    placements: { taskerId, activePlacementId: id, activeBlueprintId: 'bp', activeIdleDeadline: firstDeadline, seenItems: [], version: 1 },
    ledger: { taskerId, blueprintId: 'bp', attempts: 1, version: 1 },
  });
  return s;
}

describe('expireIfIdle after a lost race', () => {
  it('an answer recorded first (the deadline moved): returns the stored in-progress session, writes no expiry', async () => {
    const stale = await started('p1', 't1');
    // the racing answer: recorded at 10:59 (before the deadline), it moves the deadline to 11:59
    const answered: PlacementSession = {
      ...stale,
      cat: { ...stale.cat, items: ['i1'], scores: [1], pending: 'i2' },
      currentItemId: 'i2',
      version: 2,
      updatedAt: '2027-11-25T10:59:00.000Z',
      idleDeadline: '2027-11-25T11:59:00.000Z',
    };
    await store.recordResponse(answered, 1, { placementId: 'p1', seq: 1, requestKey: 'key-1', itemId: 'i1', answer: 'A', score: 1, at: answered.updatedAt });

    const after = await expireIfIdle(deps(), stale);
    expect(after).toEqual(answered);
    expect(await store.getPlacement('p1')).toEqual(answered);
    expect((await store.getTaskerPlacements('t1'))?.activePlacementId).toBe('p1');
  });

  it('another request expired it first: returns the stored expiry (the caller answers 410 from what is stored)', async () => {
    const stale = await started('p2', 't2');
    await expireIfIdle(deps(), stale); // the other request
    const stored = await store.getPlacement('p2');
    expect(stored?.status).toBe('expired');

    const after = await expireIfIdle(deps(), stale);
    expect(after).toEqual(stored);
    expect((await store.getPlacement('p2'))?.version).toBe(2); // nothing written twice
  });
});
