// The Firehose transformation of the analytics path with the store's real decoder: a new quiz RESP row becomes one
// analytics row (partition key dt); session writes and updates are Dropped; undecodable data is ProcessingFailed.
import { marshall } from '@aws-sdk/util-dynamodb';
import { deliveryKind, transformRecords } from '@theta/insights';
import { type DynamoKinesisChange, enrollmentRecordFromChange, measurementRecordsFromChange, responseRecordFromChange, trackChangeRecordFromChange } from '@theta/store';

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
    project_id: null,
    dt: '2026-12-03',
  });
});

test("a project blueprint's placement RESP row carries its project into project_id", () => {
  const placementRow = { pk: 'PLACEMENT#pl-4', sk: 'RESP#000001', entity: 'response', placementId: 'pl-4', seq: 1, taskerId: 't-8', itemId: 'i2', score: 1, at: '2026-12-04T09:00:00.000Z', context: 'placement', skill: 'math', projectId: 'apollo' };
  const out = transformRecords({ records: [{ recordId: '1', data: b64(change('INSERT', placementRow)) }, { recordId: '2', data: b64(change('INSERT', { ...placementRow, sk: 'RESP#000002', seq: 2, projectId: undefined })) }] }, (c) =>
    responseRecordFromChange(c as DynamoKinesisChange),
  );
  const rows = out.records.map((r) => JSON.parse(Buffer.from(r.data, 'base64').toString('utf8')));
  expect(rows.map((r) => [r.response_id, r.project_id])).toEqual([
    ['pl-4#1', 'apollo'],
    ['pl-4#2', null],
  ]);
});

describe('the enrollments and measurements delivery streams (same change stream, kind from the stream name)', () => {
  const arn = (kind: string) => `arn:aws:firehose:eu-west-1:123456789012:deliverystream/theta-dev-analytics-${kind}`;
  const decoders = {
    responses: (c: unknown) => responseRecordFromChange(c as DynamoKinesisChange),
    enrollments: (c: unknown) => enrollmentRecordFromChange(c as DynamoKinesisChange),
    measurements: (c: unknown) => measurementRecordsFromChange(c as DynamoKinesisChange),
    track_changes: (c: unknown) => trackChangeRecordFromChange(c as DynamoKinesisChange),
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

  // the two writers of TRACK# rows, as packages/store writes them (track-repository.ts, placement-repository.ts)
  const personMove = {
    pk: 'TASKER#t-7',
    sk: 'TRACK#2026-12-05T10:00:00.000Z#mv-1',
    entity: 'track-move',
    id: 'mv-1',
    taskerId: 't-7',
    at: '2026-12-05T10:00:00.000Z',
    from: 'generalist',
    to: 'remedial:coding',
    reason: 'missed the unit tests twice',
    actor: { kind: 'person', sub: 'ops-1' },
    requestKey: 'k-1',
  };
  const ruleMove = { ...personMove, sk: 'TRACK#2026-12-06T00:00:00.000Z#mv-2', id: 'mv-2', at: '2026-12-06T00:00:00.000Z', from: 'remedial:coding', to: 'generalist', reason: 'rule', actor: { kind: 'rule', ruleId: 'back-to-general', version: 3 } };
  const placementTrack = {
    pk: 'TASKER#t-7',
    sk: 'TRACK#2026-12-02T08:00:00.000Z',
    entity: 'track',
    track: 'generalist',
    reason: 'math 0.50 ≥ 0.3',
    rule: 'generalist-cut',
    assignedAt: '2026-12-02T08:00:00.000Z',
    assignedBy: 'placement',
    placementId: 'pl-1',
  };

  test('track_changes: new TRACK# rows (moves by a person or a rule, placements) → one row each; updates and other rows Dropped', () => {
    const out = transformRecords(
      {
        deliveryStreamArn: arn('track_changes'),
        records: [personMove, ruleMove, placementTrack, { ...placementTrack, sk: 'TRACK#2026-12-03T08:00:00.000Z', assignedAt: '2026-12-03T08:00:00.000Z', placementId: 'pl-2', track: 'expert:math', projectId: 'apollo' }]
          .map((row, i) => ({ recordId: String(i + 1), data: b64(change('INSERT', row)) }))
          .concat([
            { recordId: '5', data: b64(change('MODIFY', personMove)) },
            { recordId: '6', data: b64(change('INSERT', historyRow)) },
            { recordId: '7', data: b64(change('INSERT', { pk: 'TASKER#t-7', sk: 'MOVEKEY#k-1', entity: 'move-key', move: personMove })) },
          ]),
      },
      decoders,
    );
    expect(out.records.map((r) => r.result)).toEqual(['Ok', 'Ok', 'Ok', 'Ok', 'Dropped', 'Dropped', 'Dropped']);
    expect(out.records.slice(0, 4).map((r) => r.metadata!.partitionKeys.dt)).toEqual(['2026-12-05', '2026-12-06', '2026-12-02', '2026-12-03']);
    expect(out.records.slice(0, 4).flatMap((r) => decode(r.data))).toEqual([
      { tasker_id: 't-7', from_track: 'generalist', to_track: 'remedial:coding', changed_at: '2026-12-05T10:00:00.000Z', actor_kind: 'person', actor_id: 'ops-1', rule_version: null, reason: 'missed the unit tests twice', rule: null, placement_id: null, project_id: null, move_id: 'mv-1', dt: '2026-12-05' },
      { tasker_id: 't-7', from_track: 'remedial:coding', to_track: 'generalist', changed_at: '2026-12-06T00:00:00.000Z', actor_kind: 'rule', actor_id: 'back-to-general', rule_version: 3, reason: 'rule', rule: null, placement_id: null, project_id: null, move_id: 'mv-2', dt: '2026-12-06' },
      { tasker_id: 't-7', from_track: null, to_track: 'generalist', changed_at: '2026-12-02T08:00:00.000Z', actor_kind: 'placement', actor_id: 'placement', rule_version: null, reason: 'math 0.50 ≥ 0.3', rule: 'generalist-cut', placement_id: 'pl-1', project_id: null, move_id: null, dt: '2026-12-02' },
      { tasker_id: 't-7', from_track: null, to_track: 'expert:math', changed_at: '2026-12-03T08:00:00.000Z', actor_kind: 'placement', actor_id: 'placement', rule_version: null, reason: 'math 0.50 ≥ 0.3', rule: 'generalist-cut', placement_id: 'pl-2', project_id: 'apollo', move_id: null, dt: '2026-12-03' },
    ]);
    // the other streams drop them
    expect(transformRecords({ deliveryStreamArn: arn('measurements'), records: [{ recordId: '1', data: b64(change('INSERT', personMove)) }] }, decoders).records[0]!.result).toBe('Dropped');
    expect(deliveryKind(arn('track_changes'))).toBe('track_changes');
  });

  test('the responses stream (any other name) drops enrolment and history rows', () => {
    const out = transformRecords({ deliveryStreamArn: 'arn:aws:firehose:eu-west-1:1:deliverystream/Theta-AnalyticsDelivery-AbC', records: [{ recordId: '1', data: b64(change('INSERT', enrollRow)) }, { recordId: '2', data: b64(change('INSERT', quizRow)) }] }, decoders);
    expect(out.records.map((r) => r.result)).toEqual(['Dropped', 'Ok']);
    expect(deliveryKind(arn('measurements'))).toBe('measurements');
    expect(deliveryKind(undefined)).toBe('responses');
  });
});
