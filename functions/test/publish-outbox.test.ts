// The outbox publisher's pure parts: entry shape, chunking, and mapping PutEvents results to the stream
// records Lambda must retry. PutEvents is a plain function here returning hand-written responses in the
// API's shape (EventBridge does not run on this machine); no SDK client is mocked.
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { DomainEvent } from '@theta/assessment';
import type { OutboxEvent } from '@theta/store';
import type { DynamoDBStreamEvent } from 'aws-lambda';

type Module = typeof import('../src/events/publish-outbox');
let m: Module;

beforeAll(async () => {
  // the handler module parses its environment at load, like a cold start
  process.env.EVENT_BUS_NAME = 'theta-test';
  m = await import('../src/events/publish-outbox');
});

const BUS = 'theta-test';

function outboxEvent(n: number): OutboxEvent {
  const event: DomainEvent = {
    id: `evt-${n}`,
    type: 'tasker.placed',
    taskerId: `t${n}`,
    at: '2026-11-25T10:00:00.000Z',
    detail: { placementId: `p${n}`, track: 'generalist' },
  };
  return { event, sequenceNumber: String(1000 + n) };
}

const events = (count: number) => Array.from({ length: count }, (_, i) => outboxEvent(i + 1));

/** PutEvents answering every entry with an EventId, except the given request-local indexes. */
const response = (entries: PutEventsRequestEntry[], failAt: number[] = []) => ({
  FailedEntryCount: failAt.length,
  Entries: entries.map((_, i) =>
    failAt.includes(i) ? { ErrorCode: 'InternalFailure', ErrorMessage: 'try again' } : { EventId: `eb-${i}` },
  ),
});

describe('toEntry', () => {
  it('is a theta.assessment event of the event type, with id, tasker and time in the detail', () => {
    const { event } = outboxEvent(1);
    const entry = m.toEntry(event, BUS);
    expect(entry).toEqual({ EventBusName: BUS, Source: 'theta.assessment', DetailType: 'tasker.placed', Detail: expect.any(String), Resources: [] });
    expect(JSON.parse(entry.Detail ?? '')).toEqual({ id: 'evt-1', taskerId: 't1', at: '2026-11-25T10:00:00.000Z', placementId: 'p1', track: 'generalist' });
  });

  it('a detail key never shadows the event id consumers dedupe on', () => {
    const { event } = outboxEvent(1);
    const detail = JSON.parse(m.toEntry({ ...event, detail: { id: 'forged', taskerId: 'x', at: 'y' } }, BUS).Detail ?? '');
    expect(detail).toEqual({ id: 'evt-1', taskerId: 't1', at: '2026-11-25T10:00:00.000Z' });
  });
});

describe('chunk', () => {
  it('cuts 25 into 10 + 10 + 5, keeps order, and nothing into nothing', () => {
    const items = Array.from({ length: 25 }, (_, i) => i);
    expect(m.chunk(items, 10).map((c) => c.length)).toEqual([10, 10, 5]);
    expect(m.chunk(items, 10).flat()).toEqual(items);
    expect(m.chunk([], 10)).toEqual([]);
    expect(() => m.chunk(items, 0)).toThrow(/positive integer/);
  });
});

describe('failuresIn', () => {
  const sent = events(4);
  let entries: PutEventsRequestEntry[];
  beforeAll(() => {
    entries = sent.map(({ event }) => m.toEntry(event, BUS));
  });

  it('none when every entry has an EventId', () => {
    expect(m.failuresIn(sent, response(entries))).toEqual([]);
  });

  it('exactly the entries with an ErrorCode, by position', () => {
    expect(m.failuresIn(sent, response(entries, [1, 3]))).toEqual([
      { sequenceNumber: '1002', eventId: 'evt-2', reason: 'InternalFailure: try again' },
      { sequenceNumber: '1004', eventId: 'evt-4', reason: 'InternalFailure: try again' },
    ]);
  });

  it('an entry with neither EventId nor ErrorCode counts as failed', () => {
    const r = response(entries);
    r.Entries[2] = {} as (typeof r.Entries)[number];
    expect(m.failuresIn(sent, r).map((f) => f.eventId)).toEqual(['evt-3']);
  });

  it('the whole request when the response cannot be matched entry by entry', () => {
    const all = sent.map((e) => e.sequenceNumber);
    expect(m.failuresIn(sent, { FailedEntryCount: 1, Entries: response(entries).Entries.slice(0, 3) }).map((f) => f.sequenceNumber)).toEqual(all);
    expect(m.failuresIn(sent, {}).map((f) => f.sequenceNumber)).toEqual(all);
    // FailedEntryCount says 2 failed but no entry says which
    expect(m.failuresIn(sent, { ...response(entries), FailedEntryCount: 2 }).map((f) => f.sequenceNumber)).toEqual(all);
  });
});

describe('publish', () => {
  function fakePutEvents(answer: (entries: PutEventsRequestEntry[], call: number) => ReturnType<typeof response>) {
    const calls: PutEventsRequestEntry[][] = [];
    const putEvents = async (entries: PutEventsRequestEntry[]) => {
      calls.push(entries);
      return answer(entries, calls.length);
    };
    return { calls, putEvents };
  }

  it('sends 25 events as 10 + 10 + 5 entries, in order, and reports no failure', async () => {
    const { calls, putEvents } = fakePutEvents((entries) => response(entries));
    expect(await m.publish(events(25), BUS, putEvents)).toEqual([]);
    expect(calls.map((c) => c.length)).toEqual([10, 10, 5]);
    expect(calls.flat().map((e) => JSON.parse(e.Detail ?? '').id)).toEqual(events(25).map((e) => e.event.id));
  });

  it('sends nothing for no events', async () => {
    const { calls, putEvents } = fakePutEvents((entries) => response(entries));
    expect(await m.publish([], BUS, putEvents)).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('partial failure: reports the failed entries and everything after them, and stops sending', async () => {
    const { calls, putEvents } = fakePutEvents((entries, call) => response(entries, call === 2 ? [4, 7] : []));
    const failures = await m.publish(events(25), BUS, putEvents);
    expect(calls).toHaveLength(2); // the third request would only be retried again
    expect(failures.map((f) => f.eventId)).toEqual(['evt-15', 'evt-18', ...events(25).slice(20).map((e) => e.event.id)]);
    expect(failures.slice(2).every((f) => /not sent/.test(f.reason))).toBe(true);
  });

  it('a request that throws fails its entries and the rest', async () => {
    const putEvents = async (): Promise<never> => {
      throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    };
    const failures = await m.publish(events(12), BUS, putEvents);
    expect(failures.map((f) => f.sequenceNumber)).toEqual(events(12).map((e) => e.sequenceNumber));
    expect(failures[0]?.reason).toBe('PutEvents failed: ThrottlingException: Rate exceeded');
  });
});

describe('batchResponse', () => {
  it('names each failed record once, by sequence number', () => {
    const f = (sequenceNumber: string) => ({ sequenceNumber, eventId: 'e', reason: 'r' });
    expect(m.batchResponse([f('1002'), f('1004'), f('1004')])).toEqual({ batchItemFailures: [{ itemIdentifier: '1002' }, { itemIdentifier: '1004' }] });
    expect(m.batchResponse([])).toEqual({ batchItemFailures: [] });
  });
});

describe('handler', () => {
  it('a batch without outbox events calls nothing and reports no failure', async () => {
    const event: DynamoDBStreamEvent = {
      Records: [{ eventName: 'MODIFY', dynamodb: { SequenceNumber: '1', NewImage: { entity: { S: 'event' } } } }],
    };
    await expect(m.handler(event)).resolves.toEqual({ batchItemFailures: [] });
  });
});
