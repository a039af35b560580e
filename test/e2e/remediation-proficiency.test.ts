// Remediation rules on proficiency (`theta-below`), end to end on the local stack with the demo seed: the rules run
// after every proficiency update — a placement completing, a quiz completing — and move the tasker (with the rule as
// actor) when θ's upper confidence bound is below the cut; a retried last answer moves nobody twice.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@theta/local';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { answerToEnd, completePlacement, type StartedPlacement } from '../support/complete-placement';
import { bestOption, optionWithScore, seedItem } from '../support/seed-bank';

interface PracticeSeed {
  id: string;
  content: { options: { id: string }[] };
  key: { correct: string };
}
const PRACTICE = new Map(
  (JSON.parse(readFileSync(join(REPO_ROOT, 'packages/local/seed/practice-items.json'), 'utf8')) as { items: PracticeSeed[] }).items.map((p) => [p.id, p]),
);
const wrongPractice = (itemId: string) => {
  const seed = PRACTICE.get(itemId)!;
  return seed.content.options.find((o) => o.id !== seed.key.correct)!.id;
};

interface AuditEntry {
  kind: string;
  from?: string;
  to: string;
  reason: string;
  actor?: { kind: string; ruleId?: string; version?: number };
}

let stack: LocalStack;
let n = 0;
const key = () => `theta-rule-${Date.now()}-${n++}`;
const ops = { as: 'ops' as const, sub: 'ops-1' };
const trackOf = async (taskerId: string) => (await stack.request('GET', `/v1/taskers/${taskerId}`, ops)).json<{ track: { track: string; assignedBy: string }; proficiency: { skill: string; theta: number; se: number }[] }>();
const movesOf = async (taskerId: string) => (await stack.request('GET', `/v1/taskers/${taskerId}/audit`, ops)).json<{ entries: AuditEntry[] }>().entries.filter((e) => e.kind === 'move');

const CODING_RULE = {
  title: 'Coding below the bar',
  when: { kind: 'theta-below', skill: 'coding', cut: 0.8, certainty: 0.9 },
  moveTo: 'remedial:coding',
  courseId: 'coding-again',
};

beforeAll(async () => {
  stack = await startLocalStack({ seed: true, onHandlerError: (id, e) => console.error(id, e) });
  const course = {
    title: 'Coding basics, again',
    skills: ['coding'],
    modules: [{ id: 'python', title: 'Python', quiz: { skill: 'coding', tags: ['python'], length: 1 }, pass: { minCorrectShare: 1 } }],
    variants: [{ id: 'control', weight: 1 }],
  };
  expect((await stack.request('PUT', '/v1/courses/coding-again', { as: 'author', sub: 'author-1', body: course })).status).toBe(201);
  expect((await stack.request('PUT', '/v1/remediation-rules/low-coding', { as: 'author', sub: 'author-1', body: CODING_RULE })).status).toBe(201);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('theta-below rules', () => {
  it('run when a placement completes: a declared coder who fails coding is moved to remedial:coding by the rule and enrolled, once', async () => {
    const taskerId = 'theta-coder';
    const start = await stack.request('POST', '/v1/placements', { as: 'onboarding', sub: 'onboarding-svc', body: { taskerId, profile: { declaredDomains: ['coding'] } } });
    expect(start.status).toBe(201);
    const started = start.json<StartedPlacement>();
    let item: { id: string } | undefined = started.item;
    let last = { idem: '', body: {} as unknown };
    while (item) {
      // every coding item wrong, every other one right: routed off the expert track, not to remediation
      const answer = seedItem(item.id).skill === 'coding' ? optionWithScore(item.id, 0) : bestOption(item.id);
      last = { idem: key(), body: { itemId: item.id, answer } };
      const step = await stack.request('POST', `/v1/placements/${started.placementId}/responses`, { as: 'tasker', sub: taskerId, headers: { 'idempotency-key': last.idem }, body: last.body });
      expect(step.status).toBe(200);
      const out = step.json<{ status: string; item?: { id: string }; result?: { track: string } }>();
      if (out.status === 'completed') expect(out.result?.track).not.toBe('remedial:coding');
      item = out.status === 'completed' ? undefined : out.item;
    }
    const tasker = await trackOf(taskerId);
    const coding = tasker.proficiency.find((p) => p.skill === 'coding')!;
    // the rule's arithmetic on the stored estimate: 90% upper bound (z = 1.2815516) below the cut
    expect(coding.theta + 1.2815516 * coding.se).toBeLessThan(0.8);
    expect(tasker.track).toMatchObject({ track: 'remedial:coding', assignedBy: 'rule:low-coding@1' });
    const moves = await movesOf(taskerId);
    expect(moves).toEqual([expect.objectContaining({ to: 'remedial:coding', actor: { kind: 'rule', ruleId: 'low-coding', version: 1 }, reason: `Coding below the bar: coding θ ${coding.theta.toFixed(2)} ± ${coding.se.toFixed(2)}: 90% upper bound ${(coding.theta + 1.2815516 * coding.se).toFixed(2)} < cut 0.80` })]);
    const enrollments = (await stack.request('GET', `/v1/taskers/${taskerId}/enrollments`, { as: 'tasker', sub: taskerId })).json<{ enrollments: { courseId: string; returnTrack?: string }[] }>().enrollments;
    expect(enrollments).toEqual([expect.objectContaining({ courseId: 'coding-again', returnTrack: moves[0]!.from })]);

    // the last answer retried: the same reply, no second move
    const retry = await stack.request('POST', `/v1/placements/${started.placementId}/responses`, { as: 'tasker', sub: taskerId, headers: { 'idempotency-key': last.idem }, body: last.body });
    expect(retry.status).toBe(200);
    expect(await movesOf(taskerId)).toHaveLength(1);
  }, 120_000);

  it('a declared coder whose estimate is above the cut is not moved', async () => {
    const taskerId = 'theta-fine';
    const start = await stack.request('POST', '/v1/placements', { as: 'onboarding', sub: 'onboarding-svc', body: { taskerId, profile: { declaredDomains: ['coding'] } } });
    await answerToEnd(stack, taskerId, start.json<StartedPlacement>());
    const coding = (await trackOf(taskerId)).proficiency.find((p) => p.skill === 'coding')!;
    expect(coding.theta + 1.2815516 * coding.se).toBeGreaterThanOrEqual(0.8);
    expect(await movesOf(taskerId)).toEqual([]);
  }, 120_000);

  it('run when a quiz completes, on the quiz skill only, once per quiz', async () => {
    const taskerId = 'theta-quiz';
    await completePlacement(stack, taskerId);
    const placed = (await trackOf(taskerId)).track.track;
    const wq = (await trackOf(taskerId)).proficiency.find((p) => p.skill === 'writing-quality')!;
    // a rule that the placement's estimate does not meet (upper 50% bound = θ̂, cut just above it): any quiz of
    // wrong answers lowers θ̂ below it
    const cut = Number((wq.theta + 0.01).toFixed(2));
    const rule = { title: 'Writing below the new bar', when: { kind: 'theta-below', skill: 'writing-quality', cut, certainty: 0.5 }, moveTo: 'remedial:writing-quality' };
    expect((await stack.request('PUT', '/v1/remediation-rules/low-writing-theta', { as: 'author', sub: 'author-1', body: rule })).status).toBe(201);

    // a quiz on another skill: the writing rule is not evaluated
    const other = await stack.request('POST', '/v1/quizzes', { as: 'tasker', sub: taskerId, body: { skill: 'safety-policy', length: 1 } });
    const otherItem = other.json<{ quizId: string; item: { id: string } }>();
    expect((await stack.request('POST', `/v1/quizzes/${otherItem.quizId}/responses`, { as: 'tasker', sub: taskerId, headers: { 'idempotency-key': key() }, body: { itemId: otherItem.item.id, answer: wrongPractice(otherItem.item.id) } })).status).toBe(200);
    expect((await trackOf(taskerId)).track.track).toBe(placed);

    const start = await stack.request('POST', '/v1/quizzes', { as: 'tasker', sub: taskerId, body: { skill: 'writing-quality', length: 2 } });
    expect(start.status).toBe(201);
    const { quizId } = start.json<{ quizId: string }>();
    let item: { id: string } | undefined = start.json<{ item: { id: string } }>().item;
    let last = { idem: '', body: {} as unknown };
    let thetaAfter = Number.NaN;
    while (item) {
      last = { idem: key(), body: { itemId: item.id, answer: wrongPractice(item.id) } };
      const res = await stack.request('POST', `/v1/quizzes/${quizId}/responses`, { as: 'tasker', sub: taskerId, headers: { 'idempotency-key': last.idem }, body: last.body });
      expect(res.status).toBe(200);
      const step = res.json<{ status: string; item?: { id: string }; summary?: { thetaAfter: number } }>();
      if (step.summary) thetaAfter = step.summary.thetaAfter;
      item = step.status === 'in-progress' ? step.item : undefined;
    }
    expect(thetaAfter).toBeLessThan(cut);
    expect((await trackOf(taskerId)).track).toMatchObject({ track: 'remedial:writing-quality', assignedBy: 'rule:low-writing-theta@1' });
    const retry = await stack.request('POST', `/v1/quizzes/${quizId}/responses`, { as: 'tasker', sub: taskerId, headers: { 'idempotency-key': last.idem }, body: last.body });
    expect(retry.status).toBe(200);
    expect(await movesOf(taskerId)).toEqual([expect.objectContaining({ from: placed, to: 'remedial:writing-quality', actor: { kind: 'rule', ruleId: 'low-writing-theta', version: 1 } })]);
  }, 120_000);
});
