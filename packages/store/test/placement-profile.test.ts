// The placements' declared profiles (DIF groups of the calibration job) against DynamoDB Local: read by key in
// batches of 100 (more ids than one BatchGetItem takes), only the two attributes asked for, unknown ids absent.
import type { LocalDynamoDbClients, TableNames } from '@theta/local';
import { useFreshTables } from '../../../test/support/fresh-tables';
import { DynamoPlacementStore } from '../src/repositories/placement-repository';
import { DynamoPlacementProfileReader } from '../src/repositories/placement-profile-repository';
import { placementSession } from './session-fixture';

const tables = useFreshTables('profiles');
let clients: LocalDynamoDbClients;
let names: TableNames;

beforeAll(() => {
  ({ clients, names } = tables);
});

const LEVELS = ['master', 'bachelor', undefined] as const;

test('150 placements: each one\'s tasker and education level (absent when not declared); unknown ids are left out', async () => {
  const store = new DynamoPlacementStore(clients.doc, { sessions: names.sessions });
  const ids = Array.from({ length: 150 }, (_, k) => `pp-${k}`);
  await Promise.all(
    ids.map((id, k) => {
      const level = LEVELS[k % 3];
      const session = placementSession(id, `tasker-${k}`, { profile: { declaredDomains: ['math'], ...(level ? { educationLevel: level } : {}) } });
      return store.startPlacement({ session, placements: { taskerId: session.taskerId, activePlacementId: id, activeBlueprintId: 'bp', activeIdleDeadline: session.idleDeadline, seenItems: [], version: 1 }, ledger: { taskerId: session.taskerId, blueprintId: 'bp', attempts: 1, version: 1 } });
    }),
  );
  const reader = new DynamoPlacementProfileReader(clients.doc, names.sessions);
  const profiles = await reader.placementProfiles([...ids, 'pp-unknown', 'pp-0']);
  expect(profiles.size).toBe(150);
  expect(profiles.has('pp-unknown')).toBe(false);
  ids.forEach((id, k) => {
    const level = LEVELS[k % 3];
    expect(profiles.get(id)).toEqual({ taskerId: `tasker-${k}`, ...(level ? { educationLevel: level } : {}) });
  });
  expect(await reader.placementProfiles([])).toEqual(new Map());
});
