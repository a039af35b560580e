// The submit handler's session read-ahead, on DynamoDB Local: the first read of the placement is the one started
// before the idempotency claim; every later read goes to the table; the rest of the store is untouched.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { PlacementDeps } from '@theta/assessment';
import type { LocalDynamoDbClients, TableNames } from '@theta/local';
import { DynamoPlacementStore } from '@theta/store';
import { keys } from '../../packages/store/src/keys';
import { placementSession } from '../../packages/store/test/session-fixture';
import { useFreshTables } from '../../test/support/fresh-tables';
import { withSessionReadAhead } from '../src/placements/read-ahead';

const tables = useFreshTables('ahead');
let clients: LocalDynamoDbClients;
let names: TableNames;
let store: DynamoPlacementStore;

beforeAll(async () => {
  ({ clients, names } = tables);
  store = new DynamoPlacementStore(clients.doc, { sessions: names.sessions });
  const s = placementSession('p1', 't1');
  await store.startPlacement({ session: s, placements: { taskerId: 't1', activePlacementId: 'p1', activeBlueprintId: 'bp', seenItems: [], version: 1 }, ledger: { taskerId: 't1', blueprintId: 'bp', attempts: 1, version: 1 } });
});

const depsOf = (placements: PlacementDeps['placements']): PlacementDeps =>
  ({ placements, now: () => new Date(), newId: () => 'id', banks: undefined as never, items: undefined as never });

const bumpVersion = (to: number) =>
  clients.doc.send(new UpdateCommand({ TableName: names.sessions, Key: keys.placement('p1'), UpdateExpression: 'SET version = :v', ExpressionAttributeValues: { ':v': to } }));

it('serves the first read from the read started ahead, later reads from the table', async () => {
  const deps = withSessionReadAhead(depsOf(store), 'p1');
  await new Promise((resolve) => setTimeout(resolve, 300)); // the read-ahead has landed
  await bumpVersion(2);
  expect((await deps.placements.getPlacement('p1'))?.version).toBe(1); // what was read ahead
  expect((await deps.placements.getPlacement('p1'))?.version).toBe(2); // fresh, e.g. the re-read after a lost race
  // the other store methods still work on the real store
  expect(await deps.placements.getTaskerPlacements('t1')).toMatchObject({ activePlacementId: 'p1' });
  expect(await deps.placements.listResponses('p1')).toEqual([]);
});

it('reads another placement from the table', async () => {
  const deps = withSessionReadAhead(depsOf(store), 'p1');
  expect(await deps.placements.getPlacement('p-other')).toBeUndefined();
});

it('a failed read-ahead that nothing consumes is not an unhandled rejection', async () => {
  const unhandled = jest.fn();
  process.on('unhandledRejection', unhandled);
  try {
    const broken = new DynamoPlacementStore(clients.doc, { sessions: 'no-such-table' });
    withSessionReadAhead(depsOf(broken), 'p1'); // e.g. an idempotent replay: the command never runs
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(unhandled).not.toHaveBeenCalled();
    // consumed, the same failure does surface
    await expect(withSessionReadAhead(depsOf(broken), 'p1').placements.getPlacement('p1')).rejects.toThrow();
  } finally {
    process.off('unhandledRejection', unhandled);
  }
});
