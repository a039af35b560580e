// Remediation rules on error tags (`error-tag-rate`), end to end on the local stack with the demo seed: the rule runs
// after each quiz answer whose chosen option carries an error tag, on the tasker's newest answers on the skill
// (placements and quizzes), and moves them (the rule as actor, its version in the audit) once the tag's share of
// the last N is above the bar; a retried answer moves nobody twice. A tasker with as many wrong answers that do not
// carry the rule's tag (every wrong practice option names some error: theirs name another) is not moved.
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { answerToEnd, type StartedPlacement } from '../support/complete-placement';
import { bestOption, seedItem } from '../support/seed-bank';

interface AuditEntry {
  kind: string;
  from?: string;
  to: string;
  reason: string;
  actor?: { kind: string; ruleId?: string; version?: number };
}

const TAG = 'arithmetic-slip';
const LAST_N = 4;
const ABOVE = 0.5;
const RULE = {
  title: 'Arithmetic slips',
  when: { kind: 'error-tag-rate', skill: 'math', tag: TAG, above: ABOVE, lastN: LAST_N, minResponses: LAST_N },
  moveTo: 'remedial:math',
};
const OTHER_TAG = 'unit-error';
// practice items of one item tag, so the quizzes draw only these: A right, B wrong with the rule's tag, C wrong with another
const DRILL = Array.from({ length: 4 }, (_, i) => ({
  id: `etr-drill-${i + 1}`,
  skill: 'math',
  tags: ['etr-drill'],
  status: 'active',
  use: ['practice'],
  model: '2PL',
  a: 1,
  b: 0,
  content: {
    stem: `What is ${i + 2} × ${i + 3}?`,
    options: [
      { id: 'A', text: String((i + 2) * (i + 3)) },
      { id: 'B', text: String((i + 2) * (i + 3) + 1), errorTag: TAG },
      { id: 'C', text: 'it cannot be computed', errorTag: OTHER_TAG },
    ],
    explanation: 'Multiply the two numbers.',
  },
  key: { type: 'choice', correct: 'A' },
}));

let stack: LocalStack;
let n = 0;
const key = () => `etr-${Date.now()}-${n++}`;
const ops = { as: 'ops' as const, sub: 'ops-1' };
const trackOf = async (taskerId: string) => (await stack.request('GET', `/v1/taskers/${taskerId}`, ops)).json<{ track: { track: string; assignedBy: string } }>().track;
const movesOf = async (taskerId: string) => (await stack.request('GET', `/v1/taskers/${taskerId}/audit`, ops)).json<{ entries: AuditEntry[] }>().entries.filter((e) => e.kind === 'move');

/** A placement answered with the best options; how many scored math answers it left (the rule reads them too). */
async function place(taskerId: string): Promise<number> {
  const start = await stack.request('POST', '/v1/placements', { as: 'onboarding', sub: 'onboarding-svc', body: { taskerId, profile: { declaredDomains: [] } } });
  expect(start.status).toBe(201);
  let math = 0;
  await answerToEnd(stack, taskerId, start.json<StartedPlacement>(), (itemId) => {
    const item = seedItem(itemId);
    if (item.skill === 'math' && item.status !== 'pilot') math++;
    return bestOption(itemId);
  });
  return math;
}

/** Two drill quizzes of two answers each, every answer `option`; calls `after` with each answer's request. */
async function answerDrills(taskerId: string, option: 'B' | 'C', after: (answered: number, request: { quizId: string; idem: string; body: unknown }) => Promise<void>): Promise<void> {
  let answered = 0;
  for (let q = 0; q < 2; q++) {
    const start = await stack.request('POST', '/v1/quizzes', { as: 'tasker', sub: taskerId, body: { skill: 'math', length: 2, tags: ['etr-drill'] } });
    expect(start.status).toBe(201);
    const { quizId } = start.json<{ quizId: string }>();
    let item: { id: string } | undefined = start.json<{ item: { id: string } }>().item;
    while (item) {
      expect(item.id).toMatch(/^etr-drill-/);
      const request = { quizId, idem: key(), body: { itemId: item.id, answer: option } };
      const res = await stack.request('POST', `/v1/quizzes/${quizId}/responses`, { as: 'tasker', sub: taskerId, headers: { 'idempotency-key': request.idem }, body: request.body });
      expect(res.status).toBe(200);
      const step = res.json<{ status: string; item?: { id: string }; feedback: { correct: boolean; error?: { tag: string } } }>();
      expect(step.feedback.correct).toBe(false);
      expect(step.feedback.error?.tag).toBe(option === 'B' ? TAG : OTHER_TAG);
      await after(++answered, request);
      item = step.status === 'in-progress' ? step.item : undefined;
    }
  }
}

/** The rule's arithmetic on what the tasker answered: j tagged quiz answers, newest, after `placementMath` untagged ones. */
function verdictAfter(j: number, placementMath: number): { fires: boolean; why: string } {
  const n = Math.min(LAST_N, j + placementMath);
  const tagged = Math.min(j, LAST_N);
  const fires = n >= LAST_N && tagged / n > ABOVE;
  return { fires, why: `${tagged} of ${n} recent math answers chose options tagged ${TAG} (${Number(((tagged / n) * 100).toFixed(1))}%) > 50%` };
}

beforeAll(async () => {
  stack = await startLocalStack({ seed: true, onHandlerError: (id, e) => console.error(id, e) });
  expect((await stack.request('POST', '/v1/items/batch', { as: 'author', sub: 'author-1', body: { items: DRILL } })).status).toBe(200);
  expect((await stack.request('PUT', '/v1/remediation-rules/math-slips', { as: 'author', sub: 'author-1', body: RULE })).status).toBe(201);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('error-tag-rate rules', () => {
  it('refuses minResponses above lastN, naming the field, and stores nothing', async () => {
    const bad = await stack.request('PUT', '/v1/remediation-rules/bad-slips', { as: 'author', sub: 'author-1', body: { ...RULE, when: { ...RULE.when, minResponses: LAST_N + 1 } } });
    expect(bad.status).toBe(400);
    expect(bad.json<{ error: { details: { path: string }[] } }>().error.details.map((d) => d.path)).toEqual(['body.when.minResponses']);
    const listed = await stack.request('GET', '/v1/remediation-rules', { as: 'author', sub: 'author-1' });
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.json())).not.toContain('bad-slips');
  });

  it('move a tasker whose recent answers keep choosing the tagged option, at the answer that crosses the bar, once', async () => {
    const taskerId = 'etr-slipper';
    const placementMath = await place(taskerId);
    const placed = (await trackOf(taskerId)).track;
    expect(placed.startsWith('remedial:')).toBe(false);
    const firesAt = [1, 2, 3, 4].find((j) => verdictAfter(j, placementMath).fires)!;
    expect(firesAt).toBeDefined();
    let firing: { quizId: string; idem: string; body: unknown } | undefined;
    await answerDrills(taskerId, 'B', async (answered, request) => {
      const track = (await trackOf(taskerId)).track;
      expect(track).toBe(answered >= firesAt ? 'remedial:math' : placed);
      if (answered === firesAt) firing = request;
    });
    expect(await trackOf(taskerId)).toMatchObject({ track: 'remedial:math', assignedBy: 'rule:math-slips@1' });
    const moves = await movesOf(taskerId);
    expect(moves).toEqual([{ kind: 'move', moveId: expect.any(String), at: expect.any(String), from: placed, to: 'remedial:math', actor: { kind: 'rule', ruleId: 'math-slips', version: 1 }, reason: `Arithmetic slips: ${verdictAfter(firesAt, placementMath).why}` }]);

    // the answer that fired, retried: the same reply, no second move
    const retry = await stack.request('POST', `/v1/quizzes/${firing!.quizId}/responses`, { as: 'tasker', sub: taskerId, headers: { 'idempotency-key': firing!.idem }, body: firing!.body });
    expect(retry.status).toBe(200);
    expect(await movesOf(taskerId)).toHaveLength(1);
  }, 180_000);

  it('leave a tasker with as many wrong answers without the rule’s tag where they are', async () => {
    const taskerId = 'etr-untagged';
    await place(taskerId);
    const placed = (await trackOf(taskerId)).track;
    await answerDrills(taskerId, 'C', async () => undefined);
    expect((await trackOf(taskerId)).track).toBe(placed);
    expect(await movesOf(taskerId)).toEqual([]);
  }, 180_000);
});
