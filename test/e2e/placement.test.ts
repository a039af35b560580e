// Adaptive placement end to end: onboarding starts it, the tasker answers, Theta routes them —
// through the local API Gateway, the real handlers and DynamoDB Local.
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createRng } from '@theta/irt';
import { keys } from '@theta/store';
import { startLocalStack, type LocalResponse, type LocalStack, type RequestOptions } from '../support/local-stack';
import { bestOption, leakedSecrets, optionWithScore, seedItem, simulatedAnswer } from '../support/seed-bank';

let stack: LocalStack;
let checkedBodies = 0;

/** Every response of this suite goes through here: no body may carry a key, an error tag or an item parameter. */
async function call(method: string, path: string, options: RequestOptions = {}): Promise<LocalResponse> {
  const res = await stack.request(method, path, options);
  expect(leakedSecrets(res.text)).toEqual([]);
  checkedBodies++;
  return res;
}

interface ItemView {
  id: string;
  stem: string;
  options: { id: string; text: string }[];
}
interface Started {
  placementId: string;
  item: ItemView;
  skills: string[];
  progress: Progress;
}
interface Progress {
  answered: number;
  maxItems: number;
  expectedItemsLeft: number;
}
type Step =
  | { status: 'in-progress'; item: ItemView; progress: Progress }
  | { status: 'completed'; result: { track: string; summary: string; reason: string; itemsUsed: number } };

/** An honest progress estimate: at least the item on screen, at most what the cap leaves. */
function expectHonestProgress(p: Progress): void {
  expect(p.expectedItemsLeft).toBeGreaterThanOrEqual(1);
  expect(p.expectedItemsLeft).toBeLessThanOrEqual(p.maxItems - p.answered);
}

const profile = (declaredDomains: string[] = []) => ({ declaredDomains, educationLevel: 'master' as const });
let keyCounter = 0;
const newKey = () => `key-${Date.now()}-${keyCounter++}`;

async function start(taskerId: string, declaredDomains: string[] = []): Promise<Started> {
  const res = await call('POST', '/v1/placements', { as: 'onboarding', sub: 'onboarding-svc', body: { taskerId, profile: profile(declaredDomains) } });
  expect(res.status).toBe(201);
  expect(res.headers.get('location')).toMatch(/^\/v1\/placements\//);
  return res.json<Started>();
}

async function answer(taskerId: string, placementId: string, itemId: string, answerId: string, key = newKey()) {
  return call('POST', `/v1/placements/${placementId}/responses`, {
    as: 'tasker',
    sub: taskerId,
    headers: { 'idempotency-key': key },
    body: { itemId, answer: answerId },
  });
}

/** The project blueprint of these tests: its own retake policy (one attempt, no cooldown), over the demo bank. */
const projectBlueprint = {
  id: 'acme-code-review',
  projectId: 'acme',
  title: 'ACME code review project',
  skills: [
    { skill: 'instruction-following', kind: 'general', minItems: 2, maxItems: 4 },
    { skill: 'coding', kind: 'domain', domain: 'coding', minItems: 4, maxItems: 8 },
  ],
  cat: { estimator: { method: 'EAP' }, selection: { method: 'MFI' }, stopping: { minItems: 6, maxItems: 12, seThreshold: 0.3 } },
  cuts: { 'instruction-following': { generalist: 0 }, coding: { expert: 0.8 } },
  retake: { cooldownHours: 0, maxAttempts: 1 },
  idleTimeoutMinutes: 60,
  includeDomainsFrom: 'all',
};

async function publishProjectBlueprint(): Promise<void> {
  const res = await call('POST', '/v1/blueprints', { as: 'author', sub: 'author-1', body: projectBlueprint });
  expect([200, 201]).toContain(res.status);
}

/** What a start may have written for a tasker: sessions (by the tasker index), the slot, a blueprint's ledger. */
async function startWrites(taskerId: string, blueprintId: string): Promise<unknown[]> {
  const sessions = await stack.ddb.send(
    new QueryCommand({
      TableName: stack.tableNames.sessions,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :t',
      ExpressionAttributeValues: { ':t': keys.placementByTasker(taskerId, '', '').gsi1pk },
    }),
  );
  const get = async (key: Record<string, string>) => (await stack.ddb.send(new GetCommand({ TableName: stack.tableNames.sessions, Key: key, ConsistentRead: true }))).Item;
  return [...(sessions.Items ?? []), await get(keys.taskerPlacements(taskerId)), await get(keys.retakeLedger(taskerId, blueprintId))].filter(Boolean);
}

async function responseCount(placementId: string): Promise<number> {
  const out = await stack.ddb.send(
    new QueryCommand({
      TableName: stack.tableNames.sessions,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)',
      ExpressionAttributeValues: { ':pk': keys.placement(placementId).pk, ':r': 'RESP#' },
      ConsistentRead: true,
    }),
  );
  return out.Count ?? 0;
}

/** the tasker's outbox rows (`tasker.placed` events), oldest first */
async function outboxOf(taskerId: string): Promise<Record<string, unknown>[]> {
  const out = await stack.ddb.send(
    new QueryCommand({
      TableName: stack.tableNames.taskers,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
      ExpressionAttributeValues: { ':pk': keys.tasker(taskerId).pk, ':e': 'EVENT#' },
    }),
  );
  return out.Items ?? [];
}

/** items answered, as ops sees them: a write that should not happen would change it */
async function answeredCount(placementId: string): Promise<number> {
  const res = await call('GET', `/v1/placements/${placementId}`, { as: 'ops', sub: 'ops-1' });
  return res.json<{ itemsAnswered: number }>().itemsAnswered;
}

/** Answers until the test stops; `choose` picks the option for each item. */
async function finish(taskerId: string, started: Started, choose: (itemId: string) => string): Promise<Extract<Step, { status: 'completed' }>> {
  let item = started.item;
  for (let i = 0; i < 200; i++) {
    const res = await answer(taskerId, started.placementId, item.id, choose(item.id));
    expect({ status: res.status, body: res.text }).toMatchObject({ status: 200 });
    const step = res.json<Step>();
    if (step.status === 'completed') return step;
    expectHonestProgress(step.progress);
    item = step.item;
  }
  throw new Error('placement did not stop');
}

beforeAll(async () => {
  stack = await startLocalStack({ seed: true, onHandlerError: (id, e) => console.error(id, e) });
});

afterAll(async () => {
  await stack?.stop();
});

describe('a complete placement', () => {
  const taskerId = 'strong-coder-1';
  let started: Started;
  let completed: Extract<Step, { status: 'completed' }>;

  it('onboarding starts it and gets the first item, content only', async () => {
    started = await start(taskerId, ['coding']);
    expect(started.skills).toEqual(expect.arrayContaining(['instruction-following', 'coding']));
    expect(started.skills).not.toContain('math');
    expect(started.item.options.length).toBeGreaterThanOrEqual(2);
    expect(Object.keys(started.item).sort()).toEqual(['id', 'options', 'stem']);
    for (const o of started.item.options) expect(Object.keys(o).sort()).toEqual(['id', 'text']);
    expect(started.progress).toEqual({ answered: 0, maxItems: expect.any(Number), expectedItemsLeft: expect.any(Number) });
    expectHonestProgress(started.progress);
  });

  it('the current item is repeatable and only the owner sees it', async () => {
    const first = await call('GET', `/v1/placements/${started.placementId}/item`, { as: 'tasker', sub: taskerId });
    const second = await call('GET', `/v1/placements/${started.placementId}/item`, { as: 'tasker', sub: taskerId });
    expect(first.status).toBe(200);
    expect(first.json<{ item: ItemView }>().item).toEqual(started.item);
    expect(second.json<{ item: ItemView }>().item).toEqual(started.item);
    expect((await call('GET', `/v1/placements/${started.placementId}/item`, { as: 'tasker', sub: 'someone-else' })).status).toBe(404);
  });

  it('the OpenAPI document describes the expected items left and the summary', async () => {
    const doc = (await stack.get('/v1/openapi.json')).text; // not through call(): the schema names item fields
    expect(doc).toContain('"expectedItemsLeft"');
    expect(doc).toContain('"trackSummary"');
    expect(doc).toMatch(/"summary":\{"description":"plain language for the tasker/);
  });

  it('the owner reads the placement; another tasker gets 404, as if it did not exist', async () => {
    const own = await call('GET', `/v1/placements/${started.placementId}`, { as: 'tasker', sub: taskerId });
    expect(own.status).toBe(200);
    expect(own.json<{ status: string }>().status).toBe('in-progress');
    const other = await call('GET', `/v1/placements/${started.placementId}`, { as: 'tasker', sub: 'someone-else' });
    expect(other.status).toBe(404);
    expect(other.json<{ error: { code: string } }>().error.code).toBe('placement_not_found');
  });

  it('a strong tasker who answers everything right completes and is routed to the coding expert track', async () => {
    completed = await finish(taskerId, started, bestOption);
    expect(completed.result).toMatchObject({ track: 'expert:coding' });
    expect(completed.result.reason).toMatch(/expert/);
    // the tasker reads a plain summary beside the technical reason: no θ, SE or cut in it
    expect(completed.result.summary).toBe('You are on the expert coding track.');
    expect(completed.result.itemsUsed).toBeLessThanOrEqual(started.progress.maxItems);
  });

  it('ops and onboarding read the result: per-skill θ, SE, 95% interval, the track and why, the stop reason', async () => {
    for (const as of ['ops', 'onboarding'] as const) {
      const res = await call('GET', `/v1/placements/${started.placementId}`, { as, sub: `${as}-1` });
      expect(res.status).toBe(200);
      const view = res.json<{
        status: string;
        result: { track: string; trackReason: string; stopReason: string; itemsUsed: number; itemsAdministered: string[]; skills: Record<string, { theta: number; se: number; ci95: [number, number] }> };
      }>();
      expect(view.status).toBe('completed');
      expect(view.result.track).toBe('expert:coding');
      expect(view.result.itemsAdministered).toHaveLength(view.result.itemsUsed);
      expect(view.result.stopReason).toEqual(expect.any(String));
      for (const s of Object.values(view.result.skills)) {
        expect(s.theta).toBeGreaterThan(0);
        expect(s.ci95[0]).toBeCloseTo(s.theta - 1.96 * s.se, 2);
        expect(s.ci95[1]).toBeCloseTo(s.theta + 1.96 * s.se, 2);
      }
    }
    const own = (await call('GET', `/v1/placements/${started.placementId}`, { as: 'tasker', sub: taskerId })).json<{ result: { trackSummary: string } }>();
    expect(own.result.trackSummary).toBe(completed.result.summary);
  });

  it('stores proficiency with history and the track with its reason', async () => {
    const res = await call('GET', `/v1/taskers/${taskerId}`, { as: 'tasker', sub: taskerId });
    expect(res.status).toBe(200);
    const tasker = res.json<{ track: { track: string; reason: string; placementId: string }; proficiency: { skill: string; theta: number; se: number }[]; history: unknown[] }>();
    expect(tasker.track.track).toBe('expert:coding');
    expect(tasker.track.placementId).toBe(started.placementId);
    expect(tasker.proficiency.map((p) => p.skill)).toEqual(expect.arrayContaining(['coding', 'instruction-following']));
    expect(tasker.history.length).toBe(tasker.proficiency.length);
    expect((await call('GET', `/v1/taskers/${taskerId}`, { as: 'ops', sub: 'ops-1' })).status).toBe(200);
    expect((await call('GET', `/v1/taskers/${taskerId}`, { as: 'tasker', sub: 'someone-else' })).status).toBe(404);
    expect((await call('GET', `/v1/taskers/${taskerId}`, { as: 'author', sub: 'author-1' })).status).toBe(403);
  });

  it('publishes a tasker.placed event to the outbox', async () => {
    const out = await outboxOf(taskerId);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ type: 'tasker.placed', taskerId, detail: { placementId: started.placementId, track: 'expert:coding' } });
  });

  it('a completed placement takes no more answers', async () => {
    const res = await answer(taskerId, started.placementId, started.item.id, bestOption(started.item.id));
    expect(res.status).toBe(409);
  });

  it('the retake policy answers a new start within the cooldown with 429 and Retry-After', async () => {
    const res = await call('POST', '/v1/placements', { as: 'onboarding', sub: 'onboarding-svc', body: { taskerId, profile: profile(['coding']) } });
    expect(res.status).toBe(429);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('retake_cooldown');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(71 * 3600);
  });

  describe('then a project blueprint', () => {
    let project: Started;
    let generalItems: string[];

    beforeAll(async () => {
      await publishProjectBlueprint();
      const view = await call('GET', `/v1/placements/${started.placementId}`, { as: 'ops', sub: 'ops-1' });
      generalItems = view.json<{ result: { itemsAdministered: string[] } }>().result.itemsAdministered;
    });

    it('starts: the general placement’s cooldown and attempts do not count against the project’s retake policy', async () => {
      // the project allows one attempt: had the general attempt counted, this would be a 409 (or the general cooldown a 429)
      const res = await call('POST', '/v1/placements', { as: 'onboarding', sub: 'onboarding-svc', body: { taskerId, profile: profile(['coding']), blueprintId: projectBlueprint.id } });
      expect({ status: res.status, body: res.text }).toMatchObject({ status: 201 });
      project = res.json<Started>();
      expect(project.skills).toEqual(expect.arrayContaining(['coding']));
    });

    it('completes without showing any item the tasker saw in the general placement, and the general track survives', async () => {
      const done = await finish(taskerId, project, bestOption);
      const view = (await call('GET', `/v1/placements/${project.placementId}`, { as: 'ops', sub: 'ops-1' })).json<{ result: { itemsAdministered: string[] } }>();
      expect(view.result.itemsAdministered.filter((id) => generalItems.includes(id))).toEqual([]);

      const tasker = (await call('GET', `/v1/taskers/${taskerId}`, { as: 'onboarding', sub: 'onboarding-svc' })).json<{
        track: { track: string; placementId: string };
        projects: { projectId: string; blueprint: { id: string }; track: { track: string; placementId: string; projectId: string } }[];
        proficiency: { source: { id: string } }[];
        history: { source: { id: string; projectId?: string } }[];
      }>();
      expect(tasker.track).toMatchObject({ track: 'expert:coding', placementId: started.placementId });
      expect(tasker.projects).toEqual([
        expect.objectContaining({ projectId: 'acme', blueprint: expect.objectContaining({ id: projectBlueprint.id }), track: expect.objectContaining({ track: done.result.track, placementId: project.placementId, projectId: 'acme' }) }),
      ]);
      // the current proficiency is still the general placement's; the history has both, each with its source
      expect(new Set(tasker.proficiency.map((p) => p.source.id))).toEqual(new Set([started.placementId]));
      expect(new Set(tasker.history.map((h) => h.source.id))).toEqual(new Set([started.placementId, project.placementId]));
      expect(tasker.history.filter((h) => h.source.id === project.placementId).every((h) => h.source.projectId === 'acme')).toBe(true);

      const events = await outboxOf(taskerId);
      expect(events.map((e) => (e.detail as { projectId?: string }).projectId)).toEqual([undefined, 'acme']);
    });

    it('its own attempts are limited by its own policy: a second start → 409 retake_limit_reached, and nothing written', async () => {
      const before = await startWrites(taskerId, projectBlueprint.id);
      const res = await call('POST', '/v1/placements', { as: 'onboarding', sub: 'onboarding-svc', body: { taskerId, profile: profile(['coding']), blueprintId: projectBlueprint.id } });
      expect(res.status).toBe(409);
      expect(res.json<{ error: { code: string; details: unknown } }>().error).toMatchObject({ code: 'retake_limit_reached', details: { attempts: 1, maxAttempts: 1 } });
      expect(res.json<{ error: { message: string } }>().error.message).toBe("this tasker has used the only attempt of blueprint 'acme-code-review'");
      expect(await startWrites(taskerId, projectBlueprint.id)).toEqual(before);
    });
  });
});

describe('attempts are counted per blueprint', () => {
  it('a tasker who used a project blueprint’s only attempt can still take general placement', async () => {
    await publishProjectBlueprint();
    const id = 'project-first-1';
    const first = await call('POST', '/v1/placements', { as: 'onboarding', sub: 'onboarding-svc', body: { taskerId: id, profile: profile(), blueprintId: projectBlueprint.id } });
    expect(first.status).toBe(201);
    await finish(id, first.json<Started>(), (itemId) => optionWithScore(itemId, 0));
    const general = await start(id);
    expect(general.placementId).not.toBe(first.json<Started>().placementId);
    const tasker = (await call('GET', `/v1/taskers/${id}`, { as: 'ops', sub: 'ops-1' })).json<{ track?: unknown; projects: { projectId: string }[] }>();
    expect(tasker.track).toBeUndefined(); // a project result is not a general track
    expect(tasker.projects.map((p) => p.projectId)).toEqual(['acme']);
  });
});

describe('routing of other profiles', () => {
  it('a tasker who answers everything wrong is not qualified', async () => {
    const started = await start('weak-1');
    const done = await finish('weak-1', started, (id) => optionWithScore(id, 0));
    expect(done.result.track).toBe('not-qualified');
  });

  it('a tasker weak in exactly one general skill goes to its remedial track', async () => {
    const started = await start('one-weak-1');
    const done = await finish('one-weak-1', started, (id) => (seedItem(id).skill === 'factual-verification' ? optionWithScore(id, 0) : bestOption(id)));
    expect(done.result.track).toBe('remedial:factual-verification');
  });
});

describe('idempotency and races', () => {
  it('a retry with the same Idempotency-Key returns the same answer and writes nothing twice', async () => {
    const s = await start('retry-1');
    const key = newKey();
    const first = await answer('retry-1', s.placementId, s.item.id, bestOption(s.item.id), key);
    const again = await answer('retry-1', s.placementId, s.item.id, bestOption(s.item.id), key);
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.text).toBe(first.text); // the same reply, byte for byte
    expect(await responseCount(s.placementId)).toBe(1);
  });

  it('the same key with a different body is rejected', async () => {
    const s = await start('retry-2');
    const key = newKey();
    expect((await answer('retry-2', s.placementId, s.item.id, optionWithScore(s.item.id, 0), key)).status).toBe(200);
    const reused = await answer('retry-2', s.placementId, s.item.id, bestOption(s.item.id), key);
    expect(reused.status).toBe(422);
    expect(reused.json<{ error: { code: string } }>().error.code).toBe('idempotency_key_reused');
    expect(await responseCount(s.placementId)).toBe(1);
  });

  it('two concurrent submissions of the same answer under different keys: exactly one is recorded', async () => {
    const s = await start('race-1');
    const choice = bestOption(s.item.id);
    const results = await Promise.all([answer('race-1', s.placementId, s.item.id, choice), answer('race-1', s.placementId, s.item.id, choice)]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409]);
    expect(await responseCount(s.placementId)).toBe(1);
  });

  it('two concurrent submissions under the same key: both get the first reply, one answer is recorded', async () => {
    const s = await start('race-same-key');
    const key = newKey();
    const choice = bestOption(s.item.id);
    const results = await Promise.all([answer('race-same-key', s.placementId, s.item.id, choice, key), answer('race-same-key', s.placementId, s.item.id, choice, key)]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(results[1]?.text).toBe(results[0]?.text);
    expect(await responseCount(s.placementId)).toBe(1);
  });

  it('a late retry of an older answer gets that answer’s reply and writes nothing', async () => {
    const s = await start('retry-late');
    const firstKey = newKey();
    const first = await answer('retry-late', s.placementId, s.item.id, bestOption(s.item.id), firstKey);
    const next = first.json<Extract<Step, { status: 'in-progress' }>>().item;
    const second = await answer('retry-late', s.placementId, next.id, bestOption(next.id));
    expect(second.status).toBe(200);
    const onScreen = second.json<Extract<Step, { status: 'in-progress' }>>().item.id;
    const late = await answer('retry-late', s.placementId, s.item.id, bestOption(s.item.id), firstKey);
    expect(late.status).toBe(200);
    expect(late.text).toBe(first.text);
    expect(await responseCount(s.placementId)).toBe(2);
    // an older key with another body is a reuse, not a retry: for an item already answered, and for the one on
    // screen (which would otherwise be recorded as a new answer under a key that already names one)
    for (const itemId of [next.id, onScreen]) {
      const reused = await answer('retry-late', s.placementId, itemId, bestOption(itemId), firstKey);
      expect(reused.status).toBe(422);
      expect(reused.json<{ error: { code: string } }>().error.code).toBe('idempotency_key_reused');
    }
    expect(await responseCount(s.placementId)).toBe(2);
  });

  it('a retry of the completing answer returns the same result and records nothing twice', async () => {
    const taskerId = 'retry-final';
    const s = await start(taskerId);
    let item = s.item;
    let last: { key: string; itemId: string; choice: string; text: string } | undefined;
    for (let i = 0; i < 200 && !last; i++) {
      const key = newKey();
      const choice = bestOption(item.id);
      const res = await answer(taskerId, s.placementId, item.id, choice, key);
      expect(res.status).toBe(200);
      const step = res.json<Step>();
      if (step.status === 'completed') last = { key, itemId: item.id, choice, text: res.text };
      else item = step.item;
    }
    if (!last) throw new Error('placement did not stop');
    const answered = await responseCount(s.placementId);
    const again = await answer(taskerId, s.placementId, last.itemId, last.choice, last.key);
    expect(again.status).toBe(200);
    expect(again.text).toBe(last.text); // the result read back from the session, in the first reply's order
    expect(await responseCount(s.placementId)).toBe(answered);
    const events = await outboxOf(taskerId);
    expect(events).toHaveLength(1);
  });

  it('a retry of an answer given before the placement expired → 410', async () => {
    const s = await start('retry-expired');
    const key = newKey();
    expect((await answer('retry-expired', s.placementId, s.item.id, bestOption(s.item.id), key)).status).toBe(200);
    await stack.ddb.send(
      new UpdateCommand({
        TableName: stack.tableNames.sessions,
        Key: keys.placement(s.placementId),
        UpdateExpression: 'SET idleDeadline = :past',
        ExpressionAttributeValues: { ':past': new Date(Date.now() - 60_000).toISOString() },
      }),
    );
    // nothing has written the expiry yet: the retry itself must see that the deadline passed
    const again = await answer('retry-expired', s.placementId, s.item.id, bestOption(s.item.id), key);
    expect(again.status).toBe(410);
    expect(again.json<{ error: { code: string } }>().error.code).toBe('placement_expired');
    expect(await responseCount(s.placementId)).toBe(1);
    expect((await call('GET', `/v1/placements/${s.placementId}`, { as: 'ops', sub: 'ops-1' })).json<{ status: string }>().status).toBe('expired');
  });

  it('another tasker replaying my key on my placement learns nothing (404)', async () => {
    const s = await start('retry-owner');
    const key = newKey();
    expect((await answer('retry-owner', s.placementId, s.item.id, bestOption(s.item.id), key)).status).toBe(200);
    const stranger = await answer('someone-else', s.placementId, s.item.id, bestOption(s.item.id), key);
    expect(stranger.status).toBe(404);
    expect(await responseCount(s.placementId)).toBe(1);
  });

  it('a retried start with the same Idempotency-Key returns the first placement', async () => {
    const body = { taskerId: 'retry-start-1', profile: profile() };
    const headers = { 'idempotency-key': newKey() };
    const first = await call('POST', '/v1/placements', { as: 'onboarding', sub: 'onboarding-svc', headers, body });
    const again = await call('POST', '/v1/placements', { as: 'onboarding', sub: 'onboarding-svc', headers, body });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.json()).toEqual(first.json());
    // byte for byte: the stored reply keeps its key order (a DynamoDB map would not; found by npm run load)
    expect(again.text).toBe(first.text);
    // without the key a second start is a conflict naming the placement
    const unkeyed = await call('POST', '/v1/placements', { as: 'onboarding', sub: 'onboarding-svc', body });
    expect(unkeyed.status).toBe(409);
  });

  it('a second concurrent start for the same tasker loses', async () => {
    const body = { taskerId: 'race-2', profile: profile() };
    const results = await Promise.all([0, 1].map(() => call('POST', '/v1/placements', { as: 'onboarding', sub: 'onboarding-svc', body })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it('starting while a placement is in progress names the active placement', async () => {
    const s = await start('busy-1');
    const res = await call('POST', '/v1/placements', { as: 'onboarding', sub: 'onboarding-svc', body: { taskerId: 'busy-1', profile: profile() } });
    expect(res.status).toBe(409);
    expect(res.json<{ error: { code: string; details: { placementId: string } } }>().error).toMatchObject({ code: 'placement_in_progress', details: { placementId: s.placementId } });
  });
});

describe('bad input gets a clear 4xx and writes nothing', () => {
  let s: Started;
  const taskerId = 'bad-input-1';
  beforeAll(async () => {
    s = await start(taskerId);
  });

  async function expectNoWrite(run: () => Promise<LocalResponse>, status: number, check?: (body: { error: { code: string; details?: unknown } }) => void) {
    const before = await responseCount(s.placementId);
    const answered = await answeredCount(s.placementId);
    const res = await run();
    expect(res.status).toBe(status);
    check?.(res.json());
    expect(await responseCount(s.placementId)).toBe(before);
    expect(await answeredCount(s.placementId)).toBe(answered);
  }

  it('an item that is not the current one → 409 naming the current item', () =>
    expectNoWrite(() => answer(taskerId, s.placementId, 'demo-code-001' === s.item.id ? 'demo-math-001' : 'demo-code-001', 'A'), 409, (b) =>
      expect(b.error).toMatchObject({ code: 'not_current_item', details: { currentItemId: s.item.id } }),
    ));

  it('a wrong answer type → 400 naming body.answer', () =>
    expectNoWrite(
      () => call('POST', `/v1/placements/${s.placementId}/responses`, { as: 'tasker', sub: taskerId, headers: { 'idempotency-key': newKey() }, body: { itemId: s.item.id, answer: 2 } }),
      400,
      (b) => expect(b.error.details).toEqual([{ path: 'body.answer', message: expect.stringMatching(/string/) }]),
    ));

  it('an answer that is not an option → 422', () =>
    expectNoWrite(() => answer(taskerId, s.placementId, s.item.id, 'ZZ'), 422, (b) => expect(b.error.code).toBe('unknown_option')));

  it('an unknown field → 400 naming it', () =>
    expectNoWrite(
      () => call('POST', `/v1/placements/${s.placementId}/responses`, { as: 'tasker', sub: taskerId, headers: { 'idempotency-key': newKey() }, body: { itemId: s.item.id, answer: 'A', score: 1 } }),
      400,
      (b) => expect(b.error.details).toEqual([{ path: 'body.score', message: 'unknown field' }]),
    ));

  it('malformed JSON → 400', () =>
    expectNoWrite(
      () => call('POST', `/v1/placements/${s.placementId}/responses`, { as: 'tasker', sub: taskerId, headers: { 'idempotency-key': newKey(), 'content-type': 'application/json' }, body: '{"itemId": "x",' }),
      400,
      (b) => expect(b.error.code).toBe('validation_failed'),
    ));

  it('an oversized body → 413', () =>
    expectNoWrite(
      () =>
        call('POST', `/v1/placements/${s.placementId}/responses`, {
          as: 'tasker',
          sub: taskerId,
          headers: { 'idempotency-key': newKey() },
          body: { itemId: s.item.id, answer: 'A', padding: 'x'.repeat(100 * 1024) },
        }),
      413,
    ));

  it('a missing Idempotency-Key → 400 naming the header', () =>
    expectNoWrite(
      () => call('POST', `/v1/placements/${s.placementId}/responses`, { as: 'tasker', sub: taskerId, body: { itemId: s.item.id, answer: 'A' } }),
      400,
      (b) => expect(b.error.details).toEqual([{ path: 'headers.idempotency-key', message: expect.any(String) }]),
    ));

  it("someone else's placement → 404, as if it did not exist", () =>
    expectNoWrite(() => answer('intruder-1', s.placementId, s.item.id, bestOption(s.item.id)), 404, (b) => expect(b.error.code).toBe('placement_not_found')));

  it('an unknown placement → 404', async () => {
    const res = await answer(taskerId, 'no-such-placement', s.item.id, 'A');
    expect(res.status).toBe(404);
  });

  it('a bad start body → 400 naming each field', async () => {
    const res = await call('POST', '/v1/placements', { as: 'onboarding', sub: 'onboarding-svc', body: { taskerId: 'x y', profile: { educationLevel: 'phd' } } });
    expect(res.status).toBe(400);
    const paths = res.json<{ error: { details: { path: string }[] } }>().error.details.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.taskerId', 'body.profile.educationLevel']));
    // a well-formed tasker id with a bad profile: nothing written for that tasker either
    const bad = await call('POST', '/v1/placements', { as: 'onboarding', sub: 'onboarding-svc', body: { taskerId: 'bad-start-1', profile: { declaredDomains: 'coding', educationLevel: 'master' } } });
    expect(bad.status).toBe(400);
    expect(await startWrites('bad-start-1', 'general-placement')).toEqual([]);
  });

  it('an unknown blueprint → 404, and no session, slot or ledger is written', async () => {
    const res = await call('POST', '/v1/placements', { as: 'onboarding', sub: 'onboarding-svc', body: { taskerId: 'bp-1', profile: profile(), blueprintId: 'no-such-blueprint' } });
    expect(res.status).toBe(404);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('blueprint_not_found');
    expect(await startWrites('bp-1', 'no-such-blueprint')).toEqual([]);
  });

  it('an idle-expired placement → 410, and the tasker may start again', async () => {
    const idle = await start('idle-1');
    await stack.ddb.send(
      new UpdateCommand({
        TableName: stack.tableNames.sessions,
        Key: keys.placement(idle.placementId),
        UpdateExpression: 'SET idleDeadline = :past',
        ExpressionAttributeValues: { ':past': new Date(Date.now() - 60_000).toISOString() },
      }),
    );
    const item = await call('GET', `/v1/placements/${idle.placementId}/item`, { as: 'tasker', sub: 'idle-1' });
    expect(item.status).toBe(410);
    expect(item.json<{ error: { code: string } }>().error.code).toBe('placement_expired');
    const res = await answer('idle-1', idle.placementId, idle.item.id, bestOption(idle.item.id));
    expect(res.status).toBe(410);
    expect(await responseCount(idle.placementId)).toBe(0);
    const view = await call('GET', `/v1/placements/${idle.placementId}`, { as: 'ops', sub: 'ops-1' });
    expect(view.json<{ status: string }>().status).toBe('expired');
    const again = await start('idle-1');
    expect(again.placementId).not.toBe(idle.placementId);
    // items shown in the expired attempt are not shown again
    expect(again.item.id).not.toBe(idle.item.id);
  });
});

describe('simulated taskers of known ability', () => {
  it('answer by the IRT model and finish with estimates near their true θ', async () => {
    const rng = createRng('e2e-simulees');
    const errors: number[] = [];
    for (const [index, theta] of [-1.5, 0, 1.5].entries()) {
      const id = `sim-${index}`;
      const s = await start(id, ['coding', 'math']);
      await finish(id, s, (itemId) => simulatedAnswer(itemId, theta, rng));
      const view = (await call('GET', `/v1/placements/${s.placementId}`, { as: 'ops', sub: 'ops-1' })).json<{ result: { skills: Record<string, { theta: number; se: number }> } }>();
      for (const est of Object.values(view.result.skills)) errors.push((est.theta - theta) / est.se);
    }
    // standardized errors of a calibrated estimator: mean near 0, spread near 1 (loose: 21 estimates)
    const mean = errors.reduce((a, b) => a + b, 0) / errors.length;
    const rms = Math.sqrt(errors.reduce((a, b) => a + b * b, 0) / errors.length);
    expect(Math.abs(mean)).toBeLessThan(1);
    expect(rms).toBeLessThan(2);
  });
});

afterAll(() => {
  expect(checkedBodies).toBeGreaterThan(50);
});
