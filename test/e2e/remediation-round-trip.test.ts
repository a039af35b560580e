// The remediation round trip end to end (local API Gateway, the real handlers, DynamoDB Local, demo seed): a tasker
// whose delivered work scores low lands on the remedial track by a rule and is enrolled in its course, takes the
// course's module quizzes (each judged by its pass rule), passes, takes the exit re-assessment the course scheduled,
// passes and returns to the track they came from; the audit shows both moves with their actors. Retries move nobody
// twice; failing the exit keeps the tasker in remediation with the reason; bad input is a 4xx naming the field.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { REPO_ROOT } from '@theta/local';
import { keys } from '@theta/store';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { completePlacement, type StartedPlacement } from '../support/complete-placement';
import { bestOption, optionWithScore } from '../support/seed-bank';

interface PracticeSeed {
  id: string;
  content: { options: { id: string }[] };
  key: { correct: string };
}
const PRACTICE = new Map(
  (JSON.parse(readFileSync(join(REPO_ROOT, 'packages/local/seed/practice-items.json'), 'utf8')) as { items: PracticeSeed[] }).items.map((p) => [p.id, p]),
);
const practiceAnswer = (itemId: string, right: boolean) => {
  const seed = PRACTICE.get(itemId)!;
  return right ? seed.key.correct : seed.content.options.find((o) => o.id !== seed.key.correct)!.id;
};

interface ErrorBody {
  error: { code: string; details?: { path: string }[] | { field: string } };
}
interface ModuleProgress {
  attempts: number;
  passed: boolean;
  passedAt?: string;
  last: { why: string };
}
interface Enrollment {
  courseId: string;
  variant: string;
  enrolledBy: string;
  returnTrack?: string;
  remedialTrack?: string;
  status: string;
  modules: Record<string, ModuleProgress>;
  exit?: { blueprintId: string; scheduledAt?: string; placementId?: string; outcome?: string; reason?: string; moveId?: string };
}
interface AuditEntry {
  kind: 'move' | 'placement';
  from?: string;
  to: string;
  reason: string;
  actor?: { kind: string; ruleId?: string; version?: number };
}

let stack: LocalStack;
let n = 0;
const key = () => `round-trip-${Date.now()}-${n++}`;
const EXIT = 'writing-reassessment';
const COURSE_ID = 'remedial-writing-quality';
const RULE_ID = 'low-writing-quality';

const COURSE = {
  title: 'Writing quality, again',
  skills: ['writing-quality'],
  modules: [
    { id: 'clarity', title: 'Clarity', quiz: { skill: 'writing-quality', tags: ['clarity'], length: 2 }, pass: { minCorrectShare: 0.5, minTheta: -3 } },
    { id: 'tone', title: 'Tone', quiz: { skill: 'writing-quality', tags: ['tone'], length: 1 }, pass: { minCorrectShare: 1 } },
  ],
  exitBlueprintId: EXIT,
  // both variants run both modules (they differ in reading only), so the test does not depend on the draw
  variants: [
    { id: 'control', weight: 1 },
    { id: 'reading', weight: 1, materials: { clarity: [{ title: 'Plain words', url: 'https://example.com/plain-words' }] } },
  ],
};
const RULE = {
  title: 'Writing quality below the bar',
  when: { kind: 'quality-below', skill: 'writing-quality', threshold: 0.5, window: 3, minSignals: 3 },
  moveTo: 'remedial:writing-quality',
  courseId: COURSE_ID,
};

const ops = { as: 'ops' as const, sub: 'ops-1' };
const signal = (taskerId: string, score: number, idem = key()) =>
  stack.request('POST', `/v1/taskers/${taskerId}/quality-signals`, { as: 'quality', sub: 'audit-service', headers: { 'idempotency-key': idem }, body: { skill: 'writing-quality', score } });
const enrollmentOf = async (taskerId: string): Promise<Enrollment | undefined> =>
  (await stack.request('GET', `/v1/taskers/${taskerId}/enrollments`, { as: 'tasker', sub: taskerId })).json<{ enrollments: Enrollment[] }>().enrollments.find((e) => e.courseId === COURSE_ID);
const trackOf = async (taskerId: string) => (await stack.request('GET', `/v1/taskers/${taskerId}`, ops)).json<{ track: { track: string; assignedBy: string } }>().track;
const auditOf = async (taskerId: string) => (await stack.request('GET', `/v1/taskers/${taskerId}/audit`, ops)).json<{ entries: AuditEntry[] }>().entries;
const ruleMoves = async (taskerId: string) => (await auditOf(taskerId)).filter((e) => e.kind === 'move');

/** Answers a module quiz to the end, each item right or wrong; returns the last answer's request, to retry it. */
async function moduleQuiz(taskerId: string, moduleId: string, right: boolean): Promise<{ quizId: string; last: { idem: string; body: { itemId: string; answer: string } } }> {
  const start = await stack.request('POST', '/v1/quizzes', { as: 'tasker', sub: taskerId, body: { skill: 'writing-quality', courseId: COURSE_ID, moduleId } });
  expect(start.status).toBe(201);
  const { quizId } = start.json<{ quizId: string }>();
  let item: { id: string } | undefined = start.json<{ item: { id: string } }>().item;
  let last = { idem: '', body: { itemId: '', answer: '' } };
  while (item) {
    last = { idem: key(), body: { itemId: item.id, answer: practiceAnswer(item.id, right) } };
    const res = await stack.request('POST', `/v1/quizzes/${quizId}/responses`, { as: 'tasker', sub: taskerId, headers: { 'idempotency-key': last.idem }, body: last.body });
    expect(res.status).toBe(200);
    const step = res.json<{ status: string; item?: { id: string } }>();
    item = step.status === 'in-progress' ? step.item : undefined;
  }
  return { quizId, last };
}

/** Starts the tasker's next placement (no blueprint id: a scheduled re-assessment applies) and answers it to the end. */
async function takePlacement(taskerId: string, answer: (itemId: string) => string): Promise<{ started: StartedPlacement; last: { idem: string; body: unknown } }> {
  const res = await stack.request('POST', '/v1/placements', { as: 'onboarding', sub: 'onboarding-svc', body: { taskerId, profile: { declaredDomains: [] } } });
  expect(res.status).toBe(201);
  const started = res.json<StartedPlacement>();
  let item: { id: string } | undefined = started.item;
  let last = { idem: '', body: {} as unknown };
  while (item) {
    last = { idem: key(), body: { itemId: item.id, answer: answer(item.id) } };
    const step = await stack.request('POST', `/v1/placements/${started.placementId}/responses`, { as: 'tasker', sub: taskerId, headers: { 'idempotency-key': last.idem }, body: last.body });
    expect(step.status).toBe(200);
    const out = step.json<{ status: string; item?: { id: string } }>();
    item = out.status === 'completed' ? undefined : out.item;
  }
  return { started, last };
}

/** Placed (best answers), then three low audit scores: moved to remedial:writing-quality by the rule and enrolled. */
async function sendToRemediation(taskerId: string): Promise<string> {
  await completePlacement(stack, taskerId);
  const placed = (await trackOf(taskerId)).track;
  for (const score of [0.2, 0.3, 0.1]) expect((await signal(taskerId, score)).status).toBe(201);
  expect((await trackOf(taskerId)).track).toBe('remedial:writing-quality');
  return placed;
}

beforeAll(async () => {
  stack = await startLocalStack({ seed: true, onHandlerError: (id, e) => console.error(id, e) });
  const seed = JSON.parse(readFileSync(join(REPO_ROOT, 'packages/local/seed/blueprints/general-placement.json'), 'utf8')) as Record<string, unknown>;
  expect((await stack.post('/v1/blueprints', { ...seed, id: EXIT, title: 'General re-assessment', retake: { cooldownHours: 0, maxAttempts: 5 } }, { as: 'author', sub: 'author-1' })).status).toBe(201);
  expect((await stack.request('PUT', `/v1/courses/${COURSE_ID}`, { as: 'author', sub: 'author-1', body: COURSE })).status).toBe(201);
  expect((await stack.request('PUT', `/v1/remediation-rules/${RULE_ID}`, { as: 'author', sub: 'author-1', body: RULE })).status).toBe(201);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('the remediation round trip', () => {
  it('low quality → remedial track and course by rule → modules passed → exit re-assessment passed → back on the old track', async () => {
    const taskerId = 'round-trip-1';
    await completePlacement(stack, taskerId);
    const placed = (await trackOf(taskerId)).track;
    expect(placed).not.toMatch(/^remedial:/);

    // 1. the rule fires on the third low score: moved and enrolled, remembering where the tasker came from
    await signal(taskerId, 0.2);
    await signal(taskerId, 0.3);
    const fired = await signal(taskerId, 0.4);
    expect(fired.status).toBe(201);
    expect(fired.json<{ rules: unknown[] }>().rules).toEqual([
      expect.objectContaining({ ruleId: RULE_ID, version: 1, fired: true, move: expect.objectContaining({ from: placed, to: 'remedial:writing-quality' }), enrollment: { courseId: COURSE_ID, variant: expect.any(String) } }),
    ]);
    expect(await trackOf(taskerId)).toMatchObject({ track: 'remedial:writing-quality', assignedBy: `rule:${RULE_ID}@1` });
    expect(await enrollmentOf(taskerId)).toMatchObject({ enrolledBy: `rule:${RULE_ID}@1`, returnTrack: placed, remedialTrack: 'remedial:writing-quality', status: 'in-progress', modules: {} });

    // 2. module quizzes: a failed attempt counts but does not pass; a retried last answer counts once
    const failed = await moduleQuiz(taskerId, 'tone', false);
    const retried = await stack.request('POST', `/v1/quizzes/${failed.quizId}/responses`, { as: 'tasker', sub: taskerId, headers: { 'idempotency-key': failed.last.idem }, body: failed.last.body });
    expect(retried.status).toBe(200);
    expect((await enrollmentOf(taskerId))?.modules.tone).toMatchObject({ attempts: 1, passed: false, last: { why: '0 of 1 correct (0.00 < 1.00)' } });
    expect((await stack.request('GET', `/v1/quizzes/${failed.quizId}`, { as: 'tasker', sub: taskerId })).json<{ moduleId: string }>().moduleId).toBe('tone');

    await moduleQuiz(taskerId, 'tone', true);
    let enrollment = await enrollmentOf(taskerId);
    expect(enrollment?.modules.tone).toMatchObject({ attempts: 2, passed: true, passedAt: expect.any(String) });
    expect(enrollment?.status).toBe('in-progress');
    expect(enrollment?.exit).toBeUndefined();

    await moduleQuiz(taskerId, 'clarity', true);
    enrollment = await enrollmentOf(taskerId);
    expect(enrollment).toMatchObject({ status: 'completed', modules: { clarity: { attempts: 1, passed: true } }, exit: { blueprintId: EXIT, scheduledAt: expect.any(String) } });

    // 3. the next placement is the course's exit re-assessment; passing it returns the tasker, once
    const exit = await takePlacement(taskerId, bestOption);
    expect(exit.started.blueprint.id).toBe(EXIT);
    const again = await stack.request('POST', `/v1/placements/${exit.started.placementId}/responses`, { as: 'tasker', sub: taskerId, headers: { 'idempotency-key': exit.last.idem }, body: exit.last.body });
    expect(again.status).toBe(200);
    expect(await trackOf(taskerId)).toMatchObject({ track: placed, assignedBy: `rule:${RULE_ID}@1` });
    expect((await enrollmentOf(taskerId))?.exit).toMatchObject({ placementId: exit.started.placementId, outcome: 'passed', reason: expect.stringMatching(/^exit rules: writing-quality θ -?\d\.\d\d ≥ 0\.00$/), moveId: expect.any(String) });

    // the audit: both moves with their actor (the rule), newest first, and the two placements' own assignments
    const moves = await ruleMoves(taskerId);
    expect(moves).toHaveLength(2);
    expect(moves[0]).toMatchObject({ to: placed, actor: { kind: 'rule', ruleId: RULE_ID, version: 1 }, reason: expect.stringContaining(`passed the exit re-assessment of course ${COURSE_ID}`) });
    expect(moves[1]).toMatchObject({ from: placed, to: 'remedial:writing-quality', actor: { kind: 'rule', ruleId: RULE_ID, version: 1 }, reason: expect.stringContaining('mean writing-quality audit score 0.30') });
    expect((await auditOf(taskerId)).filter((e) => e.kind === 'placement')).toHaveLength(2);
    // one tasker.track_changed event per move
    const events = await stack.ddb.send(
      new QueryCommand({ TableName: stack.tableNames.taskers, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)', ExpressionAttributeValues: { ':pk': keys.tasker(taskerId).pk, ':e': 'EVENT#' } }),
    );
    expect((events.Items ?? []).filter((e) => e.type === 'tasker.track_changed')).toHaveLength(2);
  }, 120_000);

  it('failing the exit re-assessment keeps the tasker on the remedial track, with the reason on the enrollment and in the audit', async () => {
    const taskerId = 'round-trip-2';
    await sendToRemediation(taskerId);
    await moduleQuiz(taskerId, 'tone', true);
    await moduleQuiz(taskerId, 'clarity', true);
    const exit = await takePlacement(taskerId, (itemId) => optionWithScore(itemId, 0));
    expect(exit.started.blueprint.id).toBe(EXIT);
    expect((await trackOf(taskerId)).track).toBe('remedial:writing-quality');
    const settled = (await enrollmentOf(taskerId))?.exit;
    expect(settled).toMatchObject({ placementId: exit.started.placementId, outcome: 'failed', reason: expect.stringMatching(/^exit rules: writing-quality θ -\d\.\d\d < 0\.00$/) });
    // all wrong: the re-assessment's routing took them off the remedial track, and the course moved them back
    const moves = await ruleMoves(taskerId);
    expect(moves[0]).toMatchObject({ to: 'remedial:writing-quality', reason: expect.stringContaining('did not pass the exit re-assessment') });
    expect(moves).toHaveLength(2);
  }, 120_000);

  it('a retried signal after a crash between the move and the enrolment enrols once and moves nobody twice', async () => {
    const taskerId = 'round-trip-3';
    await completePlacement(stack, taskerId);
    await signal(taskerId, 0.1);
    await signal(taskerId, 0.1);
    const idem = key();
    expect((await signal(taskerId, 0.1, idem)).status).toBe(201);
    // the state a crash right after the move leaves: moved, not enrolled
    await stack.ddb.send(new DeleteCommand({ TableName: stack.tableNames.taskers, Key: keys.taskerEnrollment(taskerId, COURSE_ID) }));
    expect(await enrollmentOf(taskerId)).toBeUndefined();
    const retry = await signal(taskerId, 0.1, idem);
    expect(retry.status).toBe(200);
    expect(retry.json<{ rules: { fired: boolean; enrollment?: unknown }[] }>().rules[0]).toMatchObject({ fired: true, enrollment: { courseId: COURSE_ID } });
    expect(await enrollmentOf(taskerId)).toMatchObject({ enrolledBy: `rule:${RULE_ID}@1`, remedialTrack: 'remedial:writing-quality' });
    expect(await ruleMoves(taskerId)).toHaveLength(1);
    // and once more: still one move, one enrolment
    expect((await signal(taskerId, 0.1, idem)).status).toBe(200);
    expect(await ruleMoves(taskerId)).toHaveLength(1);
  }, 120_000);

  it('two quizzes of one module finishing at once both count (the enrolment write is conditional)', async () => {
    const taskerId = 'round-trip-4';
    await sendToRemediation(taskerId);
    const starts = await Promise.all(
      [0, 1].map(() => stack.request('POST', '/v1/quizzes', { as: 'tasker', sub: taskerId, body: { skill: 'writing-quality', courseId: COURSE_ID, moduleId: 'tone' } })),
    );
    const quizzes = starts.map((s) => s.json<{ quizId: string; item: { id: string } }>());
    const finishes = await Promise.all(
      quizzes.map((q) => stack.request('POST', `/v1/quizzes/${q.quizId}/responses`, { as: 'tasker', sub: taskerId, headers: { 'idempotency-key': key() }, body: { itemId: q.item.id, answer: practiceAnswer(q.item.id, true) } })),
    );
    expect(finishes.map((f) => f.status)).toEqual([200, 200]);
    expect((await enrollmentOf(taskerId))?.modules.tone).toMatchObject({ attempts: 2, passed: true });
  }, 120_000);
});

describe('bad input: a 4xx naming the field, nothing written', () => {
  const partitionSize = async (taskerId: string) =>
    (await stack.ddb.send(new QueryCommand({ TableName: stack.tableNames.taskers, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.tasker(taskerId).pk }, ConsistentRead: true }))).Items?.length ?? 0;

  it('a rule naming a course that does not exist → 422 naming body.courseId, no rule written', async () => {
    const res = await stack.request('PUT', '/v1/remediation-rules/no-course-rule', { as: 'author', sub: 'author-1', body: { ...RULE, courseId: 'no-such-course' } });
    expect(res.status).toBe(422);
    expect(res.json<ErrorBody>().error).toMatchObject({ code: 'course_not_found', details: { field: 'body.courseId' } });
    const rules = (await stack.request('GET', '/v1/remediation-rules', ops)).json<{ rules: { id: string }[] }>().rules;
    expect(rules.map((r) => r.id)).not.toContain('no-course-rule');
  });

  it.each([
    ['a moduleId without its courseId', 400, 'body.moduleId', { skill: 'writing-quality', moduleId: 'tone' }],
    ['a moduleId not in the course', 422, 'body.moduleId', { skill: 'writing-quality', courseId: COURSE_ID, moduleId: 'no-such-module' }],
    ['a module of another skill', 422, 'body.skill', { skill: 'coding', courseId: COURSE_ID, moduleId: 'tone' }],
    ['a malformed moduleId', 400, 'body.moduleId', { skill: 'writing-quality', courseId: COURSE_ID, moduleId: 'Not A Slug' }],
  ])('a quiz with %s → %i naming %s, no quiz written', async (_label, status, field, body) => {
    const taskerId = 'round-trip-bad';
    if (!(await enrollmentOf(taskerId))) {
      await sendToRemediation(taskerId);
    }
    const before = await partitionSize(taskerId);
    const res = await stack.request('POST', '/v1/quizzes', { as: 'tasker', sub: taskerId, body });
    expect(res.status).toBe(status);
    const error = res.json<ErrorBody>().error;
    const fields = Array.isArray(error.details) ? error.details.map((d) => d.path) : [error.details?.field];
    expect(fields).toContain(field);
    // a started quiz writes the first item's seen record on the tasker's partition: none
    expect(await partitionSize(taskerId)).toBe(before);
  }, 120_000);

  it.each([
    ['a certainty out of range', 'body.when.certainty', { kind: 'theta-below', skill: 'writing-quality', cut: 0, certainty: 1.5 }],
    ['a cut out of range', 'body.when.cut', { kind: 'theta-below', skill: 'writing-quality', cut: 9 }],
    ['no cut', 'body.when.cut', { kind: 'theta-below', skill: 'writing-quality' }],
    ['a quality field on a theta rule', 'body.when.window', { kind: 'theta-below', skill: 'writing-quality', cut: 0, window: 3 }],
  ])('a theta-below rule with %s → 400 naming %s, no rule written', async (_label, field, when) => {
    const res = await stack.request('PUT', '/v1/remediation-rules/bad-theta', { as: 'ops', sub: 'ops-1', body: { ...RULE, when } });
    expect(res.status).toBe(400);
    expect((res.json<ErrorBody>().error.details as { path: string }[]).map((d) => d.path)).toContain(field);
    const rules = (await stack.request('GET', '/v1/remediation-rules', ops)).json<{ rules: { id: string }[] }>().rules;
    expect(rules.map((r) => r.id)).not.toContain('bad-theta');
  });

  it("a module of the course that the tasker's variant does not run → 422 naming body.moduleId", async () => {
    // one module per variant: whichever variant the tasker draws, the other module is not theirs
    const split = {
      ...COURSE,
      variants: [
        { id: 'clarity-only', weight: 1, modules: ['clarity'] },
        { id: 'tone-only', weight: 1, modules: ['tone'] },
      ],
    };
    expect((await stack.request('PUT', '/v1/courses/split-course', { as: 'author', sub: 'author-1', body: split })).status).toBe(201);
    const taskerId = 'round-trip-split';
    const enrolled = await stack.request('POST', `/v1/taskers/${taskerId}/enrollments`, { ...ops, headers: { 'idempotency-key': key() }, body: { courseId: 'split-course' } });
    expect(enrolled.status).toBe(201);
    const variant = enrolled.json<{ enrollment: { variant: string } }>().enrollment.variant;
    const theirs = variant === 'clarity-only' ? 'clarity' : 'tone';
    const other = theirs === 'clarity' ? 'tone' : 'clarity';
    const refused = await stack.request('POST', '/v1/quizzes', { as: 'tasker', sub: taskerId, body: { skill: 'writing-quality', courseId: 'split-course', moduleId: other } });
    expect(refused.status).toBe(422);
    expect(refused.json<ErrorBody>().error).toMatchObject({ code: 'unknown_module', details: { field: 'body.moduleId' } });
    expect((await stack.request('POST', '/v1/quizzes', { as: 'tasker', sub: taskerId, body: { skill: 'writing-quality', courseId: 'split-course', moduleId: theirs } })).status).toBe(201);
  });
});
