// Automatic remediation through the local API Gateway, the real handlers and DynamoDB Local: authors write a
// versioned rule; the quality service posts audit scores; when the rule fires the tasker is moved to the remedial
// track by the rule (audited, with the rule and version as the actor), once, even when the signal is retried.
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { completePlacement } from '../support/complete-placement';

let stack: LocalStack;
let counter = 0;
const key = () => `remediation-key-${Date.now()}-${counter++}`;

interface Action {
  ruleId: string;
  version: number;
  fired: boolean;
  why: string;
  move?: { from?: string; to: string };
}
interface ErrorBody {
  error: { code: string; details?: { path: string }[] };
}


const signal = (taskerId: string, score: number, idem = key(), as: 'quality' | 'ops' | 'tasker' = 'quality') =>
  stack.request('POST', `/v1/taskers/${taskerId}/quality-signals`, { as, sub: 'audit-service', headers: { 'idempotency-key': idem }, body: { skill: 'writing-quality', score, workId: `work-${counter}` } });

const rule = { title: 'Writing quality below the bar', when: { kind: 'quality-below', skill: 'writing-quality', threshold: 0.5, window: 3, minSignals: 3 }, moveTo: 'remedial:writing-quality' };
const taskerId = 'remedy-1';
let placedTrack: string;

beforeAll(async () => {
  stack = await startLocalStack({ seed: true, onHandlerError: (id, e) => console.error(id, e) });
  await completePlacement(stack, taskerId);
  placedTrack = (await stack.request('GET', `/v1/taskers/${taskerId}`, { as: 'ops', sub: 'ops-1' })).json<{ track: { track: string } }>().track.track;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('remediation rules', () => {
  it('are versioned: a new version per change, none for the same content', async () => {
    const first = await stack.request('PUT', '/v1/remediation-rules/low-writing', { as: 'author', sub: 'author-1', body: rule });
    expect(first.status).toBe(201);
    expect(first.json<{ rule: { version: number } }>().rule.version).toBe(1);
    const same = await stack.request('PUT', '/v1/remediation-rules/low-writing', { as: 'ops', sub: 'ops-1', body: rule });
    expect(same.status).toBe(200);
    const changed = await stack.request('PUT', '/v1/remediation-rules/low-writing', { as: 'author', sub: 'author-1', body: { ...rule, when: { ...rule.when, threshold: 0.6 } } });
    expect(changed.status).toBe(201);
    expect(changed.json<{ rule: { version: number; updatedBy: string } }>().rule).toMatchObject({ version: 2, updatedBy: 'author-1' });
    const list = await stack.request('GET', '/v1/remediation-rules', { as: 'ops', sub: 'ops-1' });
    expect(list.json<{ rules: { id: string; version: number }[] }>().rules).toEqual([expect.objectContaining({ id: 'low-writing', version: 2 })]);
  });

  it('wait for enough evidence, then move the tasker by the rule, audited, once', async () => {
    for (const score of [0.3, 0.4]) {
      const res = await signal(taskerId, score);
      expect(res.status).toBe(201);
      expect(res.json<{ rules: Action[] }>().rules).toEqual([expect.objectContaining({ ruleId: 'low-writing', fired: false, why: expect.stringMatching(/of 3 signals needed/) })]);
    }
    const idem = key();
    const third = await signal(taskerId, 0.5, idem);
    expect(third.status).toBe(201);
    const fired = third.json<{ signal: { id: string }; rules: Action[] }>();
    // mean of 0.3, 0.4, 0.5 = 0.40 < 0.60
    expect(fired.rules).toEqual([{ ruleId: 'low-writing', version: 2, fired: true, why: 'mean writing-quality audit score 0.40 over the last 3 < 0.60', move: { id: expect.any(String), from: placedTrack, to: 'remedial:writing-quality' } }]);
    const tasker = (await stack.request('GET', `/v1/taskers/${taskerId}`, { as: 'ops', sub: 'ops-1' })).json<{ track: { track: string; assignedBy: string } }>();
    expect(tasker.track).toMatchObject({ track: 'remedial:writing-quality', assignedBy: 'rule:low-writing@2' });

    // the quality service retries the same signal: the same signal, no second move
    const retry = await signal(taskerId, 0.5, idem);
    expect(retry.status).toBe(200);
    expect(retry.json<{ signal: { id: string } }>().signal.id).toBe(fired.signal.id);
    const audit = (await stack.request('GET', `/v1/taskers/${taskerId}/audit`, { as: 'ops', sub: 'ops-1' })).json<{ entries: { to: string; actor?: { kind: string; ruleId?: string; version?: number } }[] }>().entries;
    const byRule = audit.filter((e) => e.actor?.kind === 'rule');
    expect(byRule).toEqual([expect.objectContaining({ to: 'remedial:writing-quality', actor: { kind: 'rule', ruleId: 'low-writing', version: 2 } })]);
    // already on the remedial track: another low score does not move again
    expect((await signal(taskerId, 0.1)).json<{ rules: Action[] }>().rules[0]).toMatchObject({ fired: false, why: 'already on remedial:writing-quality' });
    // the key reused for another signal is refused
    expect((await signal(taskerId, 0.9, idem)).status).toBe(422);
  });

  it('only the quality service posts signals; only authors and ops write rules', async () => {
    expect((await signal(taskerId, 0.2, key(), 'ops')).status).toBe(403);
    expect((await signal(taskerId, 0.2, key(), 'tasker')).status).toBe(403);
    expect((await stack.request('PUT', '/v1/remediation-rules/x-rule', { as: 'tasker', sub: taskerId, body: rule })).status).toBe(403);
    expect((await stack.request('GET', '/v1/remediation-rules', { as: 'quality', sub: 'audit-service' })).status).toBe(403);
  });

  it.each([
    ['a score above 1', { skill: 'writing-quality', score: 1.5 }, 'body.score'],
    ['no skill', { score: 0.5 }, 'body.skill'],
    ['an unknown field', { skill: 'writing-quality', score: 0.5, tasker: 'x' }, 'body.tasker'],
  ])('a signal with %s → 400 naming the field', async (_label, body, path) => {
    const res = await stack.request('POST', `/v1/taskers/${taskerId}/quality-signals`, { as: 'quality', sub: 'audit-service', headers: { 'idempotency-key': key() }, body });
    expect(res.status).toBe(400);
    expect(res.json<ErrorBody>().error.details?.map((d) => d.path)).toContain(path);
  });

  it.each([
    ['minSignals above window', { ...rule, when: { ...rule.when, minSignals: 9 } }, 'body.when.minSignals'],
    ['a threshold above 1', { ...rule, when: { ...rule.when, threshold: 2 } }, 'body.when.threshold'],
    ['an unknown kind', { ...rule, when: { kind: 'vibes' } }, 'body.when.kind'],
    ['moveTo among fromTracks', { ...rule, fromTracks: ['remedial:writing-quality'] }, 'body.moveTo'],
  ])('a rule with %s → 400 naming the field, nothing written', async (_label, body, path) => {
    const res = await stack.request('PUT', '/v1/remediation-rules/bad-rule', { as: 'author', sub: 'author-1', body });
    expect(res.status).toBe(400);
    expect(res.json<ErrorBody>().error.details?.map((d) => d.path)).toContain(path);
    const list = (await stack.request('GET', '/v1/remediation-rules', { as: 'ops', sub: 'ops-1' })).json<{ rules: { id: string }[] }>().rules;
    expect(list.map((r) => r.id)).not.toContain('bad-rule');
  });

  it('a signal for an unknown tasker → 404, nothing stored', async () => {
    expect((await signal('nobody-here', 0.2)).status).toBe(404);
  });
});
