// Pilot items in live placements, end to end (local API Gateway, real handlers, DynamoDB Local): a blueprint that
// seeds pilot items gives the same θ, SE, track and stop as the same blueprint without them for the same scored
// answers; the tasker sees pilot items exactly like scored ones; their answers are logged flagged `pilot`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createRng, hashString } from '@theta/irt';
import { REPO_ROOT } from '@theta/local';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { leakedSecrets, SEED_ITEMS, simulatedAnswer } from '../support/seed-bank';

type Json = Record<string, unknown>;
let stack: LocalStack;
const seedBlueprint = JSON.parse(readFileSync(join(REPO_ROOT, 'packages/local/seed/blueprints/general-placement.json'), 'utf8')) as Json & { cat: Json };
const PILOT_IDS = new Set(SEED_ITEMS.filter((i) => i.status === 'pilot').map((i) => i.id));

// MFI without exposure control: the CAT uses no randomness, so two placements with the same answers run the same
// test whatever their ids — the comparison below is then exact
const deterministic = { ...seedBlueprint.cat, selection: { method: 'MFI' }, exposure: { method: 'none' } };
const plain = { ...seedBlueprint, id: 'pilot-off', cat: deterministic };
const piloted = { ...plain, id: 'pilot-on', pilot: { items: 3, minResponses: 50 } };

beforeAll(async () => {
  stack = await startLocalStack({ seed: true, checkResponse: (res) => expect(leakedSecrets(res.text)).toEqual([]) });
  for (const blueprint of [plain, piloted]) {
    const res = await stack.post('/v1/blueprints', blueprint, { as: 'author', sub: 'author-1' });
    if (res.status !== 201) throw new Error(res.text);
  }
});
afterAll(async () => {
  await stack?.stop();
});

interface ItemView { id: string; stem: string; options: { id: string; text: string }[] }
interface Step { status: 'in-progress' | 'completed'; item: ItemView; progress: { answered: number; maxItems: number; expectedItemsLeft: number }; result: Json & { skills: Json; track: string; itemsUsed: number } }

/** A simulee of ability θ, answering each item from its model with a draw seeded by (simulee, item). */
async function place(taskerId: string, blueprintId: string, theta: number) {
  const started = await stack.post('/v1/placements', { taskerId, profile: { declaredDomains: [], educationLevel: 'master' }, blueprintId }, { as: 'onboarding' });
  expect(started.status).toBe(201);
  const { placementId } = started.json<{ placementId: string }>();
  let step = started.json<Step>();
  const shown: ItemView[] = [];
  const progress: Step['progress'][] = [];
  for (let k = 0; k < 100; k++) {
    shown.push(step.item);
    progress.push(step.progress);
    const answer = simulatedAnswer(step.item.id, theta, createRng(hashString(`sim-${theta}:${step.item.id}`)));
    const res = await stack.post(`/v1/placements/${placementId}/responses`, { itemId: step.item.id, answer, elapsedMs: 5000 }, { as: 'tasker', sub: taskerId, headers: { 'idempotency-key': `${taskerId}-${k}` } });
    expect(res.status).toBe(200);
    step = res.json<Step>();
    if (step.status === 'completed') return { placementId, shown, progress, result: step.result };
  }
  throw new Error('placement did not stop');
}

async function responseRows(placementId: string) {
  const out = await stack.ddb.send(
    new QueryCommand({ TableName: stack.tableNames.sessions, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)', ExpressionAttributeValues: { ':pk': `PLACEMENT#${placementId}`, ':r': 'RESP#' } }),
  );
  return (out.Items ?? []) as (Json & { itemId: string; seq: number; pilot?: boolean; score: number })[];
}

describe('pilot items in a live placement', () => {
  const thetas = [-1.2, 0.1, 1.4];

  it.each(thetas)('θ = %p: the same θ, SE, track and stop as without pilot items; pilots logged, unscored', async (theta) => {
    const a = await place(`t-off-${thetas.indexOf(theta)}`, 'pilot-off', theta);
    const b = await place(`t-on-${thetas.indexOf(theta)}`, 'pilot-on', theta);

    expect(b.result.skills).toEqual(a.result.skills); // θ, SE, ci95, items per skill, stop reasons
    expect(b.result.track).toBe(a.result.track);
    expect(b.result.reason).toBe(a.result.reason);
    expect(b.result.itemsUsed).toBe(a.result.itemsUsed); // pilot items are not counted as scored

    const pilots = b.shown.filter((i) => PILOT_IDS.has(i.id));
    expect(pilots).toHaveLength(3);
    expect(PILOT_IDS.has(b.shown[0]!.id)).toBe(false); // never the first item
    expect(b.shown.filter((i) => !PILOT_IDS.has(i.id)).map((i) => i.id)).toEqual(a.shown.map((i) => i.id));
    expect(b.shown).toHaveLength(a.shown.length + 3);

    // indistinguishable: same view shape, progress counts every item, the cap stays put
    for (const view of b.shown) expect(Object.keys(view).sort()).toEqual(['id', 'options', 'stem']);
    b.progress.forEach((p, k) => {
      expect(p.answered).toBe(k);
      expect(p.maxItems).toBe(b.progress[0]!.maxItems);
    });

    // the log: every answer, the pilots flagged; ops see every item administered, pilots unmarked
    const rows = await responseRows(b.placementId);
    expect(rows.map((r) => r.seq)).toEqual(b.shown.map((_, k) => k + 1));
    expect(rows.filter((r) => r.pilot === true).map((r) => r.itemId).sort()).toEqual(pilots.map((p) => p.id).sort());
    const view = await stack.get(`/v1/placements/${b.placementId}`, { as: 'ops', sub: 'ops-1' });
    const result = view.json<{ itemsAnswered: number; result: { itemsAdministered: string[]; itemsUsed: number } }>();
    expect(result.result.itemsAdministered).toEqual(b.shown.map((i) => i.id));
    expect(result.itemsAnswered).toBe(b.shown.length);
    expect(result.result.itemsUsed).toBe(b.shown.length - 3);
  });

  it('a retried pilot answer gets the same reply and records nothing twice', async () => {
    const taskerId = 't-retry';
    const started = await stack.post('/v1/placements', { taskerId, profile: { declaredDomains: [], educationLevel: 'master' }, blueprintId: 'pilot-on' }, { as: 'onboarding' });
    expect(started.text).toMatch(/placementId/);
    const { placementId } = started.json<{ placementId: string }>();
    let item = started.json<Step>().item;
    for (let k = 0; k < 40; k++) {
      const body = { itemId: item.id, answer: simulatedAnswer(item.id, 0, createRng(k)) };
      const opts = { as: 'tasker' as const, sub: taskerId, headers: { 'idempotency-key': `retry-key-${k}` } };
      const first = await stack.post(`/v1/placements/${placementId}/responses`, body, opts);
      expect(first.text).toMatch(/"item"/);
      if (PILOT_IDS.has(item.id)) {
        const again = await stack.post(`/v1/placements/${placementId}/responses`, body, opts);
        expect(again.text).toBe(first.text);
        const rows = await responseRows(placementId);
        expect(rows.filter((r) => r.itemId === item.id)).toHaveLength(1);
        return;
      }
      item = first.json<Step>().item;
    }
    throw new Error('no pilot item was shown');
  });

  it('the published snapshot holds no parameters of pilot items', async () => {
    const out = await stack.ddb.send(
      new QueryCommand({ TableName: stack.tableNames.bank, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'SNAPSHOT#pilot-on#000001' } }),
    );
    const snapshot = JSON.parse((out.Items ?? []).map((r) => r.json as string).join('')) as { items: { ids: string[] }; pilot: Json & { ids: string[] } };
    expect(snapshot.pilot.ids.sort()).toEqual([...PILOT_IDS].sort());
    expect(Object.keys(snapshot.pilot).sort()).toEqual(['ids', 'skill', 'versions']);
    for (const id of PILOT_IDS) expect(snapshot.items.ids).not.toContain(id);
  });
});
