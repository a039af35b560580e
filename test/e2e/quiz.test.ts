// Practice quizzes end to end: a tasker starts a quiz, answers with feedback, gets a summary and a moved proficiency —
// through the local API Gateway, the real handlers and DynamoDB Local, on the demo seed (error taxonomy, placement
// items, practice items).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { REPO_ROOT } from '@theta/local';
import { keys } from '@theta/store';
import { startLocalStack, type LocalResponse, type LocalStack, type RequestOptions } from '../support/local-stack';

interface PracticeSeed {
  id: string;
  skill: string;
  a: number;
  b: number;
  content: { stem: string; options: { id: string; text: string; errorTag?: string }[]; explanation: string };
  key: { type: 'choice'; correct: string };
}
const PRACTICE: PracticeSeed[] = (JSON.parse(readFileSync(join(REPO_ROOT, 'packages/local/seed/practice-items.json'), 'utf8')) as { items: PracticeSeed[] }).items;
const byId = new Map(PRACTICE.map((p) => [p.id, p]));
const TAXONOMY = (JSON.parse(readFileSync(join(REPO_ROOT, 'packages/local/seed/error-tags.json'), 'utf8')) as { errorTags: { slug: string; description: string; study: string }[] }).errorTags;

interface ItemView {
  id: string;
  stem: string;
  options: { id: string; text: string }[];
}
interface Feedback {
  itemId: string;
  correct: boolean;
  correctOptions: string[];
  explanation: string;
  error?: { tag: string; description: string; study: string; courseId?: string };
}
interface Summary {
  items: number;
  correct: number;
  thetaBefore: number;
  thetaAfter: number;
  summary: string;
}
type Reply = { quizId: string; status: 'in-progress'; feedback: Feedback; item: ItemView } | { quizId: string; status: 'completed'; feedback: Feedback; summary: Summary };

let stack: LocalStack;
let keyCounter = 0;
const newKey = () => `quiz-key-${keyCounter++}-${Date.now()}`;

/** Before an item is answered nothing of its key, explanation or parameters is in the body; the item view is a whitelist. */
function expectNoLeak(res: LocalResponse, onScreen: ItemView | undefined): void {
  if (!onScreen) return;
  expect(Object.keys(onScreen).sort()).toEqual(['id', 'options', 'stem']);
  for (const o of onScreen.options) expect(Object.keys(o).sort()).toEqual(['id', 'text']);
  const seed = byId.get(onScreen.id);
  expect(seed).toBeDefined(); // only practice items are ever served
  const body = res.json<Record<string, unknown>>();
  const withoutFeedback = JSON.stringify({ ...body, feedback: undefined });
  expect(withoutFeedback).not.toContain(seed!.content.explanation);
  for (const banned of ['"errorTag"', '"correct"', '"key"', '"params"', '"a":', '"b":', '"thresholds"']) expect(withoutFeedback).not.toContain(banned);
}

async function call(method: string, path: string, options: RequestOptions = {}): Promise<LocalResponse> {
  return stack.request(method, path, options);
}

async function startQuiz(sub: string, body: Record<string, unknown>): Promise<{ quizId: string; item: ItemView }> {
  const res = await call('POST', '/v1/quizzes', { as: 'tasker', sub, body });
  expect(res.status).toBe(201);
  const out = res.json<{ quizId: string; item: ItemView }>();
  expectNoLeak(res, out.item);
  return out;
}

const answerOf = (itemId: string, right: boolean): string => {
  const seed = byId.get(itemId)!;
  return right ? seed.key.correct : seed.content.options.find((o) => o.id !== seed.key.correct)!.id;
};

async function answer(sub: string, quizId: string, itemId: string, answerId: string, key = newKey()): Promise<LocalResponse> {
  return call('POST', `/v1/quizzes/${quizId}/responses`, { as: 'tasker', sub, headers: { 'idempotency-key': key }, body: { itemId, answer: answerId, elapsedMs: 1500 } });
}

/** Answers every item right (or wrong) to the summary; returns every reply. */
async function runQuiz(sub: string, skill: string, right: boolean, length = 3): Promise<{ quizId: string; replies: Reply[]; served: string[] }> {
  const { quizId, item } = await startQuiz(sub, { skill, length });
  let current: ItemView | undefined = item;
  const replies: Reply[] = [];
  const served = [item.id];
  while (current) {
    const res = await answer(sub, quizId, current.id, answerOf(current.id, right));
    expect(res.status).toBe(200);
    const reply = res.json<Reply>();
    expectNoLeak(res, reply.status === 'in-progress' ? reply.item : undefined);
    replies.push(reply);
    current = reply.status === 'in-progress' ? reply.item : undefined;
    if (current) served.push(current.id);
  }
  return { quizId, replies, served };
}

async function quizRows(quizId: string): Promise<Record<string, unknown>[]> {
  const out = await stack.ddb.send(new QueryCommand({ TableName: stack.tableNames.sessions, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.quiz(quizId).pk }, ConsistentRead: true }));
  return out.Items ?? [];
}

async function taskerQuizzes(taskerId: string): Promise<number> {
  const out = await stack.ddb.send(
    new QueryCommand({ TableName: stack.tableNames.sessions, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :q)', ExpressionAttributeValues: { ':pk': `TASKER#${taskerId}`, ':q': 'QUIZ#' } }),
  );
  return out.Items?.length ?? 0;
}

beforeAll(async () => {
  stack = await startLocalStack({ seed: true });
});

afterAll(async () => {
  await stack?.stop();
});

describe('a quiz from start to summary', () => {
  test('all correct: feedback on every answer, a summary, θ up, proficiency and history stored with source quiz', async () => {
    const { quizId, replies } = await runQuiz('quiz-t-up', 'coding', true);
    expect(replies).toHaveLength(3);
    for (const r of replies) {
      expect(r.feedback.correct).toBe(true);
      expect(r.feedback.correctOptions).toEqual([byId.get(r.feedback.itemId)!.key.correct]);
      expect(r.feedback.explanation).toBe(byId.get(r.feedback.itemId)!.content.explanation);
      expect(r.feedback.error).toBeUndefined();
    }
    const last = replies[2]!;
    expect(last.status).toBe('completed');
    if (last.status !== 'completed') return;
    expect(last.summary).toMatchObject({ items: 3, correct: 3, thetaBefore: 0 });
    expect(last.summary.thetaAfter).toBeGreaterThan(last.summary.thetaBefore);
    expect(last.summary.summary).toMatch(/3 of 3 correctly.*went up/);

    const tasker = await call('GET', '/v1/taskers/quiz-t-up', { as: 'tasker', sub: 'quiz-t-up' });
    expect(tasker.status).toBe(200);
    const view = tasker.json<{ proficiency: { skill: string; theta: number; source: { kind: string; id: string } }[]; history: unknown[] }>();
    expect(view.proficiency).toEqual([expect.objectContaining({ skill: 'coding', theta: last.summary.thetaAfter, source: expect.objectContaining({ kind: 'quiz', id: quizId }) })]);
    expect(view.history).toHaveLength(1);

    // every response is stored with the response-log fields
    const responses = (await quizRows(quizId)).filter((r) => String(r.sk).startsWith('RESP#'));
    expect(responses).toHaveLength(3);
    expect(responses[0]).toMatchObject({ taskerId: 'quiz-t-up', score: 1, sessionId: quizId, context: 'quiz', errorTag: null, elapsedMs: 1500, skill: 'coding', thetaBefore: 0, seBefore: 1, courseId: null, variant: null });

    const read = await call('GET', `/v1/quizzes/${quizId}`, { as: 'tasker', sub: 'quiz-t-up' });
    expect(read.status).toBe(200);
    expect(read.json()).toMatchObject({ status: 'completed', progress: { answered: 3, length: 3 }, correct: 3, summary: last.summary });
  });

  test('all wrong: each wrong option gets its error tag in plain words with what to study; θ down', async () => {
    const { replies } = await runQuiz('quiz-t-down', 'math', false);
    for (const r of replies) {
      expect(r.feedback.correct).toBe(false);
      const seed = byId.get(r.feedback.itemId)!;
      const tag = seed.content.options.find((o) => o.id === answerOf(seed.id, false))!.errorTag!;
      const described = TAXONOMY.find((t) => t.slug === tag)!;
      expect(r.feedback.error).toEqual({ tag, description: described.description, study: described.study, courseId: 'remedial-math' });
    }
    const last = replies[replies.length - 1]!;
    if (last.status !== 'completed') throw new Error('not completed');
    expect(last.summary.thetaAfter).toBeLessThan(last.summary.thetaBefore);
    expect(last.summary.summary).toMatch(/went down/);
  });

  test('a second quiz starts from the stored proficiency and does not repeat items seen in the window', async () => {
    const first = await runQuiz('quiz-t-again', 'safety-policy', true, 2);
    const second = await startQuiz('quiz-t-again', { skill: 'safety-policy', length: 1 });
    expect(first.served).not.toContain(second.item.id);
    const last = first.replies[first.replies.length - 1]!;
    if (last.status !== 'completed') throw new Error('not completed');
    const state = (await quizRows(second.quizId)).find((r) => r.sk === 'STATE')!;
    expect(state.prior).toEqual({ theta: last.summary.thetaAfter, se: expect.any(Number), source: 'stored', measuredAt: expect.any(String) });
    const read = await call('GET', `/v1/quizzes/${second.quizId}`, { as: 'tasker', sub: 'quiz-t-again' });
    expect(read.json()).toMatchObject({ status: 'in-progress', item: second.item });
  });

  test('placement-only items are never served: every skill, every item a practice item', async () => {
    for (const skill of ['instruction-following', 'factual-verification', 'rubric-grading', 'writing-quality', 'safety-policy', 'coding', 'math']) {
      const { served } = await runQuiz(`quiz-t-all-${skill}`, skill, true, 3);
      for (const id of served) expect(id).toMatch(/^demo-practice-/);
    }
  });
});

describe('idempotency, concurrency and access', () => {
  test('a retry with the same key returns the identical reply and writes nothing twice; the key with another body is 422', async () => {
    const { quizId, item } = await startQuiz('quiz-t-retry', { skill: 'writing-quality', length: 3 });
    const key = newKey();
    const first = await answer('quiz-t-retry', quizId, item.id, answerOf(item.id, true), key);
    expect(first.status).toBe(200);
    const retry = await answer('quiz-t-retry', quizId, item.id, answerOf(item.id, true), key);
    expect(retry.status).toBe(200);
    expect(retry.text).toBe(first.text);
    const reused = await answer('quiz-t-retry', quizId, item.id, answerOf(item.id, false), key);
    expect(reused.status).toBe(422);
    expect(reused.json<{ error: { code: string } }>().error.code).toBe('idempotency_key_reused');
    expect((await quizRows(quizId)).filter((r) => String(r.sk).startsWith('RESP#'))).toHaveLength(1);

    // the answered item again under a new key: not the item on screen
    const stale = await answer('quiz-t-retry', quizId, item.id, answerOf(item.id, true));
    expect(stale.status).toBe(409);
    // a late retry of the first answer, after a later one, still gets the first reply
    const next = first.json<Reply>();
    if (next.status !== 'in-progress') throw new Error('expected a next item');
    expect((await answer('quiz-t-retry', quizId, next.item.id, answerOf(next.item.id, true))).status).toBe(200);
    expect((await answer('quiz-t-retry', quizId, item.id, answerOf(item.id, true), key)).text).toBe(first.text);
  });

  test('concurrent answers: under one key both get the same reply (one answer); under two keys one wins, the other is 409', async () => {
    const { quizId, item } = await startQuiz('quiz-t-race', { skill: 'factual-verification', length: 3 });
    const key = newKey();
    const [a, b] = await Promise.all([answer('quiz-t-race', quizId, item.id, answerOf(item.id, true), key), answer('quiz-t-race', quizId, item.id, answerOf(item.id, true), key)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.text).toBe(b.text);
    const next = a.json<Reply>();
    if (next.status !== 'in-progress') throw new Error('expected a next item');
    const [c, d] = await Promise.all([answer('quiz-t-race', quizId, next.item.id, answerOf(next.item.id, true)), answer('quiz-t-race', quizId, next.item.id, answerOf(next.item.id, false))]);
    expect([c.status, d.status].sort()).toEqual([200, 409]);
    expect((await quizRows(quizId)).filter((r) => String(r.sk).startsWith('RESP#'))).toHaveLength(2);
  });

  test("another tasker gets 404 on someone's quiz; ops and onboarding cannot answer (403); ops may read", async () => {
    const { quizId, item } = await startQuiz('quiz-t-owner', { skill: 'coding', length: 2 });
    expect((await answer('quiz-t-other', quizId, item.id, answerOf(item.id, true))).status).toBe(404);
    expect((await call('GET', `/v1/quizzes/${quizId}`, { as: 'tasker', sub: 'quiz-t-other' })).status).toBe(404);
    for (const role of ['ops', 'onboarding'] as const) {
      const res = await call('POST', `/v1/quizzes/${quizId}/responses`, { as: role, sub: 'quiz-t-owner', headers: { 'idempotency-key': newKey() }, body: { itemId: item.id, answer: 'A' } });
      expect(res.status).toBe(403);
    }
    expect((await call('POST', '/v1/quizzes', { as: 'onboarding', body: { skill: 'coding' } })).status).toBe(403);
    const opsView = await call('GET', `/v1/quizzes/${quizId}`, { as: 'ops', sub: 'ops-1' });
    expect(opsView.status).toBe(200);
    expect(opsView.json()).not.toHaveProperty('item');
    expect((await quizRows(quizId)).filter((r) => String(r.sk).startsWith('RESP#'))).toHaveLength(0);
  });

  test('bad inputs: 400 naming the field, nothing written', async () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ skill: 'Not A Slug' }, 'body.skill'],
      [{ skill: 'coding', length: 0 }, 'body.length'],
      [{ skill: 'coding', length: 31 }, 'body.length'],
      [{ skill: 'coding', tags: ['x', 'Bad Tag'] }, 'body.tags.1'],
      [{ skill: 'coding', extra: true }, 'body.extra'],
      [{}, 'body.skill'],
    ];
    for (const [body, path] of bad) {
      const res = await call('POST', '/v1/quizzes', { as: 'tasker', sub: 'quiz-t-bad', body });
      expect(res.status).toBe(400);
      expect(res.json<{ error: { details: { path: string }[] } }>().error.details.map((d) => d.path)).toContain(path);
    }
    expect(await taskerQuizzes('quiz-t-bad')).toBe(0);

    const { quizId, item } = await startQuiz('quiz-t-bad', { skill: 'coding', length: 2 });
    const noKey = await call('POST', `/v1/quizzes/${quizId}/responses`, { as: 'tasker', sub: 'quiz-t-bad', body: { itemId: item.id, answer: 'A' } });
    expect(noKey.status).toBe(400);
    expect(noKey.json<{ error: { details: { path: string }[] } }>().error.details.map((d) => d.path)).toContain('headers.idempotency-key');
    const noAnswer = await call('POST', `/v1/quizzes/${quizId}/responses`, { as: 'tasker', sub: 'quiz-t-bad', headers: { 'idempotency-key': newKey() }, body: { itemId: item.id } });
    expect(noAnswer.status).toBe(400);
    expect(noAnswer.json<{ error: { details: { path: string }[] } }>().error.details.map((d) => d.path)).toContain('body.answer');
    const notAnOption = await answer('quiz-t-bad', quizId, item.id, 'Z');
    expect(notAnOption.status).toBe(422);
    expect((await quizRows(quizId)).filter((r) => String(r.sk).startsWith('RESP#'))).toHaveLength(0);
    expect((await call('POST', '/v1/quizzes', { as: 'tasker', sub: 'quiz-t-bad', body: { skill: 'no-such-skill' } })).status).toBe(404);
  });
});
