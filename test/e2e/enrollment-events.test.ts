// Enrolment and completion events (docs/data-model.md, "Events"; docs/courses.md): `tasker.enrolled` is written in the
// enrolment's transaction and `tasker.course_completed` in the one that ends the course, through the local API and
// the real stores on DynamoDB Local. A retry or a lost race writes neither; a write that cannot land its event
// writes nothing.
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { courseCompletedEvent, enrolledEvent, recordModuleQuiz, settleCourseExit, ConflictError, type Enrollment, type PlacementSession } from '@theta/assessment';
import { DynamoCatalogStore, DynamoCourseStore, DynamoEnrollmentStore, DynamoPlacementStore, DynamoTrackDefinitionStore, DynamoTrackStore, keys, outboxEventsFrom } from '@theta/store';
import type { DynamoDBRecord } from 'aws-lambda';
import { startLocalStack, type LocalStack } from '../support/local-stack';

let stack: LocalStack;
let n = 0;
const key = () => `enrol-events-${Date.now()}-${n++}`;

// one module, no exit re-assessment: passing the module ends the course
const SHORT = { title: 'Loops, briefly', skills: ['coding'], modules: [{ id: 'loops', title: 'Loops', quiz: { skill: 'coding', length: 2 }, pass: { minCorrectShare: 0.5 } }], variants: [{ id: 'control', weight: 1 }] };
const WITH_EXIT = { ...SHORT, title: 'Loops, with an exit', exitBlueprintId: 'default' };

interface EventRow {
  id: string;
  type: string;
  at: string;
  detail: Record<string, unknown>;
}

async function events(taskerId: string, type: string): Promise<EventRow[]> {
  const out = await stack.ddb.send(
    new QueryCommand({ TableName: stack.tableNames.taskers, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)', ExpressionAttributeValues: { ':pk': keys.tasker(taskerId).pk, ':e': 'EVENT#' }, ConsistentRead: true }),
  );
  return (out.Items ?? []).filter((e) => e.type === type) as EventRow[];
}

/** what the outbox publisher reads off the stream: the row as an INSERT record */
const asInsert = (row: Record<string, unknown>): DynamoDBRecord => ({ eventName: 'INSERT', dynamodb: { SequenceNumber: '1', NewImage: marshall(row) as never } });

async function eventRows(taskerId: string): Promise<Record<string, unknown>[]> {
  const out = await stack.ddb.send(
    new QueryCommand({ TableName: stack.tableNames.taskers, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)', ExpressionAttributeValues: { ':pk': keys.tasker(taskerId).pk, ':e': 'EVENT#' }, ConsistentRead: true }),
  );
  return out.Items ?? [];
}

const enrol = (taskerId: string, courseId: string, idem = key()) =>
  stack.request('POST', `/v1/taskers/${taskerId}/enrollments`, { as: 'ops', sub: 'ops-1', headers: { 'idempotency-key': idem }, body: { courseId } });

const enrollments = () => new DynamoEnrollmentStore(stack.ddb, stack.tableNames.taskers);
const progressDeps = () => ({
  courses: new DynamoCourseStore(stack.ddb, stack.tableNames.bank),
  enrollments: enrollments(),
  reassessments: { placements: new DynamoPlacementStore(stack.ddb, { sessions: stack.tableNames.sessions }), blueprints: new DynamoCatalogStore(stack.ddb, stack.tableNames.bank), now: () => new Date() },
});
const passingQuiz = (taskerId: string, courseId: string, quizId: string) => ({ taskerId, courseId, moduleId: 'loops', quizId, correct: 2, items: 2, theta: 0.3, at: new Date().toISOString() });

beforeAll(async () => {
  stack = await startLocalStack({ seed: true, onHandlerError: (id, e) => console.error(id, e) });
  for (const [id, body] of [['events-short', SHORT], ['events-exit', WITH_EXIT]] as const) expect((await stack.request('PUT', `/v1/courses/${id}`, { as: 'author', sub: 'author-1', body })).status).toBe(201);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('tasker.enrolled', () => {
  test('an ops enrolment writes one event with the enrolment; a retry and another key write none', async () => {
    const first = await enrol('ev-tasker-1', 'events-short');
    expect(first.status).toBe(201);
    const { enrollment } = first.json<{ enrollment: Enrollment }>();
    expect(enrollment.id).toEqual(expect.any(String));
    expect((await enrol('ev-tasker-1', 'events-short')).status).toBe(200);
    const written = await events('ev-tasker-1', 'tasker.enrolled');
    expect(written).toHaveLength(1);
    expect(written[0]!.at).toBe(enrollment.enrolledAt);
    expect(written[0]!.detail).toEqual({
      enrollmentId: enrollment.id,
      courseId: 'events-short',
      courseVersion: 1,
      variant: enrollment.variant,
      enrolledBy: 'ops-1',
      rule: null,
      returnTrack: null,
      remedialTrack: null,
    });
    // the publisher accepts the row as it is stored
    const rows = await eventRows('ev-tasker-1');
    const batch = outboxEventsFrom(rows.map(asInsert));
    expect(batch.rejected).toEqual([]);
    expect(batch.events.map((e) => e.event.type)).toEqual(['tasker.enrolled']);
  });

  test('five concurrent enrolments: one enrolment, one event', async () => {
    const replies = await Promise.all(Array.from({ length: 5 }, () => enrol('ev-tasker-2', 'events-short')));
    expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(await events('ev-tasker-2', 'tasker.enrolled')).toHaveLength(1);
  });

  test('an enrolment whose event cannot be written is not written either', async () => {
    const store = enrollments();
    const enrollment: Enrollment = { id: 'e-3', taskerId: 'ev-tasker-3', courseId: 'events-short', variant: 'control', courseVersion: 1, enrolledAt: new Date().toISOString(), enrolledBy: 'ops-1', status: 'in-progress', modules: {}, version: 1 };
    const event = enrolledEvent(enrollment, 'ev-3');
    // an outbox row already at the event's key: the transaction's event Put fails, so must the enrolment's
    await stack.ddb.send(new PutCommand({ TableName: stack.tableNames.taskers, Item: { ...keys.taskerEvent(event.taskerId, event.at, event.id), entity: 'event', ...event, type: 'tasker.placed' } }));
    await expect(store.putEnrollment(enrollment, event)).rejects.toBeDefined();
    expect(await store.getEnrollment('ev-tasker-3', 'events-short')).toBeUndefined();
  });
});

describe('tasker.course_completed', () => {
  test('the last module passing a course with no exit writes one event with that write; the retried quiz writes none', async () => {
    expect((await enrol('ev-tasker-4', 'events-short')).status).toBe(201);
    const deps = progressDeps();
    const done = await recordModuleQuiz(deps, passingQuiz('ev-tasker-4', 'events-short', 'q-4'));
    expect(done?.status).toBe('completed');
    await recordModuleQuiz(deps, passingQuiz('ev-tasker-4', 'events-short', 'q-4'));
    const written = await events('ev-tasker-4', 'tasker.course_completed');
    expect(written).toHaveLength(1);
    expect(written[0]!.at).toBe(done!.completedAt);
    expect(written[0]!.detail).toMatchObject({ enrollmentId: done!.id, courseId: 'events-short', variant: done!.variant, end: 'no-exit', passedExit: null, returnedTo: null, moveId: null });
  });

  test('a completing write at a stale version writes neither the enrolment nor the event', async () => {
    expect((await enrol('ev-tasker-5', 'events-short')).status).toBe(201);
    const store = enrollments();
    const read = (await store.getEnrollment('ev-tasker-5', 'events-short'))!;
    await store.updateEnrollment({ ...read, version: 2 }, 1);
    const completed: Enrollment = { ...read, status: 'completed', completedAt: new Date().toISOString(), version: 2 };
    const event = courseCompletedEvent(read, completed, 'ev-5', new Date())!;
    await expect(store.updateEnrollment(completed, 1, event)).rejects.toBeInstanceOf(ConflictError);
    expect((await store.getEnrollment('ev-tasker-5', 'events-short'))?.status).toBe('in-progress');
    expect(await events('ev-tasker-5', 'tasker.course_completed')).toHaveLength(0);
  });

  test('the exit re-assessment settled: one event saying passed and the track the tasker returned to; settling again writes none', async () => {
    const taskerId = 'ev-tasker-6';
    const now = new Date().toISOString();
    // a rule-moved tasker on the remedial track, enrolled with where they came from, the course completed and its exit scheduled
    await stack.ddb.send(
      new PutCommand({
        TableName: stack.tableNames.taskers,
        Item: { ...keys.taskerProfile(taskerId), entity: 'profile', taskerId, track: { track: 'remedial:coding', reason: 'rule', rule: 'rule:r', assignedAt: now, assignedBy: 'rule:r@1' } },
      }),
    );
    const store = enrollments();
    const base: Enrollment = { id: 'e-6', taskerId, courseId: 'events-exit', variant: 'control', courseVersion: 1, enrolledAt: now, enrolledBy: 'rule:low-coding@2', returnTrack: 'generalist', remedialTrack: 'remedial:coding', status: 'in-progress', modules: {}, version: 1 };
    await store.putEnrollment(base, enrolledEvent(base, 'ev-6'));
    await store.updateEnrollment({ ...base, status: 'completed', completedAt: now, exit: { blueprintId: 'default', scheduledAt: now }, version: 2 }, 1);
    const completedAt = new Date().toISOString();
    const session = {
      id: 'p-exit-6',
      taskerId,
      blueprintId: 'default',
      status: 'completed',
      reassessment: { reason: 'exit', scheduledBy: 'course:events-exit', scheduledAt: now },
      result: { skills: { coding: { theta: 0.8, se: 0.3 } }, track: 'generalist', completedAt },
    } as unknown as PlacementSession;
    const deps = { tracks: new DynamoTrackStore(stack.ddb, stack.tableNames.taskers), definitions: new DynamoTrackDefinitionStore(stack.ddb, stack.tableNames.bank), enrollments: store, now: () => new Date() };
    const exit = await settleCourseExit(deps, session);
    expect(exit).toMatchObject({ outcome: 'passed', placementId: 'p-exit-6', moveId: expect.any(String) });
    await settleCourseExit(deps, session);
    const written = await events(taskerId, 'tasker.course_completed');
    expect(written).toHaveLength(1);
    expect(written[0]!.at).toBe(completedAt);
    expect(written[0]!.detail).toMatchObject({ enrollmentId: 'e-6', courseId: 'events-exit', end: 'passed', passedExit: true, exitPlacementId: 'p-exit-6', returnedTo: 'generalist', moveId: exit!.moveId });
    expect((await store.getEnrollment(taskerId, 'events-exit'))?.exit?.outcome).toBe('passed');
    const [enrolled] = await events(taskerId, 'tasker.enrolled');
    expect(enrolled?.detail).toMatchObject({ rule: { ruleId: 'low-coding', version: 2 }, returnTrack: 'generalist', remedialTrack: 'remedial:coding' });
  });

  test('an ops enrolment has no returnTrack: passing its exit is recorded and returns nobody (no move, returnedTo null)', async () => {
    const taskerId = 'ev-tasker-7';
    const now = new Date().toISOString();
    await stack.ddb.send(
      new PutCommand({
        TableName: stack.tableNames.taskers,
        Item: { ...keys.taskerProfile(taskerId), entity: 'profile', taskerId, track: { track: 'expert:coding', reason: 'placed', rule: 'r', assignedAt: now, assignedBy: 'placement' } },
      }),
    );
    expect((await enrol(taskerId, 'events-exit')).status).toBe(201);
    const store = enrollments();
    const enrolled = (await store.getEnrollment(taskerId, 'events-exit'))!;
    expect(enrolled).not.toHaveProperty('returnTrack');
    expect(enrolled).not.toHaveProperty('remedialTrack');
    await store.updateEnrollment({ ...enrolled, status: 'completed', completedAt: now, exit: { blueprintId: 'default', scheduledAt: now }, version: 2 }, 1);
    const session = {
      id: 'p-exit-7',
      taskerId,
      blueprintId: 'default',
      status: 'completed',
      reassessment: { reason: 'exit', scheduledBy: 'course:events-exit', scheduledAt: now },
      result: { skills: { coding: { theta: 0.8, se: 0.3 } }, track: 'generalist', completedAt: new Date().toISOString() },
    } as unknown as PlacementSession;
    const tracks = new DynamoTrackStore(stack.ddb, stack.tableNames.taskers);
    const exit = await settleCourseExit({ tracks, definitions: new DynamoTrackDefinitionStore(stack.ddb, stack.tableNames.bank), enrollments: store, now: () => new Date() }, session);
    expect(exit).toMatchObject({ outcome: 'passed', placementId: 'p-exit-7' });
    expect(exit).not.toHaveProperty('moveId');
    expect((await tracks.getTrackProfile(taskerId))?.track?.track).toBe('expert:coding');
    expect(await events(taskerId, 'tasker.track_changed')).toHaveLength(0);
    const [completed] = await events(taskerId, 'tasker.course_completed');
    expect(completed?.detail).toMatchObject({ end: 'passed', passedExit: true, returnedTo: null, moveId: null });
  });
});
