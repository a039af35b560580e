// The track index against DynamoDB Local: profiles put on a track by the real track move carry the index keys; a
// selective filter stops at the read budget with a cursor (an empty page is not the end); following the cursor finds
// every match exactly once, in assignment order.
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { moveTaskerTrack } from '@theta/assessment';
import { useFreshTables } from '../../../test/support/fresh-tables';
import { keys, PROFICIENCY_ATTRIBUTE_PREFIX } from '../src/keys';
import { DynamoTaskerDirectory } from '../src/repositories/tasker-directory-repository';
import { DynamoTrackStore } from '../src/repositories/track-repository';

const tables = useFreshTables('directory');
const N = 120;
const BUDGET = 50;
const idOf = (i: number) => `dir-${String(i).padStart(3, '0')}`;
/** θ on writing-quality: only every 40th tasker is in the band [1, 2] */
const thetaOf = (i: number) => (i % 40 === 7 ? 1.5 : -0.5);

beforeAll(async () => {
  const { doc } = tables.clients;
  const profiles = Array.from({ length: N }, (_, i) => ({
    ...keys.taskerProfile(idOf(i)),
    entity: 'profile',
    taskerId: idOf(i),
    [`${PROFICIENCY_ATTRIBUTE_PREFIX}writing-quality`]: { skill: 'writing-quality', theta: thetaOf(i), se: 0.3, measuredAt: '2026-12-01T00:00:00.000Z' },
  }));
  for (let k = 0; k < profiles.length; k += 25)
    await doc.send(new BatchWriteCommand({ RequestItems: { [tables.names.taskers]: profiles.slice(k, k + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  const tracks = new DynamoTrackStore(doc, tables.names.taskers);
  let clock = Date.parse('2026-12-02T00:00:00.000Z');
  for (let i = 0; i < N; i++) {
    const at = new Date((clock += 1000));
    await moveTaskerTrack({ taskerId: idOf(i), to: 'remedial:writing-quality', reason: 'bulk test', actor: { kind: 'person', sub: 'ops-1' }, requestKey: `k-${i}` }, { tracks, now: () => at });
  }
}, 120_000);

describe('DynamoTaskerDirectory', () => {
  it('lists every moved tasker, newest first, page by page', async () => {
    const directory = new DynamoTaskerDirectory(tables.clients.doc, tables.names.taskers, BUDGET);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await directory.listTaskersOnTrack({ track: 'remedial:writing-quality' }, { limit: 40, ...(cursor ? { cursor } : {}) });
      expect(page.examined).toBeLessThanOrEqual(41);
      seen.push(...page.taskers.map((t) => t.taskerId));
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: N }, (_, i) => idOf(N - 1 - i)));
  });

  it('stops a selective filter at the read budget and resumes from the cursor', async () => {
    const directory = new DynamoTaskerDirectory(tables.clients.doc, tables.names.taskers, BUDGET);
    const filter = { track: 'remedial:writing-quality', skill: 'writing-quality', minTheta: 1, maxTheta: 2 };
    const pages: { ids: string[]; examined: number; more: boolean }[] = [];
    let cursor: string | undefined;
    do {
      const page = await directory.listTaskersOnTrack(filter, { limit: 10, ...(cursor ? { cursor } : {}) });
      pages.push({ ids: page.taskers.map((t) => t.taskerId), examined: page.examined, more: page.cursor !== undefined });
      cursor = page.cursor;
    } while (cursor && pages.length < 20);
    const expected = Array.from({ length: N }, (_, i) => N - 1 - i).filter((i) => thetaOf(i) >= 1).map(idOf);
    expect(pages.flatMap((p) => p.ids)).toEqual(expected);
    expect(pages.every((p) => p.examined <= BUDGET)).toBe(true);
    expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(N / BUDGET));
    expect(pages.slice(0, -1).every((p) => p.more)).toBe(true);
  });

  it('an unknown track lists nobody', async () => {
    const directory = new DynamoTaskerDirectory(tables.clients.doc, tables.names.taskers);
    await expect(directory.listTaskersOnTrack({ track: 'remedial:coding' }, { limit: 10 })).resolves.toEqual({ taskers: [], examined: 0 });
  });
});
