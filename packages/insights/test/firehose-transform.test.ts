// The Firehose transformation of the analytics path with the store's real decoder: a new quiz RESP row becomes one
// analytics row (partition key dt); session writes and updates are Dropped; undecodable data is ProcessingFailed.
import { marshall } from '@aws-sdk/util-dynamodb';
import { transformRecords } from '@theta/insights';
import { type DynamoKinesisChange, responseRecordFromChange } from '@theta/store';

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
