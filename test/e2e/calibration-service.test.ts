// The calibration service end to end (local API Gateway, real handlers, the job runner, DynamoDB Local): live
// placements seed pilot items; an author queues a calibration, the job runs it over the logged responses, and only
// an approval changes the bank that the next blueprint publication compiles. Audited; roles enforced; bad input 4xx.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createRng, hashString } from '@theta/irt';
import { REPO_ROOT } from '@theta/local';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { leakedSecrets, SEED_ITEMS, simulatedAnswer } from '../support/seed-bank';

type Json = Record<string, unknown>;
let stack: LocalStack;
const seedBlueprint = JSON.parse(readFileSync(join(REPO_ROOT, 'packages/local/seed/blueprints/general-placement.json'), 'utf8')) as Json;
const blueprint = { ...seedBlueprint, id: 'calibrated', pilot: { items: 3, minResponses: 10 } };
const PILOTS = new Set(SEED_ITEMS.filter((i) => i.status === 'pilot').map((i) => i.id));
const AUTHOR = { as: 'author' as const, sub: 'author-1' };
const OPS = { as: 'ops' as const, sub: 'ops-1' };

interface Change { itemId: string; baseVersion: number; after: { model: string; a: number; b?: number; thresholds?: number[] }; promote: boolean }
interface Run {
  id: string;
  status: string;
  requestedBy: string;
  approval?: { approvedBy: string; approvedAt: string; bankVersion: number; changes: { itemId: string; fromVersion: number; toVersion: number; promoted: boolean }[] };
  report?: { converged: boolean; items: { itemId: string; estimated: boolean; n: number; flags: string[]; ready: boolean; se: Json | null }[]; candidate: Change[] };
}

async function place(k: number): Promise<void> {
  const taskerId = `cal-${k}`;
  const theta = -1.5 + (3 * k) / 39;
  const started = await stack.post('/v1/placements', { taskerId, profile: { declaredDomains: [], educationLevel: 'master' }, blueprintId: 'calibrated' }, { as: 'onboarding' });
  expect(started.status).toBe(201);
  const { placementId } = started.json<{ placementId: string }>();
  let item = started.json<{ item: { id: string } }>().item;
  for (let n = 0; n < 100; n++) {
    const answer = simulatedAnswer(item.id, theta, createRng(hashString(`${taskerId}:${item.id}`)));
    const res = await stack.post(`/v1/placements/${placementId}/responses`, { itemId: item.id, answer }, { as: 'tasker', sub: taskerId, headers: { 'idempotency-key': `${taskerId}-answer-${n}` } });
    expect(res.status).toBe(200);
    const step = res.json<{ status: string; item: { id: string } }>();
    if (step.status === 'completed') return;
    item = step.item;
  }
  throw new Error('placement did not stop');
}

async function snapshotOf(version: number): Promise<{ items: { ids: string[]; a: number[]; b: number[] } }> {
  const out = await stack.ddb.send(new QueryCommand({ TableName: stack.tableNames.bank, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `SNAPSHOT#calibrated#${String(version).padStart(6, '0')}` } }));
  return JSON.parse((out.Items ?? []).map((r) => r.json as string).join(''));
}

const requestRun = (body: Json, key?: string) => stack.post('/v1/calibrations', body, { ...AUTHOR, ...(key ? { headers: { 'idempotency-key': key } } : {}) });

beforeAll(async () => {
  stack = await startLocalStack({ seed: true });
  expect((await stack.post('/v1/blueprints', blueprint, AUTHOR)).status).toBe(201);
  for (let k = 0; k < 40; k++) await place(k);
}, 240_000);
afterAll(async () => {
  await stack?.stop();
});

describe('who may use the calibration service', () => {
  test.each(['tasker', 'onboarding', 'ops'] as const)('%s may not start or approve a calibration (403)', async (role) => {
    expect((await stack.post('/v1/calibrations', {}, { as: role })).status).toBe(403);
    expect((await stack.post('/v1/calibrations/some-run/approve', {}, { as: role })).status).toBe(403);
  });
  test.each(['tasker', 'onboarding'] as const)('%s may not read calibrations or item health (403)', async (role) => {
    for (const path of ['/v1/calibrations/some-run', '/v1/items/demo-if-025/health', '/v1/items/health']) expect((await stack.get(path, { as: role })).status).toBe(403);
  });
});

describe('bad input → 400 naming the field, nothing queued', () => {
  test.each([
    [{ from: 'yesterday' }, 'body.from', /ISO 8601/],
    [{ from: '2026-12-02T00:00:00Z', to: '2026-12-01T00:00:00Z' }, 'body.to', /after from/],
    [{ model: '4PL' }, 'body.model', /2PL|3PL/],
    [{ free: 'yes' }, 'body.free', /boolean/],
    [{ blueprintId: 'Not A Slug' }, 'body.blueprintId', /slug/],
    [{ window: 7 }, 'body.window', /unknown/],
  ])('%j → %s', async (body, path, message) => {
    const res = await requestRun(body);
    expect(res.status).toBe(400);
    const detail = res.json<{ error: { details: { path: string; message: string }[] } }>().error.details.find((d) => d.path === path);
    expect(detail?.message).toMatch(message);
  });

  test('an unknown blueprint → 404 naming blueprintId', async () => {
    const res = await requestRun({ blueprintId: 'no-such-blueprint' });
    expect(res.status).toBe(404);
    expect(res.json<{ error: { message: string } }>().error.message).toMatch(/^blueprintId: /);
  });

  test('the list of item health: an unknown flag or a bad limit → 400 naming it', async () => {
    expect((await stack.get('/v1/items/health?flag=broken', OPS)).json<{ error: { details: { path: string }[] } }>().error.details[0]?.path).toBe('query.flag');
    expect((await stack.get('/v1/items/health?limit=0', OPS)).status).toBe(400);
  });
});

describe('calibrate, report, approve', () => {
  let first: Run;
  let second: Run;

  test('a request is queued (202), a retry under the same Idempotency-Key returns the same run', async () => {
    const res = await requestRun({ blueprintId: 'calibrated' }, 'calibration-key-1');
    expect(res.status).toBe(202);
    first = res.json<Run>();
    expect(first).toMatchObject({ status: 'queued', requestedBy: 'author-1', request: { blueprintId: 'calibrated' } });
    const again = await requestRun({ blueprintId: 'calibrated' }, 'calibration-key-1');
    expect(again.json<Run>().id).toBe(first.id);
    second = (await requestRun({ blueprintId: 'calibrated' }, 'calibration-key-2')).json<Run>();
    expect(second.id).not.toBe(first.id);
    expect((await stack.get(`/v1/calibrations/${first.id}`, OPS)).json<Run>().status).toBe('queued');
  });

  test('the job runs them: a report with the pilot items estimated (SEs, fit, flags) and a candidate', async () => {
    const sweep = (await stack.runJob('RunCalibrations')) as { completed: string[] };
    expect(sweep.completed.sort()).toEqual([first.id, second.id].sort());
    first = (await stack.get(`/v1/calibrations/${first.id}`, OPS)).json<Run>();
    expect(first.status).toBe('completed');
    const report = first.report!;
    expect(report.converged).toBe(true);
    const estimated = report.items.filter((i) => i.estimated).map((i) => i.itemId);
    expect(estimated.length).toBeGreaterThan(0);
    for (const id of estimated) expect(PILOTS.has(id)).toBe(true); // fixed-anchor: active items are held fixed
    for (const item of report.items.filter((i) => i.estimated)) {
      expect(item.n).toBeGreaterThanOrEqual(1);
      expect(item.se).not.toBeNull();
      expect(item.flags).toContain('few-responses');
    }
    expect(report.candidate.map((c) => c.itemId).sort()).toEqual(estimated.sort());
    expect(report.candidate.some((c) => c.promote)).toBe(true);
  });

  test('item health from the latest report: one item, and the ranked list', async () => {
    const itemId = first.report!.candidate[0]!.itemId;
    const one = await stack.get(`/v1/items/${itemId}/health`, OPS);
    expect(one.status).toBe(200);
    expect(one.json<Json>()).toMatchObject({ itemId, estimated: true });
    const list = (await stack.get('/v1/items/health?flag=few-responses&limit=3', { as: 'author' })).json<{ items: { itemId: string; flags: string[] }[] }>();
    expect(list.items.length).toBeLessThanOrEqual(3);
    for (const i of list.items) expect(i.flags).toContain('few-responses');
    expect((await stack.get('/v1/items/no-such-item/health', OPS)).status).toBe(404);
  });

  test('publishing before approval compiles the old parameters; after approval, the calibrated ones', async () => {
    const before = await stack.post('/v1/blueprints', blueprint, AUTHOR);
    expect(before.status).toBe(200); // nothing changed in the bank: no new version
    const old = await snapshotOf(1);
    for (const c of first.report!.candidate) expect(old.items.ids).not.toContain(c.itemId);

    const approved = await stack.post(`/v1/calibrations/${first.id}/approve`, {}, AUTHOR);
    expect(approved.status).toBe(200);
    const run = approved.json<Run>();
    expect(run.status).toBe('approved');
    expect(run.approval).toMatchObject({ approvedBy: 'author-1', bankVersion: 1 });
    expect(run.approval!.changes.map((c) => c.itemId).sort()).toEqual(first.report!.candidate.map((c) => c.itemId).sort());
    for (const c of run.approval!.changes) expect(c.toVersion).toBe(c.fromVersion + 1);

    // the audit record of the bank version: who, when, what changed
    const audit = await stack.ddb.send(new GetCommand({ TableName: stack.tableNames.bank, Key: { pk: 'BANKVERSION', sk: 'V#000001' } }));
    expect(audit.Item).toMatchObject({ calibrationId: first.id, approvedBy: 'author-1', approvedAt: run.approval!.approvedAt, changes: run.approval!.changes });

    const after = await stack.post('/v1/blueprints', blueprint, AUTHOR);
    expect(after.status).toBe(201);
    const fresh = await snapshotOf(2);
    for (const c of first.report!.candidate) {
      const i = fresh.items.ids.indexOf(c.itemId);
      if (!c.promote) {
        expect(i).toBe(-1); // still a pilot item: never in a snapshot's parameters
        continue;
      }
      expect(fresh.items.a[i]).toBeCloseTo(c.after.a, 6);
      if (c.after.b !== undefined) expect(fresh.items.b[i]).toBeCloseTo(c.after.b, 6);
    }
  });

  test('approving again returns the approved run and writes nothing; the other candidate is stale (409)', async () => {
    const again = await stack.post(`/v1/calibrations/${first.id}/approve`, {}, AUTHOR);
    expect(again.status).toBe(200);
    expect(again.json<Run>().approval?.bankVersion).toBe(1);
    const stale = await stack.post(`/v1/calibrations/${second.id}/approve`, {}, AUTHOR);
    expect(stale.status).toBe(409);
    expect(stale.json<{ error: { code: string } }>().error.code).toBe('stale_candidate');
    expect((await stack.get(`/v1/calibrations/${second.id}`, OPS)).json<Run>().status).toBe('completed');
  });

  test('a placement on the newly published version shows promoted items like any other, with no parameters', async () => {
    const started = await stack.post('/v1/placements', { taskerId: 'cal-after', profile: { declaredDomains: [], educationLevel: 'master' }, blueprintId: 'calibrated' }, { as: 'onboarding' });
    expect(started.status).toBe(201);
    expect(leakedSecrets(started.text)).toEqual([]);
  });
});
