// Courses as data end to end (docs/courses.md) through the local API Gateway, the real handlers and DynamoDB Local:
// an author defines a course with two variants, ops enrol taskers (idempotent, stable variant), a tasker reads only
// its variant, and a quiz in the course writes responses that carry courseId and variant into the response log.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { assignVariant, ConflictError, ENROLLMENT_CHANGED, recordModuleQuiz, type EnrollmentStore } from '@theta/assessment';
import { DynamoCatalogStore, DynamoCourseStore, DynamoEnrollmentStore, DynamoPlacementStore, DynamoResponseLogStore, keys } from '@theta/store';
import { startLocalStack, type LocalStack } from '../support/local-stack';

let stack: LocalStack;
let n = 0;
const key = () => `course-key-${Date.now()}-${n++}`;
const startedAt = new Date(Date.now() - 60_000).toISOString();

interface ErrorBody {
  error: { code: string; details?: { path: string; message: string }[] | { field: string } };
}
interface Enrollment {
  taskerId: string;
  courseId: string;
  variant: string;
  courseVersion: number;
  enrolledAt: string;
  enrolledBy: string;
}

const COURSE = {
  title: 'Coding basics, again',
  skills: ['coding'],
  modules: [
    { id: 'loops', title: 'Loops', quiz: { skill: 'coding', length: 2 }, pass: { minCorrectShare: 0.5 }, materials: [{ title: 'Loops explained', url: 'https://example.com/loops' }] },
    { id: 'types', title: 'Types', quiz: { skill: 'coding' }, pass: { minTheta: 0 } },
  ],
  exitBlueprintId: 'default',
  variants: [
    { id: 'control', weight: 1 },
    { id: 'video', weight: 1, modules: ['types', 'loops'], materials: { loops: [{ title: 'Loops video', url: 'https://example.com/loops.mp4' }] } },
  ],
};

const enrol = (taskerId: string, courseId: string, as: 'ops' | 'tasker' | 'author' = 'ops', sub = 'ops-1', idem = key()) =>
  stack.request('POST', `/v1/taskers/${taskerId}/enrollments`, { as, sub, headers: { 'idempotency-key': idem }, body: { courseId } });

beforeAll(async () => {
  stack = await startLocalStack({ seed: true, onHandlerError: (id, e) => console.error(id, e) });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('PUT/GET /v1/courses/{id}', () => {
  test('an author defines a course (201, version 1); the same content again is a no-op (200); a change is version 2', async () => {
    const first = await stack.request('PUT', '/v1/courses/coding-again', { as: 'author', sub: 'author-1', body: COURSE });
    expect(first.status).toBe(201);
    expect(first.json<{ version: number; updatedBy: string }>()).toMatchObject({ id: 'coding-again', version: 1, updatedBy: 'author-1' });
    const again = await stack.request('PUT', '/v1/courses/coding-again', { as: 'author', sub: 'author-1', body: COURSE });
    expect(again.status).toBe(200);
    expect(again.json<{ version: number }>().version).toBe(1);
    const changed = await stack.request('PUT', '/v1/courses/coding-again', { as: 'author', sub: 'author-1', body: { ...COURSE, title: 'Coding basics, revisited' } });
    expect(changed.status).toBe(201);
    expect(changed.json<{ version: number }>().version).toBe(2);
    const v1 = await stack.request('GET', '/v1/courses/coding-again?version=1', { as: 'ops', sub: 'ops-1' });
    expect(v1.status).toBe(200);
    expect(v1.json<{ title: string }>().title).toBe(COURSE.title);
    const current = await stack.request('GET', '/v1/courses/coding-again', { as: 'author', sub: 'author-1' });
    expect(current.json<{ version: number; variants: unknown[] }>()).toMatchObject({ version: 2, variants: COURSE.variants });
    // put it back for the rest of the file (version 3)
    expect((await stack.request('PUT', '/v1/courses/coding-again', { as: 'author', sub: 'author-1', body: COURSE })).status).toBe(201);
  });

  test('bad input → 400 naming each field, and nothing written', async () => {
    const bad = {
      ...COURSE,
      modules: [COURSE.modules[0], { ...COURSE.modules[1], id: 'loops' }],
      variants: [{ id: 'control', weight: 1, modules: ['nope'] }, { id: 'x', weight: 0 }],
    };
    const res = await stack.request('PUT', '/v1/courses/broken', { as: 'author', sub: 'author-1', body: bad });
    expect(res.status).toBe(400);
    const paths = (res.json<ErrorBody>().error.details as { path: string }[]).map((d) => d.path);
    // schema errors use the http layer's dotted paths
    expect(paths).toContain('body.variants.1.weight');
    const cross = await stack.request('PUT', '/v1/courses/broken', { as: 'author', sub: 'author-1', body: { ...bad, variants: [{ id: 'control', weight: 1, modules: ['nope'] }] } });
    expect(cross.status).toBe(400);
    expect((cross.json<ErrorBody>().error.details as { path: string }[]).map((d) => d.path)).toEqual(expect.arrayContaining(['body.modules[1].id', 'body.variants[0].modules[0]']));
    const stored = await stack.ddb.send(new GetCommand({ TableName: stack.tableNames.bank, Key: keys.courseCurrent('broken') }));
    expect(stored.Item).toBeUndefined();
    expect((await stack.request('GET', '/v1/courses/broken', { as: 'author', sub: 'author-1' })).status).toBe(404);
  });

  test('roles: ops and taskers cannot define a course; a tasker not enrolled gets 404', async () => {
    expect((await stack.request('PUT', '/v1/courses/x', { as: 'ops', sub: 'ops-1', body: COURSE })).status).toBe(403);
    expect((await stack.request('PUT', '/v1/courses/x', { as: 'tasker', sub: 't-1', body: COURSE })).status).toBe(403);
    expect((await stack.request('GET', '/v1/courses/coding-again', { as: 'tasker', sub: 'never-enrolled' })).status).toBe(404);
  });
});

describe('POST /v1/taskers/{id}/enrollments', () => {
  test('enrols with the hashed variant; enrolling again (another key, another ops) returns the same enrollment and writes nothing', async () => {
    const first = await enrol('course-t1', 'coding-again');
    expect(first.status).toBe(201);
    const e = first.json<{ enrollment: Enrollment }>().enrollment;
    expect(e).toMatchObject({ taskerId: 'course-t1', courseId: 'coding-again', courseVersion: 3, enrolledBy: 'ops-1', variant: assignVariant('coding-again', 'course-t1', COURSE.variants) });
    const again = await enrol('course-t1', 'coding-again', 'ops', 'ops-2');
    expect(again.status).toBe(200);
    expect(again.json<{ enrollment: Enrollment }>().enrollment).toEqual(e);
    const row = await stack.ddb.send(new GetCommand({ TableName: stack.tableNames.taskers, Key: keys.taskerEnrollment('course-t1', 'coding-again'), ConsistentRead: true }));
    expect(row.Item).toMatchObject({ enrolledBy: 'ops-1', variant: e.variant });
  });

  test('concurrent enrolments of one tasker leave one enrollment, the same for all', async () => {
    const replies = await Promise.all(Array.from({ length: 5 }, () => enrol('course-race', 'coding-again')));
    expect(replies.map((r) => r.status).filter((s) => s === 201)).toHaveLength(1);
    const [first, ...rest] = replies.map((r) => r.json<{ enrollment: Enrollment }>().enrollment);
    for (const e of rest) expect(e).toEqual(first);
  });

  test('40 taskers: both variants assigned, each as the seeded hash says', async () => {
    const seen = new Map<string, number>();
    for (let i = 0; i < 40; i++) {
      const res = await enrol(`course-many-${i}`, 'coding-again');
      expect(res.status).toBe(201);
      const v = res.json<{ enrollment: Enrollment }>().enrollment.variant;
      expect(v).toBe(assignVariant('coding-again', `course-many-${i}`, COURSE.variants));
      seen.set(v, (seen.get(v) ?? 0) + 1);
    }
    expect([...seen.keys()].sort()).toEqual(['control', 'video']);
  });

  test('a tasker cannot enrol (403); an unknown course → 422 naming body.courseId; a bad body → 400; nothing written', async () => {
    expect((await enrol('course-t2', 'coding-again', 'tasker', 'course-t2')).status).toBe(403);
    expect((await enrol('course-t2', 'coding-again', 'author', 'author-1')).status).toBe(403);
    const unknown = await enrol('course-t2', 'no-such-course');
    expect(unknown.status).toBe(422);
    expect(unknown.json<ErrorBody>().error).toMatchObject({ code: 'course_not_found', details: { field: 'body.courseId' } });
    const bad = await enrol('course-t2', 'Not A Slug');
    expect(bad.status).toBe(400);
    expect((bad.json<ErrorBody>().error.details as { path: string }[]).map((d) => d.path)).toContain('body.courseId');
    const noKey = await stack.request('POST', '/v1/taskers/course-t2/enrollments', { as: 'ops', sub: 'ops-1', body: { courseId: 'coding-again' } });
    expect(noKey.status).toBe(400);
    const list = await stack.request('GET', '/v1/taskers/course-t2/enrollments', { as: 'ops', sub: 'ops-1' });
    expect(list.json<{ enrollments: unknown[] }>().enrollments).toEqual([]);
  });

  test('GET enrollments: ops and the tasker themself; another tasker gets 404', async () => {
    const own = await stack.request('GET', '/v1/taskers/course-t1/enrollments', { as: 'tasker', sub: 'course-t1' });
    expect(own.status).toBe(200);
    expect(own.json<{ enrollments: Enrollment[] }>().enrollments.map((e) => e.courseId)).toEqual(['coding-again']);
    expect((await stack.request('GET', '/v1/taskers/course-t1/enrollments', { as: 'ops', sub: 'ops-1' })).status).toBe(200);
    expect((await stack.request('GET', '/v1/taskers/course-t1/enrollments', { as: 'tasker', sub: 'course-t2' })).status).toBe(404);
  });

  test("an enrolled tasker reads the course as its variant's modules only, no other variant", async () => {
    const res = await stack.request('GET', '/v1/courses/coding-again', { as: 'tasker', sub: 'course-t1' });
    expect(res.status).toBe(200);
    const view = res.json<{ variant: string; modules: { id: string; materials?: { title: string }[] }[]; variants?: unknown }>();
    const variant = assignVariant('coding-again', 'course-t1', COURSE.variants);
    expect(view.variant).toBe(variant);
    expect(view.variants).toBeUndefined();
    if (variant === 'video') {
      expect(view.modules.map((m) => m.id)).toEqual(['types', 'loops']);
      expect(view.modules[1]!.materials).toEqual([{ title: 'Loops video', url: 'https://example.com/loops.mp4' }]);
    } else expect(view.modules.map((m) => m.id)).toEqual(['loops', 'types']);
  });
});

describe('a quiz in a course', () => {
  test('not enrolled → 422 naming body.courseId, no quiz written', async () => {
    const res = await stack.request('POST', '/v1/quizzes', { as: 'tasker', sub: 'course-t2', body: { skill: 'coding', length: 2, courseId: 'coding-again' } });
    expect(res.status).toBe(422);
    expect(res.json<ErrorBody>().error).toMatchObject({ code: 'not_enrolled', details: { field: 'body.courseId' } });
  });

  test('enrolled: the quiz and every response-log record carry courseId and the enrollment variant', async () => {
    const variant = assignVariant('coding-again', 'course-t1', COURSE.variants);
    const start = await stack.request('POST', '/v1/quizzes', { as: 'tasker', sub: 'course-t1', body: { skill: 'coding', length: 2, courseId: 'coding-again' } });
    expect(start.status).toBe(201);
    const { quizId } = start.json<{ quizId: string }>();
    let item: { id: string; options: { id: string }[] } | undefined = start.json<{ item: { id: string; options: { id: string }[] } }>().item;
    while (item) {
      const res = await stack.request('POST', `/v1/quizzes/${quizId}/responses`, { as: 'tasker', sub: 'course-t1', headers: { 'idempotency-key': key() }, body: { itemId: item.id, answer: item.options[0]!.id } });
      expect(res.status).toBe(200);
      const step = res.json<{ status: string; item?: { id: string; options: { id: string }[] } }>();
      item = step.status === 'in-progress' ? step.item : undefined;
    }
    const quiz = await stack.request('GET', `/v1/quizzes/${quizId}`, { as: 'tasker', sub: 'course-t1' });
    expect(quiz.json<{ courseId: string; variant: string }>()).toMatchObject({ courseId: 'coding-again', variant });

    // the response log as exported (Query on the sessions' day index)
    const log = new DynamoResponseLogStore(stack.ddb, { sessions: stack.tableNames.sessions });
    const mine = [];
    let cursor: string | undefined;
    do {
      const page = await log.readResponsePage({ from: startedAt, ...(cursor ? { cursor } : {}) });
      mine.push(...page.records.filter((r) => r.sessionId === quizId));
      cursor = page.cursor;
    } while (cursor);
    expect(mine).toHaveLength(2);
    for (const r of mine) expect(r).toMatchObject({ context: 'quiz', courseId: 'coding-again', variant });
  });
});

describe('module progress on the real stores (DynamoDB Local)', () => {
  const enrolled = async (taskerId: string) => {
    expect((await enrol(taskerId, 'coding-again')).status).toBe(201);
    return new DynamoEnrollmentStore(stack.ddb, stack.tableNames.taskers);
  };

  test('a progress write at a stale version is refused (409 enrollment_changed) and writes nothing', async () => {
    const store = await enrolled('course-progress-1');
    const read = (await store.getEnrollment('course-progress-1', 'coding-again'))!;
    expect(read.version).toBe(1);
    await store.updateEnrollment({ ...read, completedAt: 'first', version: 2 }, 1);
    await expect(store.updateEnrollment({ ...read, completedAt: 'second', version: 2 }, 1)).rejects.toMatchObject({ code: ENROLLMENT_CHANGED });
    expect(await store.getEnrollment('course-progress-1', 'coding-again')).toMatchObject({ completedAt: 'first', version: 2 });
  });

  test("two quizzes of a module finishing between each other's read and write both count: the loser re-reads and re-applies", async () => {
    const real = await enrolled('course-progress-2');
    // both writers hold the same version before either writes: one must lose its condition
    let arrived = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let conflicts = 0;
    const racing: EnrollmentStore = {
      getEnrollment: (t, c) => real.getEnrollment(t, c),
      listEnrollments: (t) => real.listEnrollments(t),
      putEnrollment: (e, event) => real.putEnrollment(e, event),
      updateEnrollment: async (e, version, event) => {
        if (arrived < 2) {
          arrived++;
          if (arrived === 2) release();
          await gate;
        }
        try {
          await real.updateEnrollment(e, version, event);
        } catch (error) {
          if (error instanceof ConflictError) conflicts++;
          throw error;
        }
      },
    };
    const deps = {
      courses: new DynamoCourseStore(stack.ddb, stack.tableNames.bank),
      enrollments: racing,
      reassessments: { placements: new DynamoPlacementStore(stack.ddb, { sessions: stack.tableNames.sessions }), blueprints: new DynamoCatalogStore(stack.ddb, stack.tableNames.bank), now: () => new Date() },
    };
    const attempt = (quizId: string, correct: number) => ({ taskerId: 'course-progress-2', courseId: 'coding-again', moduleId: 'loops', quizId, correct, items: 2, theta: 0, at: new Date().toISOString() });
    await Promise.all([recordModuleQuiz(deps, attempt('quiz-a', 0)), recordModuleQuiz(deps, attempt('quiz-b', 2))]);
    expect(conflicts).toBe(1);
    const stored = await real.getEnrollment('course-progress-2', 'coding-again');
    // loops' pass rule: minCorrectShare 0.5 — quiz-b (2 of 2) passes it, quiz-a (0 of 2) does not
    expect(stored?.modules?.loops).toMatchObject({ attempts: 2, passed: true, quizIds: expect.arrayContaining(['quiz-a', 'quiz-b']) });
    expect(stored?.version).toBe(3);
    // the module 'types' is not passed: the course is not complete, nothing scheduled
    expect(stored?.status).toBe('in-progress');
    expect(stored?.exit).toBeUndefined();
  });

  test('completing a course whose exit blueprint is not published records the problem for ops; the quizzes still count', async () => {
    const store = await enrolled('course-progress-3');
    const deps = {
      courses: new DynamoCourseStore(stack.ddb, stack.tableNames.bank),
      enrollments: store,
      reassessments: { placements: new DynamoPlacementStore(stack.ddb, { sessions: stack.tableNames.sessions }), blueprints: new DynamoCatalogStore(stack.ddb, stack.tableNames.bank), now: () => new Date() },
    };
    const at = new Date().toISOString();
    await recordModuleQuiz(deps, { taskerId: 'course-progress-3', courseId: 'coding-again', moduleId: 'loops', quizId: 'q-loops', correct: 1, items: 2, theta: -1, at });
    // types: minTheta 0 (inclusive)
    const done = await recordModuleQuiz(deps, { taskerId: 'course-progress-3', courseId: 'coding-again', moduleId: 'types', quizId: 'q-types', correct: 0, items: 3, theta: 0, at });
    expect(done).toMatchObject({ status: 'completed', completedAt: at, exit: { blueprintId: 'default', problem: expect.stringContaining("no published blueprint 'default'") } });
    expect(done?.exit?.scheduledAt).toBeUndefined();
    // nothing was scheduled on the tasker's placement slot
    const slot = await stack.ddb.send(new GetCommand({ TableName: stack.tableNames.sessions, Key: keys.taskerPlacements('course-progress-3'), ConsistentRead: true }));
    expect(slot.Item?.scheduled).toBeUndefined();
  });
});
