// The proficiency tracker behind practice quizzes, end to end (local API Gateway, real handlers, DynamoDB Local,
// demo seed): a quiz moves the stored proficiency as the answers warrant, and an estimate measured long ago is
// aged (larger SE) before the quiz's evidence is applied (docs/proficiency.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_TRACKER_CONFIG } from '@theta/irt';
import { REPO_ROOT } from '@theta/local';
import { keys } from '@theta/store';
import { startLocalStack, type LocalStack } from '../support/local-stack';

interface PracticeSeed {
  id: string;
  content: { options: { id: string }[] };
  key: { correct: string };
}
const PRACTICE: PracticeSeed[] = (JSON.parse(readFileSync(join(REPO_ROOT, 'packages/local/seed/practice-items.json'), 'utf8')) as { items: PracticeSeed[] }).items;
const byId = new Map(PRACTICE.map((p) => [p.id, p]));
const answerOf = (itemId: string, right: boolean) => {
  const seed = byId.get(itemId)!;
  return right ? seed.key.correct : seed.content.options.find((o) => o.id !== seed.key.correct)!.id;
};

interface Summary {
  items: number;
  correct: number;
  thetaBefore: number;
  seBefore: number;
  thetaAfter: number;
  seAfter: number;
}

// the PROFILE attribute of one skill (packages/store/src/keys.ts, PROFICIENCY_ATTRIBUTE_PREFIX)
let stack: LocalStack;
let keyCounter = 0;
const DAY = 86_400_000;

beforeAll(async () => {
  stack = await startLocalStack({ seed: true });
});

afterAll(async () => {
  await stack?.stop();
});

/** a stored proficiency, as a placement or an earlier quiz leaves it */
async function storeProficiency(taskerId: string, skill: string, theta: number, se: number, measuredAt: Date): Promise<void> {
  await stack.ddb.send(
    new PutCommand({
      TableName: stack.tableNames.taskers,
      Item: { ...keys.taskerProfile(taskerId), entity: 'profile', taskerId, [`skill:${skill}`]: { skill, theta, se, measuredAt: measuredAt.toISOString(), source: { kind: 'placement', id: `pl-${taskerId}`, blueprintId: 'b', blueprintVersion: 1 } } },
    }),
  );
}

async function runQuiz(sub: string, skill: string, right: boolean): Promise<{ quizId: string; summary: Summary }> {
  const start = await stack.request('POST', '/v1/quizzes', { as: 'tasker', sub, body: { skill, length: 3 } });
  expect(start.status).toBe(201);
  const { quizId, item } = start.json<{ quizId: string; item: { id: string } }>();
  let current: { id: string } | undefined = item;
  for (;;) {
    const res = await stack.request('POST', `/v1/quizzes/${quizId}/responses`, { as: 'tasker', sub, headers: { 'idempotency-key': `qp-${keyCounter++}-${Date.now()}` }, body: { itemId: current.id, answer: answerOf(current.id, right) } });
    expect(res.status).toBe(200);
    const reply = res.json<{ status: string; item?: { id: string }; summary?: Summary }>();
    if (reply.status === 'completed') return { quizId, summary: reply.summary! };
    current = reply.item!;
  }
}

async function storedOf(taskerId: string, skill: string) {
  const profile = await stack.ddb.send(new GetCommand({ TableName: stack.tableNames.taskers, Key: keys.taskerProfile(taskerId), ConsistentRead: true }));
  const history = await stack.ddb.send(
    new QueryCommand({ TableName: stack.tableNames.taskers, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :h)', ExpressionAttributeValues: { ':pk': keys.tasker(taskerId).pk, ':h': 'HISTORY#' }, ConsistentRead: true }),
  );
  return { current: profile.Item?.[`skill:${skill}`] as { theta: number; se: number; source: { kind: string; id: string } }, history: history.Items ?? [] };
}

describe('a quiz moves proficiency as the answers warrant', () => {
  test('all correct → θ up, all wrong → θ down, from the same stored estimate; stored with source quiz in PROFILE and HISTORY', async () => {
    const now = new Date();
    await storeProficiency('qp-up', 'coding', 0.2, 0.4, now);
    await storeProficiency('qp-down', 'coding', 0.2, 0.4, now);
    const up = await runQuiz('qp-up', 'coding', true);
    const down = await runQuiz('qp-down', 'coding', false);
    expect(up.summary.thetaBefore).toBe(0.2);
    expect(up.summary.thetaAfter).toBeGreaterThan(0.2 + 0.05);
    expect(down.summary.thetaAfter).toBeLessThan(0.2 - 0.05);
    // evidence adds precision
    expect(up.summary.seAfter).toBeLessThan(up.summary.seBefore);
    for (const [taskerId, run] of [['qp-up', up], ['qp-down', down]] as const) {
      const stored = await storedOf(taskerId, 'coding');
      expect(stored.current).toMatchObject({ theta: run.summary.thetaAfter, se: run.summary.seAfter, source: { kind: 'quiz', id: run.quizId, items: 3 } });
      expect(stored.history).toHaveLength(1);
      expect(stored.history[0]!.records).toEqual([expect.objectContaining({ theta: run.summary.thetaAfter, source: expect.objectContaining({ kind: 'quiz', id: run.quizId }) })]);
    }
  });

  test('a long gap: the stored SE grows by driftPerDay per day (capped) before the update, so the same answers move θ further', async () => {
    const now = Date.now();
    await storeProficiency('qp-fresh', 'math', 0.5, 0.3, new Date(now));
    await storeProficiency('qp-40d', 'math', 0.5, 0.3, new Date(now - 40 * DAY));
    await storeProficiency('qp-old', 'math', 0.5, 0.3, new Date(now - 400 * DAY));
    const fresh = await runQuiz('qp-fresh', 'math', true);
    const forty = await runQuiz('qp-40d', 'math', true);
    const old = await runQuiz('qp-old', 'math', true);
    const q = DEFAULT_TRACKER_CONFIG.driftPerDay;
    // closed form: SE² + q·Δt (Δt in days; the quiz starts a moment after the Put, hence the tolerance)
    expect(fresh.summary.seBefore).toBeCloseTo(0.3, 3);
    expect(forty.summary.seBefore).toBeCloseTo(Math.sqrt(0.09 + q * 40), 3);
    expect(old.summary.seBefore).toBeCloseTo(Math.min(Math.sqrt(0.09 + q * 400), DEFAULT_TRACKER_CONFIG.maxPriorSe), 3);
    expect(forty.summary.seBefore).toBeGreaterThan(fresh.summary.seBefore + 0.1);
    // the same (all-correct) evidence counts for more against an older estimate
    expect(forty.summary.thetaAfter - 0.5).toBeGreaterThan(fresh.summary.thetaAfter - 0.5);
    expect(old.summary.thetaAfter - 0.5).toBeGreaterThan(forty.summary.thetaAfter - 0.5);
  });
});

describe('a proficiency written while a quiz is open is not overwritten', () => {
  test('a placement lands mid-quiz: the completion applies the quiz to the newer estimate (no lost evidence)', async () => {
    const sub = `race-${Date.now()}`;
    const skill = 'rubric-grading';
    // the quiz starts from the population prior (no stored estimate) ...
    const start = await stack.request('POST', '/v1/quizzes', { as: 'tasker', sub, body: { skill, length: 3 } });
    expect(start.status).toBe(201);
    const { quizId, item } = start.json<{ quizId: string; item: { id: string } }>();
    // ... then a placement stores a precise, high estimate before the last answer
    const placedAt = new Date();
    await storeProficiency(sub, skill, 2.5, 0.15, placedAt);
    let current: { id: string } = item;
    let summary: Summary | undefined;
    for (let i = 0; i < 3 && !summary; i++) {
      const res = await stack.request('POST', `/v1/quizzes/${quizId}/responses`, { as: 'tasker', sub, headers: { 'idempotency-key': `race-${i}-${Date.now()}` }, body: { itemId: current.id, answer: answerOf(current.id, false) } });
      expect(res.status).toBe(200);
      const reply = res.json<{ status: string; item?: { id: string }; summary?: Summary }>();
      if (reply.status === 'completed') summary = reply.summary!;
      else current = reply.item!;
    }
    expect(summary).toBeDefined();
    const { current: stored, history } = await storedOf(sub, skill);
    // 3 wrong answers from N(2.5, 0.15²) move θ down a little, not to where they would from N(0, 1) (below 0):
    // without the condition the quiz's update (built from the population prior) would replace the placement's
    expect(stored.source).toMatchObject({ kind: 'quiz', id: quizId });
    expect(stored.theta).toBeGreaterThan(2);
    expect(stored.theta).toBeLessThan(2.5);
    expect(stored.se).toBeLessThan(0.2);
    // the reply tells the tasker what was stored, and the history row is the stored record
    expect(summary!.thetaAfter).toBeCloseTo(stored.theta, 10);
    expect(summary!.thetaBefore).toBe(0);
    expect(history.filter((h) => String(h.sk).endsWith(quizId))).toHaveLength(1);
  });
});
