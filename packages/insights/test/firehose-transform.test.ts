// The Firehose transformation of the analytics path with the store's real decoder: a new quiz RESP row becomes one
// analytics row (partition key dt); session writes and updates are Dropped; undecodable data is ProcessingFailed.
import { marshall } from '@aws-sdk/util-dynamodb';
import { deliveryKind, transformRecords } from '@theta/insights';
import { type DynamoKinesisChange, enrollmentRecordFromChange, measurementRecordsFromChange, responseRecordFromChange } from '@theta/store';

const b64 = (x: unknown) => Buffer.from(typeof x === 'string' ? x : JSON.stringify(x)).toString('base64');
const change = (eventName: string, row: Record<string, unknown>) => ({ eventName, dynamodb: { NewImage: marshall(row, { removeUndefinedValues: true }) } });

const quizRow = {
  pk: 'QUIZ#q1',
  sk: 'RESP#000002',
  entity: 'quiz-response',
  sessionId: 'q1',
  responseId: 'q1#2',
  taskerId: 't-7',
  itemId: 'i9',
  score: 0,
  at: '2026-12-03T23:59:59.500+00:00',
  answer: 'C',
  errorTag: 'unit-error',
  elapsedMs: 4100,
  skill: 'math',
  thetaBefore: 0.25,
  seBefore: 0.4,
};

test('a new response row → its analytics row, dt from at in UTC', () => {
  const out = transformRecords(
    { records: [{ recordId: '1', data: b64(change('INSERT', quizRow)) }, { recordId: '2', data: b64(change('MODIFY', quizRow)) }, { recordId: '3', data: b64(change('INSERT', { pk: 'QUIZ#q1', sk: 'STATE', entity: 'quiz' })) }, { recordId: '4', data: b64('not json') }] },
    (c) => responseRecordFromChange(c as DynamoKinesisChange),
  );
  expect(out.records.map((r) => [r.recordId, r.result])).toEqual([['1', 'Ok'], ['2', 'Dropped'], ['3', 'Dropped'], ['4', 'ProcessingFailed']]);
  const ok = out.records[0]!;
  expect(ok.metadata).toEqual({ partitionKeys: { dt: '2026-12-03' } });
  expect(JSON.parse(Buffer.from(ok.data, 'base64').toString('utf8'))).toEqual({
    response_id: 'q1#2',
    tasker_id: 't-7',
    item_id: 'i9',
    score: 0,
    answered_at: '2026-12-03T23:59:59.500Z',
    session_id: 'q1',
    context: 'quiz',
    answer: 'C',
    error_tag: 'unit-error',
    elapsed_ms: 4100,
    skill: 'math',
    theta_before: 0.25,
    se_before: 0.4,
    course_id: null,
    variant: null,
    track: null,
    dt: '2026-12-03',
  });
});

describe('the enrollments and measurements delivery streams (same change stream, kind from the stream name)', () => {
  const arn = (kind: string) => `arn:aws:firehose:eu-west-1:123456789012:deliverystream/theta-dev-analytics-${kind}`;
  const decoders = {
    responses: (c: unknown) => responseRecordFromChange(c as DynamoKinesisChange),
    enrollments: (c: unknown) => enrollmentRecordFromChange(c as DynamoKinesisChange),
    measurements: (c: unknown) => measurementRecordsFromChange(c as DynamoKinesisChange),
  };
  const enrollRow = { pk: 'TASKER#t-7', sk: 'ENROLL#c1', entity: 'enrollment', taskerId: 't-7', courseId: 'c1', variant: 'video', courseVersion: 2, enrolledAt: '2026-12-01T10:00:00.000Z', enrolledBy: 'ops-1' };
  const historyRow = {
    pk: 'TASKER#t-7',
    sk: 'HISTORY#2026-12-02T08:00:00.000Z#pl-1',
    entity: 'history',
    records: [
      { skill: 'math', theta: 0.5, se: 0.3, measuredAt: '2026-12-02T08:00:00.000Z', source: { kind: 'placement', id: 'pl-1', blueprintId: 'general', blueprintVersion: 3 } },
      { skill: 'coding', theta: -0.2, se: 0.4, measuredAt: '2026-12-02T08:00:00.000Z', source: { kind: 'placement', id: 'pl-1', blueprintId: 'general', blueprintVersion: 3 } },
    ],
  };
  const decode = (data: string) => Buffer.from(data, 'base64').toString('utf8').trim().split('\n').map((l) => JSON.parse(l));

  test('enrollments: ENROLL# inserts and updates become rows (dt of enrolment); responses and history are Dropped', () => {
    const out = transformRecords(
      { deliveryStreamArn: arn('enrollments'), records: [{ recordId: '1', data: b64(change('INSERT', enrollRow)) }, { recordId: '2', data: b64(change('MODIFY', { ...enrollRow, completedAt: '2026-12-09T00:00:00.000Z' })) }, { recordId: '3', data: b64(change('INSERT', quizRow)) }, { recordId: '4', data: b64(change('INSERT', historyRow)) }] },
      decoders,
    );
    expect(out.records.map((r) => r.result)).toEqual(['Ok', 'Ok', 'Dropped', 'Dropped']);
    expect(out.records[0]!.metadata).toEqual({ partitionKeys: { dt: '2026-12-01' } });
    expect(decode(out.records[0]!.data)).toEqual([{ tasker_id: 't-7', course_id: 'c1', variant: 'video', course_version: 2, enrolled_at: '2026-12-01T10:00:00.000Z', completed_at: null, exit_reached_at: null, dt: '2026-12-01' }]);
    expect(decode(out.records[1]!.data)[0].completed_at).toBe('2026-12-09T00:00:00.000Z');
    // the exit is reached when the course's exit re-assessment was decided passed (a failed one is not)
    const exited = (outcome: string) =>
      decode(transformRecords({ deliveryStreamArn: arn('enrollments'), records: [{ recordId: '1', data: b64(change('MODIFY', { ...enrollRow, status: 'completed', exit: { blueprintId: 'exit-bp', outcome, decidedAt: '2026-12-20T00:00:00.000Z' } })) }] }, decoders).records[0]!.data)[0].exit_reached_at;
    expect(exited('passed')).toBe('2026-12-20T00:00:00.000Z');
    expect(exited('failed')).toBeNull();
  });

  test('measurements: one new HISTORY# row → one line per measured skill; updates and other rows Dropped', () => {
    const out = transformRecords(
      { deliveryStreamArn: arn('measurements'), records: [{ recordId: '1', data: b64(change('INSERT', historyRow)) }, { recordId: '2', data: b64(change('MODIFY', historyRow)) }, { recordId: '3', data: b64(change('INSERT', enrollRow)) }] },
      decoders,
    );
    expect(out.records.map((r) => r.result)).toEqual(['Ok', 'Dropped', 'Dropped']);
    expect(out.records[0]!.metadata).toEqual({ partitionKeys: { dt: '2026-12-02' } });
    expect(decode(out.records[0]!.data)).toEqual([
      { tasker_id: 't-7', skill: 'math', theta: 0.5, se: 0.3, measured_at: '2026-12-02T08:00:00.000Z', source: 'placement', session_id: 'pl-1', blueprint_id: 'general', project_id: null, dt: '2026-12-02' },
      { tasker_id: 't-7', skill: 'coding', theta: -0.2, se: 0.4, measured_at: '2026-12-02T08:00:00.000Z', source: 'placement', session_id: 'pl-1', blueprint_id: 'general', project_id: null, dt: '2026-12-02' },
    ]);
  });

  test('the responses stream (any other name) drops enrolment and history rows', () => {
    const out = transformRecords({ deliveryStreamArn: 'arn:aws:firehose:eu-west-1:1:deliverystream/Theta-AnalyticsDelivery-AbC', records: [{ recordId: '1', data: b64(change('INSERT', enrollRow)) }, { recordId: '2', data: b64(change('INSERT', quizRow)) }] }, decoders);
    expect(out.records.map((r) => r.result)).toEqual(['Dropped', 'Ok']);
    expect(deliveryKind(arn('measurements'))).toBe('measurements');
    expect(deliveryKind(undefined)).toBe('responses');
  });
});
