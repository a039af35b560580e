// The `tasker.erased` announcement of an erasure (docs/security.md, "Privacy"), with the real erasure store on
// DynamoDB Local and a recording port: it is published after every record is gone and before the completion
// commits, so a failed publish leaves the round in progress (nothing completed), the next call publishes and
// completes, and a retry of a completed erasure publishes nothing.
import { randomUUID } from 'node:crypto';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { eraseTasker, taskerPseudonym, type AnnounceErased, type ErasureAnnouncement } from '@theta/assessment';
import { DynamoTaskerErasureStore } from '@theta/store';
import { keys } from '../../packages/store/src/keys';
import { useFreshTables } from '../support/fresh-tables';

const tables = useFreshTables('erasure-announcement');
const KEY = 'announcement-test-key';
let store: DynamoTaskerErasureStore;

beforeAll(() => {
  const { clients, names } = tables;
  store = new DynamoTaskerErasureStore(clients.doc, { sessions: names.sessions, taskers: names.taskers, counters: names.idempotency });
});

/** a tasker with a profile and one audit row */
async function makeTasker(taskerId: string): Promise<void> {
  const { clients, names } = tables;
  const track = { track: 'generalist', reason: 'placement', rule: 'generalist', assignedAt: '2026-12-01T10:00:00.000Z', assignedBy: 'placement' };
  await clients.doc.send(new PutCommand({ TableName: names.taskers, Item: { ...keys.taskerProfile(taskerId), entity: 'profile', taskerId, track } }));
  await clients.doc.send(new PutCommand({ TableName: names.taskers, Item: { ...keys.taskerTrack(taskerId, track.assignedAt), entity: 'track', ...track } }));
}

async function partition(id: string): Promise<Record<string, unknown>[]> {
  const { clients, names } = tables;
  const out = await clients.doc.send(new QueryCommand({ TableName: names.taskers, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.tasker(id).pk }, ConsistentRead: true }));
  return out.Items ?? [];
}

function recorder(fail = false): { announce: AnnounceErased; sent: ErasureAnnouncement[] } {
  const sent: ErasureAnnouncement[] = [];
  return {
    sent,
    announce: async (announcement) => {
      sent.push(announcement);
      if (fail) throw new Error('the bus refused the event');
    },
  };
}

const erase = (taskerId: string, announce: AnnounceErased) => eraseTasker({ taskerId, requestedBy: 'ops-1' }, { erasures: store, pseudonymKey: KEY, announceErased: announce });

test('a failed publish leaves the erasure in progress; the next call publishes and completes; a retry publishes nothing', async () => {
  const taskerId = `announced-${randomUUID()}`;
  const pseudonym = taskerPseudonym(taskerId, KEY);
  await makeTasker(taskerId);

  const failing = recorder(true);
  await expect(erase(taskerId, failing.announce)).rejects.toThrow('the bus refused the event');
  // every record was erased before the announcement was tried, once
  expect(await store.hasRecords(taskerId)).toBe(false);
  expect(failing.sent).toEqual([{ id: `erasure-${pseudonym}-1`, taskerId, pseudonym, round: 1, at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }]);
  // nothing marked completed: the marker is in progress (with this call's counts), no stub PROFILE, no erasure audit entry
  const stalled = await store.getErasure(pseudonym);
  expect(stalled).toMatchObject({ round: 1, status: 'in-progress' });
  expect(stalled?.completedAt).toBeUndefined();
  expect(stalled?.counts.taskerRecords).toBeGreaterThanOrEqual(2);
  expect((await partition(pseudonym)).map((row) => row.sk).filter((sk) => sk === 'PROFILE' || String(sk).includes('#erasure-'))).toEqual([]);

  const recording = recorder();
  const done = await erase(taskerId, recording.announce);
  expect(done.erasure).toMatchObject({ pseudonym, round: 1, status: 'completed' });
  // the same event id as the failed attempt (consumers dedupe on it), at the completion's instant
  expect(recording.sent).toEqual([{ id: `erasure-${pseudonym}-1`, taskerId, pseudonym, round: 1, at: done.erasure.completedAt }]);
  expect(await store.getErasure(pseudonym)).toMatchObject({ status: 'completed', completedAt: done.erasure.completedAt });

  const again = recorder();
  const replay = await erase(taskerId, again.announce);
  expect(replay.wrote).toBe(false);
  expect(replay.erasure).toEqual(done.erasure);
  expect(again.sent).toEqual([]);
});

test('an erasure that finishes in one call is announced once, before it is stored completed; a new round is announced as round 2', async () => {
  const taskerId = `announced-${randomUUID()}`;
  const pseudonym = taskerPseudonym(taskerId, KEY);
  await makeTasker(taskerId);
  const statusWhenAnnounced: (string | undefined)[] = [];
  const sent: ErasureAnnouncement[] = [];
  const announce: AnnounceErased = async (announcement) => {
    sent.push(announcement);
    statusWhenAnnounced.push((await store.getErasure(pseudonym))?.status);
  };

  const first = await erase(taskerId, announce);
  expect(first.erasure.status).toBe('completed');
  expect(statusWhenAnnounced).toEqual(['in-progress']);

  // the id signs up again: its new records are erased by round 2, announced under its own event id
  await makeTasker(taskerId);
  const second = await erase(taskerId, announce);
  expect(second.erasure).toMatchObject({ round: 2, status: 'completed' });
  expect(sent.map((a) => [a.id, a.round, a.at])).toEqual([
    [`erasure-${pseudonym}-1`, 1, first.erasure.completedAt],
    [`erasure-${pseudonym}-2`, 2, second.erasure.completedAt],
  ]);
  expect(statusWhenAnnounced).toEqual(['in-progress', 'in-progress']);
});
