// The idle sweeper's index read against DynamoDB Local: only slots holding a placement are on it, oldest deadline
// first, strictly before the given time, at most `limit` of them across pages; a release takes a slot off it.
import { DynamoPlacementStore } from '../src/repositories/placement-repository';
import { useFreshTables } from '../../../test/support/fresh-tables';
import { placementSession } from './session-fixture';

const tables = useFreshTables('overdue');
let store: DynamoPlacementStore;

// deadlines out of order on purpose; t5 is not overdue at CUTOFF
const DEADLINES: Record<string, string> = {
  t1: '2027-11-25T10:03:00.000Z',
  t2: '2027-11-25T10:01:00.000Z',
  t3: '2027-11-25T10:04:00.000Z',
  t4: '2027-11-25T10:02:00.000Z',
  t5: '2027-11-25T12:00:00.000Z',
};
const CUTOFF = '2027-11-25T11:00:00.000Z';

beforeAll(async () => {
  store = new DynamoPlacementStore(tables.clients.doc, { sessions: tables.names.sessions });
  for (const [taskerId, idleDeadline] of Object.entries(DEADLINES)) {
    const session = placementSession(`p-${taskerId}`, taskerId, { idleDeadline });
    await store.startPlacement({
      session,
      placements: { taskerId, activePlacementId: session.id, activeBlueprintId: 'bp', activeIdleDeadline: idleDeadline, seenItems: [], version: 1 },
      ledger: { taskerId, blueprintId: 'bp', attempts: 1, version: 1 },
    });
  }
});

const overdue = async (limit: number) => (await store.listOverdueSlots(CUTOFF, limit)).map((s) => s.taskerId);

it('lists the overdue slots oldest first, and none that is not overdue', async () => {
  expect(await overdue(100)).toEqual(['t2', 't4', 't1', 't3']);
});

it('stops at the limit', async () => {
  expect(await overdue(2)).toEqual(['t2', 't4']);
  expect(await overdue(1)).toEqual(['t2']);
});

it('a released slot leaves the index; a moved deadline moves it', async () => {
  await store.releaseSlot('t2', 'p-t2');
  await store.moveSlotDeadline('t4', 'p-t4', '2027-11-25T13:00:00.000Z');
  expect(await overdue(100)).toEqual(['t1', 't3']);
  expect(await store.listOverdueSlots('2027-11-25T14:00:00.000Z', 100)).toEqual([
    expect.objectContaining({ taskerId: 't1' }),
    expect.objectContaining({ taskerId: 't3' }),
    expect.objectContaining({ taskerId: 't5' }),
    expect.objectContaining({ taskerId: 't4', activeIdleDeadline: '2027-11-25T13:00:00.000Z' }),
  ]);
});

it('moving or releasing a slot that no longer holds the placement is a conflict, and changes nothing', async () => {
  await expect(store.releaseSlot('t2', 'p-t2')).rejects.toMatchObject({ code: 'slot_changed' });
  await expect(store.moveSlotDeadline('t1', 'p-other', '2027-11-25T15:00:00.000Z')).rejects.toMatchObject({ code: 'slot_changed' });
  expect(await overdue(100)).toEqual(['t1', 't3']);
});
