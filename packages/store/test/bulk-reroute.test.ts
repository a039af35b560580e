// Bulk reroute against DynamoDB Local with the real stores: the dry run's candidates are exactly who the rule picks
// (checked against the rule computed here from the seeded θ and SE); applying moves exactly them; a run that dies
// after its moves but before saving its page is redone without moving anyone twice; a tasker moved elsewhere since
// the dry run is skipped, not dragged back.
import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { applyBulkReroute, createBulkReroute, getBulkReroute, moveTaskerTrack, runBulkReroutes, type BulkCandidate, type BulkRerouteJobDeps, type BulkRerouteStore } from '@theta/assessment';
import { useFreshTables } from '../../../test/support/fresh-tables';
import { keys, PROFICIENCY_ATTRIBUTE_PREFIX } from '../src/keys';
import { DynamoBulkRerouteStore } from '../src/repositories/bulk-reroute-repository';
import { DynamoTaskerDirectory } from '../src/repositories/tasker-directory-repository';
import { DynamoTrackStore } from '../src/repositories/track-repository';

const tables = useFreshTables('bulk');
const N = 130;
const idOf = (i: number) => `bulk-${String(i).padStart(3, '0')}`;
// θ spread over [-2, 1.9], SE 0.2..0.5: with cut 0 and certainty 0.95 the rule is θ + 1.6449·SE < 0
const thetaOf = (i: number) => -2 + (i % 40) * 0.1;
const seOf = (i: number) => 0.2 + (i % 4) * 0.1;
const Z95_ONE_SIDED = 1.6448536269514722; // Φ⁻¹(0.95), scipy.stats.norm.ppf(0.95)
const expectedIds = Array.from({ length: N }, (_, i) => i)
  .filter((i) => thetaOf(i) + Z95_ONE_SIDED * seOf(i) < 0)
  .map(idOf)
  .sort();

let deps: BulkRerouteJobDeps;
let failNextSave = false;

async function bulkMovesOf(taskerId: string): Promise<Record<string, unknown>[]> {
  const out = await tables.clients.doc.send(
    new QueryCommand({ TableName: tables.names.taskers, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': keys.tasker(taskerId).pk, ':p': 'TRACK#' }, ConsistentRead: true }),
  );
  return (out.Items ?? []).filter((r) => String(r.reason).includes('bulk reroute'));
}

beforeAll(async () => {
  const { doc } = tables.clients;
  const profiles = Array.from({ length: N }, (_, i) => ({
    ...keys.taskerProfile(idOf(i)),
    entity: 'profile',
    taskerId: idOf(i),
    [`${PROFICIENCY_ATTRIBUTE_PREFIX}coding`]: { skill: 'coding', theta: thetaOf(i), se: seOf(i), measuredAt: '2026-12-01T00:00:00.000Z' },
  }));
  for (let k = 0; k < profiles.length; k += 25)
    await doc.send(new BatchWriteCommand({ RequestItems: { [tables.names.taskers]: profiles.slice(k, k + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  const tracks = new DynamoTrackStore(doc, tables.names.taskers);
  for (let i = 0; i < N; i++) await moveTaskerTrack({ taskerId: idOf(i), to: 'expert:coding', reason: 'seed', actor: { kind: 'person', sub: 'ops-0' }, requestKey: `seed-${i}` }, { tracks });
  const real = new DynamoBulkRerouteStore(doc, tables.names.taskers);
  // the store, with a crash that can be planted after a page's moves and before its save
  const bulk: BulkRerouteStore = {
    createBulkReroute: (j) => real.createBulkReroute(j),
    getBulkReroute: (id) => real.getBulkReroute(id),
    listActiveBulkReroutes: (n) => real.listActiveBulkReroutes(n),
    listBulkCandidates: (id, n, c) => real.listBulkCandidates(id, n, c),
    saveBulkPage: (job, v, cs: readonly BulkCandidate[]) => {
      if (failNextSave && job.status !== 'previewing' && cs.some((c) => c.outcome === 'moved')) {
        failNextSave = false;
        return Promise.reject(new Error('the Lambda timed out'));
      }
      return real.saveBulkPage(job, v, cs);
    },
  };
  deps = { bulk, tracks, directory: new DynamoTaskerDirectory(doc, tables.names.taskers) };
}, 120_000);

async function allCandidates(id: string): Promise<BulkCandidate[]> {
  const all: BulkCandidate[] = [];
  let cursor: string | undefined;
  do {
    const page = await getBulkReroute(id, deps, { limit: 40, ...(cursor ? { cursor } : {}) });
    all.push(...page.candidates);
    cursor = page.cursor;
  } while (cursor);
  return all;
}

describe('bulk reroute', () => {
  const spec = { fromTrack: 'expert:coding', toTrack: 'remedial:coding', reason: 'coding below the expert bar', rule: { kind: 'skill-below' as const, skill: 'coding', cut: 0, certainty: 0.95 } };
  let jobId: string;

  it('previews exactly the taskers the rule picks, and moves nobody while previewing', async () => {
    const { job, created } = await createBulkReroute(spec, { sub: 'ops-1', requestKey: 'bulk-1' }, deps);
    expect(created).toBe(true);
    jobId = job.id;
    // a retry with the same key is the same job; the key with another spec is refused
    expect((await createBulkReroute(spec, { sub: 'ops-1', requestKey: 'bulk-1' }, deps)).created).toBe(false);
    await expect(createBulkReroute({ ...spec, reason: 'other' }, { sub: 'ops-1', requestKey: 'bulk-1' }, deps)).rejects.toMatchObject({ code: 'idempotency_key_reused' });
    await expect(applyBulkReroute(jobId, { sub: 'ops-1' }, deps)).rejects.toMatchObject({ code: 'bulk_reroute_not_previewed' });
    for (let k = 0; k < 20 && (await deps.bulk.getBulkReroute(jobId))!.status === 'previewing'; k++) await runBulkReroutes(deps, 60_000);
    const previewed = (await deps.bulk.getBulkReroute(jobId))!;
    expect(previewed.status).toBe('previewed');
    const candidates = await allCandidates(jobId);
    expect(candidates.map((c) => c.taskerId).sort()).toEqual(expectedIds);
    expect(previewed.counts.candidates).toBe(expectedIds.length);
    // every profile on the track is read (the θ ≤ cut filter runs in DynamoDB, after the read); a page that fills
    // early resumes after its last row, so a few rows are read twice, never many
    expect(previewed.counts.examined).toBeGreaterThanOrEqual(N);
    expect(previewed.counts.examined).toBeLessThanOrEqual(N * 1.25);
    expect(candidates.every((c) => c.outcome === undefined)).toBe(true);
    for (const id of expectedIds.slice(0, 3)) expect(await bulkMovesOf(id)).toEqual([]);
  });

  it('applies exactly the dry run, survives a crash mid-page without moving anyone twice, and skips a tasker moved since', async () => {
    const movedAway = expectedIds[expectedIds.length - 1]!;
    await moveTaskerTrack({ taskerId: movedAway, to: 'generalist', reason: 'moved by hand meanwhile', actor: { kind: 'person', sub: 'ops-2' }, requestKey: 'meanwhile' }, deps);
    const applying = await applyBulkReroute(jobId, { sub: 'ops-1' }, deps);
    expect(applying.status).toBe('applying');
    expect((await applyBulkReroute(jobId, { sub: 'ops-1' }, deps)).version).toBe(applying.version); // applying again: a no-op
    failNextSave = true;
    await expect(runBulkReroutes(deps, 60_000)).rejects.toThrow('timed out');
    for (let k = 0; k < 20 && (await deps.bulk.getBulkReroute(jobId))!.status === 'applying'; k++) await runBulkReroutes(deps, 60_000);
    const done = (await deps.bulk.getBulkReroute(jobId))!;
    expect(done.status).toBe('applied');
    expect(done.counts).toMatchObject({ candidates: expectedIds.length, moved: expectedIds.length - 1, skipped: 1 });
    const candidates = await allCandidates(jobId);
    expect(candidates.filter((c) => c.outcome === 'moved').map((c) => c.taskerId).sort()).toEqual(expectedIds.filter((id) => id !== movedAway));
    expect(candidates.find((c) => c.taskerId === movedAway)).toMatchObject({ outcome: 'skipped', outcomeWhy: 'now on generalist, not expert:coding' });
    for (const id of expectedIds) {
      const moves = await bulkMovesOf(id);
      expect(moves).toHaveLength(id === movedAway ? 0 : 1);
    }
    const tracks = await Promise.all(expectedIds.map((id) => deps.tracks.getTrackProfile(id)));
    expect(tracks.filter((t) => t?.track?.track === 'remedial:coding')).toHaveLength(expectedIds.length - 1);
    // nobody the rule did not pick was moved
    const others = Array.from({ length: N }, (_, i) => idOf(i)).filter((id) => !expectedIds.includes(id));
    for (const id of others.slice(0, 10)) expect((await deps.tracks.getTrackProfile(id))?.track?.track).toBe('expert:coding');
    expect(await deps.bulk.listActiveBulkReroutes(10)).toEqual([]);
  });
});
