// Bulk reroute through the local API Gateway, the real handlers, the job (as EventBridge invokes it) and DynamoDB
// Local: a dry run lists who would move and why, applying moves exactly them (each with its audit row), retries are
// idempotent, only ops may use it, and bad input is a 400 naming the field with nothing written.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { completePlacement } from '../support/complete-placement';

let stack: LocalStack;
let counter = 0;
const key = () => `bulk-key-${Date.now()}-${counter++}`;

interface Job {
  id: string;
  status: string;
  counts: { examined: number; candidates: number; moved: number; skipped: number };
  appliedBy?: string;
}
interface JobView {
  job: Job;
  candidates: { taskerId: string; why: string; outcome?: string }[];
  cursor?: string;
}
interface ErrorBody {
  error: { code: string; details?: { path: string }[] };
}


const asOps = { as: 'ops' as const, sub: 'ops-1' };
const early = ['bulk-early-1', 'bulk-early-2'];
const late = 'bulk-late-1';
let between: string;
let track: string;

beforeAll(async () => {
  stack = await startLocalStack({ seed: true, onHandlerError: (id, e) => console.error(id, e) });
  for (const id of early) await completePlacement(stack, id);
  between = new Date().toISOString();
  await completePlacement(stack, late);
  track = (await stack.request('GET', `/v1/taskers/${late}`, asOps)).json<{ track: { track: string } }>().track.track;
}, 240_000);

afterAll(async () => {
  await stack?.stop();
});

const spec = () => ({ fromTrack: track, toTrack: 'remedial:instruction-following', reason: 'due for re-assessment', rule: { kind: 'not-assessed-since', before: between } });

describe('POST /v1/bulk-reroutes → dry run → apply', () => {
  const idem = `bulk-${Date.now()}`;
  let id: string;

  it('starts a dry run; the same key and body is the same job, another body under the key is refused', async () => {
    const res = await stack.request('POST', '/v1/bulk-reroutes', { ...asOps, headers: { 'idempotency-key': idem }, body: spec() });
    expect(res.status).toBe(201);
    const { job } = res.json<{ job: Job }>();
    expect(job.status).toBe('previewing');
    id = job.id;
    const again = await stack.request('POST', '/v1/bulk-reroutes', { ...asOps, headers: { 'idempotency-key': idem }, body: spec() });
    expect(again.status).toBe(200);
    expect(again.json<{ job: Job }>().job.id).toBe(id);
    const other = await stack.request('POST', '/v1/bulk-reroutes', { ...asOps, headers: { 'idempotency-key': idem }, body: { ...spec(), reason: 'something else' } });
    expect(other.status).toBe(422);
    expect(other.json<ErrorBody>().error.code).toBe('idempotency_key_reused');
    const early409 = await stack.request('POST', `/v1/bulk-reroutes/${id}/apply`, asOps);
    expect(early409.status).toBe(409);
  });

  it('lists exactly who would move and why, and moves nobody yet', async () => {
    await stack.runJob('RunBulkReroutes');
    const view = (await stack.request('GET', `/v1/bulk-reroutes/${id}`, asOps)).json<JobView>();
    expect(view.job.status).toBe('previewed');
    expect(view.candidates.map((c) => c.taskerId).sort()).toEqual([...early].sort());
    for (const c of view.candidates) expect(c.why).toMatch(new RegExp(`^last assessed .+, before ${between.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    expect(view.job.counts).toMatchObject({ candidates: 2, moved: 0 });
    for (const t of early) expect((await stack.request('GET', `/v1/taskers/${t}`, asOps)).json<{ track: { track: string } }>().track.track).toBe(track);
  });

  it('applies exactly the dry run, once, with an audit row per move by the person who applied it', async () => {
    const applied = await stack.request('POST', `/v1/bulk-reroutes/${id}/apply`, { as: 'ops', sub: 'ops-2' });
    expect(applied.status).toBe(200);
    expect(applied.json<{ job: Job }>().job).toMatchObject({ status: 'applying', appliedBy: 'ops-2' });
    await stack.runJob('RunBulkReroutes');
    await stack.runJob('RunBulkReroutes'); // a second run finds nothing to do
    const view = (await stack.request('GET', `/v1/bulk-reroutes/${id}`, asOps)).json<JobView>();
    expect(view.job).toMatchObject({ status: 'applied', counts: { candidates: 2, moved: 2, skipped: 0 } });
    expect(view.candidates.every((c) => c.outcome === 'moved')).toBe(true);
    for (const t of early) {
      const audit = (await stack.request('GET', `/v1/taskers/${t}/audit`, asOps)).json<{ entries: { to: string; reason: string; actor?: { sub?: string } }[] }>().entries;
      const bulkMoves = audit.filter((e) => e.reason.includes(`bulk reroute ${id}`));
      expect(bulkMoves).toHaveLength(1);
      expect(bulkMoves[0]).toMatchObject({ to: 'remedial:instruction-following', actor: { sub: 'ops-2' } });
    }
    expect((await stack.request('GET', `/v1/taskers/${late}`, asOps)).json<{ track: { track: string } }>().track.track).toBe(track);
    // applying again changes nothing
    const again = await stack.request('POST', `/v1/bulk-reroutes/${id}/apply`, asOps);
    expect(again.json<{ job: Job }>().job).toMatchObject({ status: 'applied', appliedBy: 'ops-2' });
  });

  it('is for ops only', async () => {
    for (const as of ['tasker', 'author', 'onboarding'] as const) {
      expect((await stack.request('POST', '/v1/bulk-reroutes', { as, sub: `${as}-1`, headers: { 'idempotency-key': key() }, body: spec() })).status).toBe(403);
      expect((await stack.request('GET', `/v1/bulk-reroutes/${id}`, { as, sub: `${as}-1` })).status).toBe(403);
      expect((await stack.request('POST', `/v1/bulk-reroutes/${id}/apply`, { as, sub: `${as}-1` })).status).toBe(403);
    }
  });
});

describe('bad input', () => {
  const jobRows = async () =>
    (await stack.ddb.send(new QueryCommand({ TableName: stack.tableNames.taskers, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :q', ExpressionAttributeValues: { ':q': 'BULK-ACTIVE' } }))).Items ?? [];

  it.each([
    ['the same track both sides', { toTrack: undefined as unknown as string }, 'body.toTrack'],
    ['an unknown rule', { rule: { kind: 'vibes' } }, 'body.rule.kind'],
    ['a certainty above 0.999', { rule: { kind: 'skill-below', skill: 'coding', cut: 0, certainty: 1.5 } }, 'body.rule.certainty'],
    ['a cut off the scale', { rule: { kind: 'skill-below', skill: 'coding', cut: 40 } }, 'body.rule.cut'],
    ['a bad track name', { fromTrack: 'wizard' }, 'body.fromTrack'],
    ['an empty reason', { reason: '   ' }, 'body.reason'],
    ['an unknown field', { dryRun: true }, 'body.dryRun'],
  ])('%s → 400 naming the field, nothing written', async (_label, patch, path) => {
    const before = (await jobRows()).length;
    const body = { ...spec(), ...patch } as Record<string, unknown>;
    if ('toTrack' in patch) body.toTrack = body.fromTrack;
    const res = await stack.request('POST', '/v1/bulk-reroutes', { ...asOps, headers: { 'idempotency-key': key() }, body });
    expect(res.status).toBe(400);
    expect(res.json<ErrorBody>().error.details?.map((d) => d.path)).toContain(path);
    expect((await jobRows()).length).toBe(before);
  });

  it('no Idempotency-Key → 400; an id of the wrong shape → 400; an unknown job → 404', async () => {
    expect((await stack.request('POST', '/v1/bulk-reroutes', { ...asOps, body: spec() })).status).toBe(400);
    expect((await stack.request('GET', '/v1/bulk-reroutes/nope', asOps)).status).toBe(400);
    expect((await stack.request('GET', `/v1/bulk-reroutes/${'0'.repeat(24)}`, asOps)).status).toBe(404);
    expect((await stack.request('POST', `/v1/bulk-reroutes/${'0'.repeat(24)}/apply`, asOps)).status).toBe(404);
  });
});
