// An error-tag-rate bulk reroute against DynamoDB Local with the real stores: each listed tasker's newest answers on
// the skill are read from their sessions (placements and quizzes); the dry run lists exactly the taskers whose share
// of answers choosing options with the tag, over the last N, is above the bar (computed here from the planted
// answers), saying k of n and the rate; applying moves exactly them, once, and a second run moves nobody again.
import { applyBulkReroute, BulkRerouteSpecSchema, createBulkReroute, getBulkReroute, runBulkReroutes, type BulkRerouteJobDeps } from '@theta/assessment';
import { useFreshTables } from '../../../test/support/fresh-tables';
import { DynamoBulkRerouteStore } from '../src/repositories/bulk-reroute-repository';
import { DynamoRecentResponseReader } from '../src/repositories/recent-responses-repository';
import { DynamoTaskerDirectory } from '../src/repositories/tasker-directory-repository';
import { DynamoTrackStore } from '../src/repositories/track-repository';
import { bulkMovesOf, plantGeneralist, runWhile } from './bulk-fixture';
import { plantSession, type PlantedAnswer } from './response-fixture';

const tables = useFreshTables('bulket');
const N = 20;
const LAST_N = 6;
const MIN_RESPONSES = 4;
const ABOVE = 0.3;
const TAG = 'sign-error';
const idOf = (i: number) => `be-${String(i).padStart(2, '0')}`;
const at = (day: number, k: number) => new Date(Date.UTC(2026, 10, day, 8, k)).toISOString();
// tasker i answers i % 9 fractions items, oldest first, in two sessions; answer k chose a sign-error option, a
// unit-slip one or an untagged one by (i + k) % 3; and one newest geometry answer tagged sign-error that must not count
const tagOf = (i: number, k: number) => [TAG, 'unit-slip', undefined][(i + k) % 3];
const fractionsOf = (i: number): PlantedAnswer[] => Array.from({ length: i % 9 }, (_, k) => ({ skill: 'fractions', itemId: `f-${k}`, score: tagOf(i, k) ? 0 : 1, errorTag: tagOf(i, k), at: at(1 + Math.floor(k / 4), k) }));

function expectedOf(i: number): { k: number; n: number } {
  const recent = fractionsOf(i).reverse().slice(0, LAST_N);
  return { k: recent.filter((a) => a.errorTag === TAG).length, n: recent.length };
}
const movesTasker = (i: number) => {
  const { k, n } = expectedOf(i);
  return n >= MIN_RESPONSES && k / n > ABOVE;
};

let deps: BulkRerouteJobDeps;

const movesOf = (taskerId: string) => bulkMovesOf(tables, taskerId);

beforeAll(async () => {
  const { doc } = tables.clients;
  const tracks = new DynamoTrackStore(doc, tables.names.taskers);
  for (let i = 0; i < N; i++) {
    const taskerId = idOf(i);
    await plantGeneralist(tables, tracks, taskerId);
    const answers = fractionsOf(i);
    await plantSession(doc, tables.names.sessions, { kind: 'placement', id: `p-${i}`, taskerId, createdAt: at(1, 0), answers: answers.slice(0, 4) });
    await plantSession(doc, tables.names.sessions, {
      kind: 'quiz',
      id: `q-${i}`,
      taskerId,
      createdAt: at(2, 0),
      answers: [...answers.slice(4), { skill: 'geometry', itemId: 'g-1', score: 0, errorTag: TAG, at: at(3, 0) }],
    });
  }
  deps = { bulk: new DynamoBulkRerouteStore(doc, tables.names.taskers), tracks, directory: new DynamoTaskerDirectory(doc, tables.names.taskers), responses: new DynamoRecentResponseReader(doc, tables.names.sessions) };
}, 120_000);

describe('bulk reroute by error-tag-rate', () => {
  const spec = BulkRerouteSpecSchema.parse({
    fromTrack: 'generalist',
    toTrack: 'remedial:fractions',
    reason: 'keeps flipping signs',
    rule: { kind: 'error-tag-rate', skill: 'fractions', tag: TAG, above: ABOVE, lastN: LAST_N, minResponses: MIN_RESPONSES },
  });
  const expected = Array.from({ length: N }, (_, i) => i).filter(movesTasker).map(idOf).sort();

  it('refuses minResponses above lastN, and a rate outside 0..1, naming the field', () => {
    const tooMany = BulkRerouteSpecSchema.safeParse({ ...spec, rule: { ...spec.rule, minResponses: LAST_N + 1 } });
    expect(tooMany.error?.issues.map((i) => i.path.join('.'))).toEqual(['rule.minResponses']);
    const rate = BulkRerouteSpecSchema.safeParse({ ...spec, rule: { ...spec.rule, above: 1.5 } });
    expect(rate.error?.issues.map((i) => i.path.join('.'))).toEqual(['rule.above']);
    expect(BulkRerouteSpecSchema.parse({ ...spec, rule: { kind: 'error-tag-rate', skill: 'fractions', tag: TAG, above: 0.2 } }).rule).toMatchObject({ lastN: 20, minResponses: 5 });
  });

  it('previews exactly the taskers above the rate over their last N answers, saying k of n; applying moves them once', async () => {
    expect(expected.length).toBeGreaterThan(3);
    expect(expected.length).toBeLessThan(N - 3);
    const { job } = await createBulkReroute(spec, { sub: 'ops-1', requestKey: 'be-1' }, deps);
    await runWhile(deps, job.id, 'previewing');
    const { candidates } = await getBulkReroute(job.id, deps, { limit: 100 });
    expect(candidates.map((c) => c.taskerId).sort()).toEqual(expected);
    for (const c of candidates) {
      const { k, n } = expectedOf(Number(c.taskerId.slice(3)));
      expect(c.why).toBe(`${k} of ${n} recent fractions answers chose options tagged ${TAG} (${Number(((k / n) * 100).toFixed(1))}%) > 30%`);
    }
    for (const id of expected) expect(await movesOf(id)).toEqual([]);

    await applyBulkReroute(job.id, { sub: 'ops-1' }, deps);
    await runWhile(deps, job.id, 'applying');
    expect((await deps.bulk.getBulkReroute(job.id))!.counts).toMatchObject({ examined: N, candidates: expected.length, moved: expected.length, skipped: 0 });
    await runBulkReroutes(deps, 60_000);
    for (let i = 0; i < N; i++) expect(await movesOf(idOf(i))).toHaveLength(expected.includes(idOf(i)) ? 1 : 0);
    expect((await deps.tracks.getTrackProfile(expected[0]!))?.track?.track).toBe('remedial:fractions');
  });
});
