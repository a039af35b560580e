// Track moves against DynamoDB Local: concurrent moves both land in the audit in order, a lost race is retried on
// the fresh state, a retried request key writes nothing, and a placement's TRACK row is part of the audit.
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { moveTaskerTrack, NotFoundError, UnprocessableError, type TrackMoveWrite, type TrackStore } from '@theta/assessment';
import type { LocalDynamoDbClients, TableNames } from '@theta/local';
import { useFreshTables } from '../../../test/support/fresh-tables';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue as StreamAttributeValue } from 'aws-lambda';
import { keys } from '../src/keys';
import { outboxEventsFrom } from '../src/outbox';
import { DynamoTrackStore } from '../src/repositories/track-repository';

const tables = useFreshTables('tracks');
let clients: LocalDynamoDbClients;
let names: TableNames;
let store: DynamoTrackStore;

beforeAll(() => {
  ({ clients, names } = tables);
  store = new DynamoTrackStore(clients.doc, names.taskers);
});

const placedAt = '2026-12-01T10:00:00.000Z';

async function placeTasker(taskerId: string): Promise<void> {
  const track = { track: 'generalist', reason: 'placement', rule: 'generalist', assignedAt: placedAt, assignedBy: 'placement', placementId: 'p1' };
  await clients.doc.send(new PutCommand({ TableName: names.taskers, Item: { ...keys.taskerProfile(taskerId), entity: 'profile', taskerId, track } }));
  await clients.doc.send(new PutCommand({ TableName: names.taskers, Item: { ...keys.taskerTrack(taskerId, placedAt), entity: 'track', ...track } }));
}

async function rows(taskerId: string): Promise<Record<string, unknown>[]> {
  const out = await clients.doc.send(
    new QueryCommand({ TableName: names.taskers, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.tasker(taskerId).pk }, ConsistentRead: true }),
  );
  return out.Items ?? [];
}

const ops = (sub: string) => ({ kind: 'person' as const, sub });

describe('DynamoTrackStore with moveTaskerTrack', () => {
  it('writes the track, one audit row and one track_changed event in one move', async () => {
    await placeTasker('t1');
    const { move, recorded } = await moveTaskerTrack({ taskerId: 't1', to: 'expert:coding', reason: 'strong work samples', actor: ops('ops-1'), requestKey: 'k1' }, { tracks: store });
    expect(recorded).toBe(true);
    expect(move).toMatchObject({ from: 'generalist', to: 'expert:coding', actor: { kind: 'person', sub: 'ops-1' } });
    const profile = await store.getTrackProfile('t1');
    expect(profile).toMatchObject({ trackVersion: 1, track: { track: 'expert:coding', rule: 'manual', assignedBy: 'person:ops-1' } });
    const all = await rows('t1');
    expect(all.filter((r) => r.entity === 'event')).toEqual([expect.objectContaining({ type: 'tasker.track_changed', detail: expect.objectContaining({ from: 'generalist', to: 'expert:coding' }) })]);
    // the outbox publisher accepts the stored row as a tasker.track_changed event
    const eventRow = all.find((r) => r.entity === 'event') ?? {};
    const published = outboxEventsFrom([
      { eventName: 'INSERT', dynamodb: { SequenceNumber: '1', NewImage: marshall(eventRow) as Record<string, StreamAttributeValue> } },
    ]);
    expect(published.rejected).toEqual([]);
    expect(published.events.map((e) => e.event.type)).toEqual(['tasker.track_changed']);
    const audit = await store.listTrackAudit('t1', 10);
    expect(audit.entries.map((e) => [e.kind, e.to])).toEqual([
      ['move', 'expert:coding'],
      ['placement', 'generalist'],
    ]);
  });

  it('a retry with the same request key returns the same move and writes nothing', async () => {
    await placeTasker('t2');
    const input = { taskerId: 't2', to: 'remedial:writing', reason: 'review', actor: ops('ops-1'), requestKey: 'same' };
    const first = await moveTaskerTrack(input, { tracks: store });
    const before = await rows('t2');
    const again = await moveTaskerTrack(input, { tracks: store });
    expect(again).toEqual({ move: first.move, recorded: false });
    expect(await rows('t2')).toEqual(before);
    await expect(moveTaskerTrack({ ...input, to: 'generalist' }, { tracks: store })).rejects.toBeInstanceOf(UnprocessableError);
    expect(await rows('t2')).toEqual(before);
  });

  it('two concurrent moves: both applied one after the other, both audited, the final track is the later one', async () => {
    await placeTasker('t3');
    // a strictly increasing clock: the move that retries after losing the race reads a later time
    let clock = Date.parse('2026-12-02T00:00:00.000Z');
    const deps = { tracks: store as TrackStore, now: () => new Date((clock += 1000)) };
    const [a, b] = await Promise.all([
      moveTaskerTrack({ taskerId: 't3', to: 'expert:coding', reason: 'a', actor: ops('ops-a'), requestKey: 'ka' }, deps),
      moveTaskerTrack({ taskerId: 't3', to: 'remedial:coding', reason: 'b', actor: ops('ops-b'), requestKey: 'kb' }, deps),
    ]);
    expect([a.recorded, b.recorded]).toEqual([true, true]);
    // exactly one started from the placement's track; the other from the first move's result
    expect([a.move.from, b.move.from].filter((from) => from === 'generalist')).toHaveLength(1);
    const profile = await store.getTrackProfile('t3');
    expect(profile?.trackVersion).toBe(2);
    const audit = await store.listTrackAudit('t3', 10);
    expect(audit.entries.filter((e) => e.kind === 'move')).toHaveLength(2);
    // the current track is the newest audit entry's, and that move started from the other move's track
    const [newest, older] = audit.entries;
    expect(profile?.track?.track).toBe(newest?.to);
    expect(newest?.from).toBe(older?.to);
    expect((await rows('t3')).filter((r) => r.entity === 'event')).toHaveLength(2);
  });

  it('a stale write (the track changed since it was read) writes nothing and is a conflict', async () => {
    await placeTasker('t4');
    const profile = await store.getTrackProfile('t4');
    await moveTaskerTrack({ taskerId: 't4', to: 'generalist', reason: 'first', actor: ops('o'), requestKey: 'k-first' }, { tracks: store });
    const before = await rows('t4');
    const at = '2026-12-02T00:00:00.000Z';
    const stale: TrackMoveWrite = {
      move: { id: 'm-stale', taskerId: 't4', at, from: 'generalist', to: 'not-qualified', reason: 'stale', actor: ops('o'), requestKey: 'k-stale' },
      track: { track: 'not-qualified', reason: 'stale', rule: 'manual', assignedAt: at, assignedBy: 'person:o' },
      expected: { trackVersion: profile?.trackVersion ?? 0, assignedAt: profile?.track?.assignedAt },
      event: { id: 'e-stale', type: 'tasker.track_changed', taskerId: 't4', at, detail: {} },
    };
    await expect(store.moveTrack(stale)).rejects.toMatchObject({ kind: 'conflict', code: 'track_changed' });
    expect(await rows('t4')).toEqual(before);
  });

  it('an unknown tasker is not found and nothing is written', async () => {
    await expect(moveTaskerTrack({ taskerId: 'nobody', to: 'generalist', reason: 'x', actor: ops('o'), requestKey: 'k' }, { tracks: store })).rejects.toBeInstanceOf(NotFoundError);
    expect(await rows('nobody')).toEqual([]);
  });

  it('pages the audit newest first with a cursor', async () => {
    await placeTasker('t5');
    let clock = Date.parse('2026-12-03T00:00:00.000Z');
    const deps = { tracks: store as TrackStore, now: () => new Date((clock += 1000)) };
    for (const [i, to] of ['expert:a', 'expert:b', 'remedial:c'].entries()) {
      await moveTaskerTrack({ taskerId: 't5', to, reason: `r${i}`, actor: ops('o'), requestKey: `p${i}` }, deps);
    }
    const first = await store.listTrackAudit('t5', 2);
    expect(first.entries.map((e) => e.to)).toEqual(['remedial:c', 'expert:b']);
    expect(first.cursor).toBeDefined();
    const second = await store.listTrackAudit('t5', 2, first.cursor);
    expect(second.entries.map((e) => e.to)).toEqual(['expert:a', 'generalist']);
    await expect(store.listTrackAudit('t5', 2, 'garbage')).rejects.toBeInstanceOf(UnprocessableError);
  });
});
