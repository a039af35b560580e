// outboxEventsFrom on stream records built from the very items DynamoPlacementStore.completePlacement
// writes (captured from its transaction, then marshalled the way the stream carries them).
import type { TransactWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { CompletePlacementWrite, DomainEvent, PlacementSession } from '@theta/assessment';
import type { AttributeValue as StreamAttributeValue, DynamoDBRecord } from 'aws-lambda';
import { keys } from '../src/keys';
import { outboxEventsFrom } from '../src/outbox';
import { DynamoPlacementStore } from '../src/repositories/placement-repository';

const TASKERS = 'theta-dev-taskers';
const at = '2027-11-25T10:00:00.000Z';

const event: DomainEvent = {
  id: '3f1c2a9e-5b7d-4e8a-9c0f-1a2b3c4d5e6f',
  type: 'tasker.placed',
  taskerId: 't1',
  at,
  detail: {
    placementId: 'p1',
    track: 'expert:coding',
    rule: 'expert-if-all-above-cut',
    blueprint: { id: 'bp', version: 3 },
    skills: { coding: { theta: 1.234, se: 0.28, ci95: [0.685, 1.783], items: 14, stopReason: 'se' } },
  },
};

const session: PlacementSession = {
  id: 'p1',
  taskerId: 't1',
  blueprintId: 'bp',
  blueprintVersion: 3,
  snapshotVersion: 'abc',
  profile: { declaredDomains: ['coding'], educationLevel: 'bachelor' },
  skills: ['coding'],
  status: 'completed',
  cat: { v: 1, config: 'c', bank: 'b', items: ['i1'], scores: [1], skills: { coding: { theta: 1.234, se: 0.28, n: 14 } } },
  version: 3,
  createdAt: at,
  updatedAt: at,
  idleDeadline: '2027-11-25T11:00:00.000Z',
};

const write: CompletePlacementWrite = {
  session,
  expectedVersion: 2,
  response: { placementId: 'p1', seq: 14, requestKey: 'key-14', itemId: 'i1', answer: 'A', score: 1, at },
  seenItems: ['i1'],
  completedAt: at,
  proficiency: [{ skill: 'coding', theta: 1.234, se: 0.28, measuredAt: at, source: { kind: 'placement', id: 'p1', blueprintId: 'bp', blueprintVersion: 3 } }],
  track: { track: 'expert:coding', reason: 'all skills above the cut', rule: 'expert-if-all-above-cut', assignedAt: at, assignedBy: 'placement', placementId: 'p1' },
  event,
};

/** The `taskers` items of the completion transaction, exactly as the repository puts them. */
async function taskerItemsOfCompletion(w: CompletePlacementWrite): Promise<Record<string, unknown>[]> {
  const sent: TransactWriteCommand[] = [];
  const capture = { send: async (command: TransactWriteCommand) => (sent.push(command), {}) } as unknown as DynamoDBDocumentClient;
  await new DynamoPlacementStore(capture, { sessions: 'theta-dev-sessions', taskers: TASKERS }).completePlacement(w);
  return (sent[0]?.input.TransactItems ?? []).flatMap((t) => (t.Put?.TableName === TASKERS ? [t.Put.Item as Record<string, unknown>] : []));
}

/** The document client's marshalling; the stream's JSON has the same shape (no binary attributes here). */
const image = (item: Record<string, unknown>) =>
  marshall(item, { removeUndefinedValues: true, convertClassInstanceToMap: false }) as unknown as Record<string, StreamAttributeValue>;

let sequence = 100_000_000_000_000_000_000n;

function streamRecord(eventName: 'INSERT' | 'MODIFY' | 'REMOVE', item: Record<string, unknown>, options: { newImage?: boolean } = {}): DynamoDBRecord {
  sequence += 1n;
  const withImage = options.newImage ?? eventName !== 'REMOVE';
  return {
    eventID: `e${sequence}`,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    eventSourceARN: `arn:aws:dynamodb:us-east-1:123456789012:table/${TASKERS}/stream/2027-11-25T00:00:00.000`,
    dynamodb: {
      ApproximateCreationDateTime: Date.parse(at) / 1000,
      Keys: image({ pk: item.pk, sk: item.sk }),
      ...(withImage ? { NewImage: image(item) } : {}),
      SequenceNumber: String(sequence),
      SizeBytes: 512,
      StreamViewType: 'NEW_IMAGE',
    },
  };
}

const eventRow = (overrides: Record<string, unknown> = {}) => ({ ...keys.taskerEvent(event.taskerId, event.at, event.id), entity: 'event', ...event, ...overrides });

describe('outboxEventsFrom', () => {
  it('of a completion transaction keeps exactly the outbox row, as the DomainEvent that was written', async () => {
    const items = await taskerItemsOfCompletion(write);
    // (the PROFILE is an Update, not a Put: its stream image is a profile row, covered below)
    expect(items.map((i) => i.entity).sort()).toEqual(['event', 'history', 'track']);
    const records = items.map((item) => streamRecord('INSERT', item));
    const eventRecord = records[items.findIndex((i) => i.entity === 'event')];

    const { events, rejected } = outboxEventsFrom(records);

    expect(rejected).toEqual([]);
    expect(events).toEqual([{ event, sequenceNumber: eventRecord?.dynamodb?.SequenceNumber }]);
  });

  it('ignores MODIFY and REMOVE records, even of outbox rows', () => {
    const { events, rejected } = outboxEventsFrom([streamRecord('MODIFY', eventRow()), streamRecord('REMOVE', eventRow())]);
    expect(events).toEqual([]);
    expect(rejected).toEqual([]);
  });

  it('ignores profile, history and track rows', () => {
    const rows = [
      { ...keys.taskerProfile('t1'), entity: 'profile', taskerId: 't1', track: write.track, 'skill:coding': write.proficiency[0] },
      { ...keys.taskerMeasurement('t1', at, 'p1'), entity: 'history', records: write.proficiency },
      { ...keys.taskerTrack('t1', at), entity: 'track', ...write.track },
    ];
    expect(outboxEventsFrom(rows.map((row) => streamRecord('INSERT', row)))).toEqual({ events: [], rejected: [] });
  });

  it('keeps the events of a mixed batch in stream order', () => {
    const second: DomainEvent = { ...event, id: 'e-2', taskerId: 't2', detail: { placementId: 'p2' } };
    const records = [
      streamRecord('INSERT', eventRow()),
      streamRecord('MODIFY', { ...keys.taskerProfile('t1'), entity: 'profile', taskerId: 't1' }),
      streamRecord('INSERT', { ...keys.taskerEvent('t2', at, 'e-2'), entity: 'event', ...second }),
    ];
    const { events } = outboxEventsFrom(records);
    expect(events.map((e) => e.event.id)).toEqual([event.id, 'e-2']);
    expect(events.map((e) => e.sequenceNumber)).toEqual([records[0]?.dynamodb?.SequenceNumber, records[2]?.dynamodb?.SequenceNumber]);
    expect(events[1]?.event).toEqual(second);
  });

  it.each([
    ['no detail', { detail: undefined }, /detail/],
    ['an unknown event type', { type: 'tasker.unplaced' }, /type/],
    ['a time that is not ISO 8601', { at: 'yesterday' }, /at/],
    ['an empty tasker id', { taskerId: '' }, /taskerId/],
    ['a detail that is not an object', { detail: 'placed' }, /detail/],
  ])('rejects an outbox row with %s, naming the field', (_label, overrides, field) => {
    const record = streamRecord('INSERT', eventRow(overrides));
    const { events, rejected } = outboxEventsFrom([record]);
    expect(events).toEqual([]);
    expect(rejected).toEqual([{ eventId: event.id, sequenceNumber: record.dynamodb?.SequenceNumber, reason: expect.stringMatching(field) }]);
  });

  it('rejects a row whose keys do not match its event (sk names another event id)', () => {
    const { rejected } = outboxEventsFrom([streamRecord('INSERT', eventRow({ sk: `EVENT#${at}#someone-else` }))]);
    expect(rejected).toEqual([expect.objectContaining({ eventId: event.id, reason: expect.stringMatching(/do not match/) })]);
  });

  it('rejects a row without an id, without inventing one', () => {
    const { rejected } = outboxEventsFrom([streamRecord('INSERT', eventRow({ id: undefined }))]);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.eventId).toBeUndefined();
    expect(rejected[0]?.reason).toMatch(/id/);
  });

  it('rejects an INSERT without a new image (wrong stream view type) instead of guessing', () => {
    const record = streamRecord('INSERT', eventRow(), { newImage: false });
    expect(outboxEventsFrom([record])).toEqual({
      events: [],
      rejected: [{ sequenceNumber: record.dynamodb?.SequenceNumber, reason: expect.stringMatching(/NewImage/) }],
    });
  });

  it('reports a malformed row and still keeps the valid ones around it', () => {
    const records = [streamRecord('INSERT', eventRow({ type: 'nope' })), streamRecord('INSERT', eventRow())];
    const { events, rejected } = outboxEventsFrom(records);
    expect(events.map((e) => e.sequenceNumber)).toEqual([records[1]?.dynamodb?.SequenceNumber]);
    expect(rejected.map((r) => r.sequenceNumber)).toEqual([records[0]?.dynamodb?.SequenceNumber]);
  });
});
