// A quality-below bulk reroute against DynamoDB Local with the real stores: each listed tasker's newest quality
// signals on the skill are read by one key Query; the dry run lists exactly the taskers whose mean over the last N is
// below the threshold (computed here from the planted scores), with the mean and n in words; applying moves exactly
// them, once, and a second run moves nobody again.
import { applyBulkReroute, BulkRerouteSpecSchema, createBulkReroute, getBulkReroute, runBulkReroutes, type BulkRerouteJobDeps } from '@theta/assessment';
import { useFreshTables } from '../../../test/support/fresh-tables';
import { DynamoBulkRerouteStore } from '../src/repositories/bulk-reroute-repository';
import { DynamoQualitySignalStore } from '../src/repositories/remediation-repository';
import { DynamoTaskerDirectory } from '../src/repositories/tasker-directory-repository';
import { DynamoTrackStore } from '../src/repositories/track-repository';
import { bulkMovesOf, plantGeneralist, runWhile } from './bulk-fixture';

const tables = useFreshTables('bulkq');
const N = 24;
const LAST_N = 3;
const MIN_SIGNALS = 2;
const THRESHOLD = 0.5;
const idOf = (i: number) => `bq-${String(i).padStart(2, '0')}`;
// tasker i gets i % 5 signals on writing-quality, oldest first: a high old score, then lower ones for some; and one
// very low score on another skill that must not count
const scoresOf = (i: number): number[] => [0.9, 0.2 + (i % 3) * 0.2, 0.1 + (i % 4) * 0.15, 0.3, 0.95].slice(0, i % 5);

function expectedMovers(): string[] {
  return Array.from({ length: N }, (_, i) => i)
    .filter((i) => {
      const recent = scoresOf(i).slice().reverse().slice(0, LAST_N);
      return recent.length >= MIN_SIGNALS && recent.reduce((a, b) => a + b, 0) / recent.length < THRESHOLD;
    })
    .map(idOf)
    .sort();
}

let deps: BulkRerouteJobDeps;

const movesOf = (taskerId: string) => bulkMovesOf(tables, taskerId);

beforeAll(async () => {
  const { doc } = tables.clients;
  const tracks = new DynamoTrackStore(doc, tables.names.taskers);
  const signals = new DynamoQualitySignalStore(doc, tables.names.taskers);
  for (let i = 0; i < N; i++) {
    const taskerId = idOf(i);
    await plantGeneralist(tables, tracks, taskerId);
    const scores = scoresOf(i);
    for (let k = 0; k < scores.length; k++) {
      const at = new Date(Date.UTC(2026, 11, 1, 0, k)).toISOString();
      await signals.putQualitySignal({ id: `s-${i}-${k}`, taskerId, skill: 'writing-quality', score: scores[k]!, observedAt: at, receivedAt: at, source: 'quality-1' }, `k-${i}-${k}`);
    }
    const later = new Date(Date.UTC(2026, 11, 2)).toISOString();
    await signals.putQualitySignal({ id: `o-${i}`, taskerId, skill: 'coding', score: 0, observedAt: later, receivedAt: later, source: 'quality-1' }, `o-${i}`);
  }
  deps = { bulk: new DynamoBulkRerouteStore(doc, tables.names.taskers), tracks, directory: new DynamoTaskerDirectory(doc, tables.names.taskers), signals };
}, 120_000);

describe('bulk reroute by quality-below', () => {
  const spec = BulkRerouteSpecSchema.parse({
    fromTrack: 'generalist',
    toTrack: 'remedial:writing-quality',
    reason: 'audit scores below the bar',
    rule: { kind: 'quality-below', skill: 'writing-quality', threshold: THRESHOLD, lastN: LAST_N, minSignals: MIN_SIGNALS },
  });
  const expected = expectedMovers();

  it('refuses minSignals above lastN, naming the field', () => {
    const parsed = BulkRerouteSpecSchema.safeParse({ ...spec, rule: { ...spec.rule, minSignals: 4 } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['rule.minSignals']);
  });

  it('previews exactly the taskers below the threshold over their last N signals, saying the mean and n; applying moves them once', async () => {
    expect(expected.length).toBeGreaterThan(3);
    expect(expected.length).toBeLessThan(N - 3);
    const { job } = await createBulkReroute(spec, { sub: 'ops-1', requestKey: 'bq-1' }, deps);
    await runWhile(deps, job.id, 'previewing');
    const { candidates } = await getBulkReroute(job.id, deps, { limit: 100 });
    expect(candidates.map((c) => c.taskerId).sort()).toEqual(expected);
    for (const c of candidates) {
      const i = Number(c.taskerId.slice(3));
      const recent = scoresOf(i).slice().reverse().slice(0, LAST_N);
      const mean = recent.reduce((a, b) => a + b, 0) / recent.length;
      expect(c.why).toBe(`mean writing-quality audit score ${mean.toFixed(2)} over the last ${recent.length} < 0.50`);
    }
    for (const id of expected) expect(await movesOf(id)).toEqual([]);

    await applyBulkReroute(job.id, { sub: 'ops-1' }, deps);
    await runWhile(deps, job.id, 'applying');
    const done = (await deps.bulk.getBulkReroute(job.id))!;
    expect(done.counts).toMatchObject({ examined: N, candidates: expected.length, moved: expected.length, skipped: 0 });
    await runBulkReroutes(deps, 60_000);
    for (let i = 0; i < N; i++) expect(await movesOf(idOf(i))).toHaveLength(expected.includes(idOf(i)) ? 1 : 0);
    expect((await deps.tracks.getTrackProfile(expected[0]!))?.track?.track).toBe('remedial:writing-quality');
  });
});
