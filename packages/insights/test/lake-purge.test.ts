// The analytics-lake purge of an erased tasker, on a local lake laid out as the S3 one (<kind>/dt=…/*.parquet, two
// deliveries per partition as Firehose leaves them), run by DuckDB. Checked against what the lake held before the
// purge (read with plain SQL, not through the purge) and against a lake built from scratch without the tasker:
// the same rows, and the same insight.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  ANALYTICS_KINDS,
  type AnalyticsKind,
  appendEnrollments,
  appendMeasurements,
  appendResponses,
  appendTrackChanges,
  commonErrors,
  createAnalyticsTable,
  createResponsesTable,
  DuckDbEngine,
  duckDbDialect,
  type EnrollmentRecord,
  type MeasurementRecord,
  openDuckDb,
  queryRows,
  type TrackChangeRecord,
} from '@theta/insights';
import { type LakeFiles, purgeTaskerFromLake } from '@theta/insights/purge';
import { LocalLakeFiles } from '@theta/insights/purge-local';
import type { ResponseLogRecord } from '@theta/irt';

const ERASED = 'tasker-erased';
const OTHERS = ['tasker-b', 'tasker-c'];
const DAYS = ['2026-11-01', '2026-11-02', '2026-11-03'];

interface Fixture {
  responses: ResponseLogRecord[];
  enrollments: EnrollmentRecord[];
  measurements: MeasurementRecord[];
  trackChanges: TrackChangeRecord[];
}

/** three taskers over three days; the erased one answers on days 1 and 2 only, and alone on day 2's second hour */
function fixture(): Fixture {
  const responses: ResponseLogRecord[] = [];
  let line = 0;
  for (const [d, day] of DAYS.entries()) {
    for (const taskerId of [ERASED, ...OTHERS]) {
      if (taskerId === ERASED && d === 2) continue;
      for (let i = 0; i < 4; i++) {
        const at = `${day}T${String(8 + i).padStart(2, '0')}:00:00.000Z`;
        const score = (i + d + taskerId.length) % 2;
        responses.push({
          line: ++line,
          responseId: `${taskerId}-${day}-${i}`,
          taskerId,
          itemId: `item-${i}`,
          score,
          at,
          atMs: Date.parse(at),
          answer: score ? 'A' : 'B',
          errorTag: score ? null : 'slip',
          elapsedMs: 1000 + i,
          skill: 'math',
          thetaBefore: taskerId === ERASED ? -1 : 0.5,
          seBefore: 0.4,
        } as ResponseLogRecord);
      }
    }
  }
  const enrollments = [ERASED, ...OTHERS].map((taskerId, i) => ({ taskerId, courseId: 'course-1', variant: i % 2 ? 'b' : 'a', courseVersion: 1, enrolledAt: `${DAYS[i]}T09:30:00.000Z`, completedAt: null, exitReachedAt: null }));
  const measurements = [ERASED, ...OTHERS].flatMap((taskerId) => DAYS.slice(0, 2).map((day) => ({ taskerId, skill: 'math', theta: 0.1, se: 0.3, at: `${day}T12:00:00.000Z`, source: 'quiz' as const })));
  const trackChanges = [ERASED, 'tasker-b'].map((taskerId) => ({ taskerId, from: 'generalist', to: 'remedial:math', at: `${DAYS[0]}T13:00:00.000Z`, actor: { kind: 'person' as const, id: 'ops-1' }, reason: 'audit scores' }));
  return { responses, enrollments, measurements, trackChanges };
}

const without = (f: Fixture, taskerId: string): Fixture => ({
  responses: f.responses.filter((r) => r.taskerId !== taskerId),
  enrollments: f.enrollments.filter((r) => r.taskerId !== taskerId),
  measurements: f.measurements.filter((r) => r.taskerId !== taskerId),
  trackChanges: f.trackChanges.filter((r) => r.taskerId !== taskerId),
});

/** writes each kind as two deliveries (files) per partition: the records split by position */
async function writeLake(connection: DuckDBConnection, dir: string, f: Fixture): Promise<void> {
  const batches: [string, Fixture][] = [0, 1].map((b) => {
    const half = <T>(rows: T[]) => rows.filter((_, i) => i % 2 === b);
    return [`delivery-${b}`, { responses: half(f.responses), enrollments: half(f.enrollments), measurements: half(f.measurements), trackChanges: half(f.trackChanges) }];
  });
  for (const [name, batch] of batches) {
    await createResponsesTable(connection, 'responses');
    await appendResponses(connection, batch.responses, 'responses');
    for (const kind of ['enrollments', 'measurements', 'track_changes'] as const) await createAnalyticsTable(connection, kind);
    await appendEnrollments(connection, batch.enrollments);
    await appendMeasurements(connection, batch.measurements);
    await appendTrackChanges(connection, batch.trackChanges);
    for (const kind of ANALYTICS_KINDS) {
      for (const row of await queryRows(connection, `SELECT DISTINCT dt FROM ${kind}`)) {
        const partition = join(dir, kind, `dt=${row.dt}`);
        mkdirSync(partition, { recursive: true });
        await connection.run(`COPY (SELECT * EXCLUDE (dt) FROM ${kind} WHERE dt = '${row.dt}') TO '${partition}/${name}.parquet' (FORMAT PARQUET)`);
      }
    }
  }
}

const table = (dir: string, kind: AnalyticsKind) => duckDbDialect({ kind: 'parquet', dir: join(dir, 'responses') }).table(kind);
/** every row of a kind, all columns, in a stable order (JSON text per row) */
async function rowsOf(connection: DuckDBConnection, dir: string, kind: AnalyticsKind, where = 'TRUE'): Promise<string[]> {
  return (await queryRows(connection, `SELECT * FROM ${table(dir, kind)} WHERE ${where}`)).map((row) => JSON.stringify(row)).sort();
}

/** each data file of the lake with its size and modification time */
function filesOf(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const kind of ANALYTICS_KINDS) {
    if (!existsSync(join(dir, kind))) continue;
    for (const partition of readdirSync(join(dir, kind))) {
      for (const file of readdirSync(join(dir, kind, partition))) {
        const stat = statSync(join(dir, kind, partition, file));
        files.set(join(kind, partition, file), `${stat.size}:${stat.mtimeMs}`);
      }
    }
  }
  return files;
}

let connection: DuckDBConnection;
let root: string;
const data = fixture();
beforeAll(async () => {
  connection = await openDuckDb();
  root = mkdtempSync(join(tmpdir(), 'theta-lake-purge-'));
});
afterAll(() => {
  connection.closeSync();
  rmSync(root, { recursive: true, force: true });
});

async function freshLake(name: string, f: Fixture = data): Promise<string> {
  const dir = join(root, name);
  await writeLake(connection, dir, f);
  return dir;
}

async function expectPurged(dir: string, before: Map<AnalyticsKind, string[]>): Promise<void> {
  for (const kind of ANALYTICS_KINDS) {
    expect(await rowsOf(connection, dir, kind, `tasker_id = '${ERASED}'`)).toEqual([]);
    // everyone else's rows, every column, each exactly once
    expect(await rowsOf(connection, dir, kind)).toEqual(before.get(kind));
  }
  expect(existsSync(join(dir, '.purge')) ? readdirSync(join(dir, '.purge'), { recursive: true }).filter((f) => String(f).endsWith('.parquet') || String(f).endsWith('.json')) : []).toEqual([]);
}

async function othersRows(dir: string): Promise<Map<AnalyticsKind, string[]>> {
  const rows = new Map<AnalyticsKind, string[]>();
  for (const kind of ANALYTICS_KINDS) rows.set(kind, await rowsOf(connection, dir, kind, `tasker_id <> '${ERASED}'`));
  return rows;
}

describe('purging an erased tasker from the analytics lake', () => {
  it('rewrites exactly the partitions holding their rows, keeps everyone else’s rows once, and leaves the other partitions untouched', async () => {
    const dir = await freshLake('purge');
    const before = await othersRows(dir);
    // the fixture: their rows are there to remove, in every kind
    for (const kind of ANALYTICS_KINDS) expect((await rowsOf(connection, dir, kind, `tasker_id = '${ERASED}'`)).length).toBeGreaterThan(0);
    const filesBefore = filesOf(dir);

    const result = await purgeTaskerFromLake({ taskerId: ERASED, erasureId: 'erasure-1' }, new LocalLakeFiles(connection, dir));

    expect(result.complete).toBe(true);
    expect(result.resumed).toEqual([]);
    // responses on days 1 and 2, enrolment on day 1, measurements on days 1 and 2, the track change on day 1
    expect(result.rewritten.map(({ kind, dt }) => `${kind}/${dt}`)).toEqual(['responses/2026-11-01', 'responses/2026-11-02', 'enrollments/2026-11-01', 'measurements/2026-11-01', 'measurements/2026-11-02', 'track_changes/2026-11-01']);
    // every file of a rewritten partition was replaced (two deliveries, or one where a partition had a single row)
    for (const p of result.rewritten) expect(p.filesReplaced).toBe([...filesBefore.keys()].filter((f) => f.startsWith(`${p.kind}/dt=${p.dt}/`)).length);
    expect(result.rewritten.find((p) => p.kind === 'responses')!.filesReplaced).toBe(2);
    expect(result.rewritten.find((p) => p.kind === 'enrollments')!.filesWritten).toBe(0);
    await expectPurged(dir, before);
    // a partition that never held them keeps its very files
    const after = filesOf(dir);
    for (const [file, stamp] of filesBefore) if (file.startsWith('responses/dt=2026-11-03')) expect(after.get(file)).toBe(stamp);
    // the enrolment partition held only their row: it is gone, not left as an empty file
    expect(existsSync(join(dir, 'enrollments', 'dt=2026-11-01'))).toBe(false);
  });

  it('gives the same insight as a lake that never held the tasker', async () => {
    const purged = await freshLake('insight-purged');
    await purgeTaskerFromLake({ taskerId: ERASED, erasureId: 'erasure-2' }, new LocalLakeFiles(connection, purged));
    const clean = await freshLake('insight-clean', without(data, ERASED));
    const filters = { from: '2026-11-01T00:00:00.000Z', to: '2026-11-04T00:00:00.000Z', skill: 'math' };
    const report = (dir: string) => commonErrors(new DuckDbEngine(connection, { kind: 'parquet', dir: join(dir, 'responses') }), filters);
    const expected = await report(clean);
    expect(expected.responses).toBe(without(data, ERASED).responses.length);
    expect(await report(purged)).toEqual(expected);
  });

  it('is a no-op the second time', async () => {
    const dir = await freshLake('twice');
    await purgeTaskerFromLake({ taskerId: ERASED, erasureId: 'erasure-3' }, new LocalLakeFiles(connection, dir));
    const files = filesOf(dir);
    const again = await purgeTaskerFromLake({ taskerId: ERASED, erasureId: 'erasure-3' }, new LocalLakeFiles(connection, dir));
    expect(again).toEqual({ erasureId: 'erasure-3', resumed: [], rewritten: [], complete: true });
    expect(filesOf(dir)).toEqual(files);
  });

  it('finishes a rewrite that crashed half-swapped (new file in, old files still there) without copying anyone twice', async () => {
    const dir = await freshLake('crash-swap');
    const before = await othersRows(dir);
    const lake = new LocalLakeFiles(connection, dir);
    const crashing: LakeFiles = Object.assign(Object.create(lake) as LakeFiles, {
      remove: async () => {
        throw new Error('crashed after the swap-in');
      },
    });
    await expect(purgeTaskerFromLake({ taskerId: ERASED, erasureId: 'erasure-4' }, crashing)).rejects.toThrow('crashed after the swap-in');
    // the crash left the first partition with its old files and the rewritten one: everyone else's rows twice
    const doubled = await rowsOf(connection, dir, 'responses', `tasker_id <> '${ERASED}' AND dt = '2026-11-01'`);
    expect(new Set(doubled).size).toBe(doubled.length / 2);

    const result = await purgeTaskerFromLake({ taskerId: ERASED, erasureId: 'erasure-4' }, lake);
    expect(result.resumed).toEqual([{ kind: 'responses', dt: '2026-11-01' }]);
    expect(result.complete).toBe(true);
    await expectPurged(dir, before);
  });

  it('recovers from a crash between staging and the manifest (the staged file is an orphan, never swapped in)', async () => {
    const dir = await freshLake('crash-stage');
    const before = await othersRows(dir);
    const lake = new LocalLakeFiles(connection, dir);
    const crashing: LakeFiles = Object.assign(Object.create(lake) as LakeFiles, {
      writeManifest: async () => {
        throw new Error('crashed before the manifest');
      },
    });
    await expect(purgeTaskerFromLake({ taskerId: ERASED, erasureId: 'erasure-5' }, crashing)).rejects.toThrow('crashed before the manifest');
    const result = await purgeTaskerFromLake({ taskerId: ERASED, erasureId: 'erasure-5' }, lake);
    expect(result.resumed).toEqual([]);
    expect(result.complete).toBe(true);
    await expectPurged(dir, before);
  });

  it('stops at its deadline without starting a partition, says it is not complete, and the next run finishes', async () => {
    const dir = await freshLake('deadline');
    const before = await othersRows(dir);
    const lake = new LocalLakeFiles(connection, dir);
    let clock = 0;
    // the deadline passes after two partitions have been started
    const partial = await purgeTaskerFromLake({ taskerId: ERASED, erasureId: 'erasure-6' }, lake, { deadlineMs: 2, now: () => clock++ });
    expect(partial.complete).toBe(false);
    expect(partial.rewritten).toHaveLength(2);
    expect((await rowsOf(connection, dir, 'measurements', `tasker_id = '${ERASED}'`)).length).toBeGreaterThan(0);
    const rest = await purgeTaskerFromLake({ taskerId: ERASED, erasureId: 'erasure-6' }, lake);
    expect(rest.complete).toBe(true);
    expect(rest.rewritten).toHaveLength(4);
    await expectPurged(dir, before);
  });

  it('reports not complete when rows of the tasker arrive during the run (a late delivery), and removes them on the retry', async () => {
    const dir = await freshLake('late');
    const lake = new LocalLakeFiles(connection, dir);
    const late = without(data, 'none');
    let delivered = false;
    const delivering: LakeFiles = Object.assign(Object.create(lake) as LakeFiles, {
      // a delivery of their response lands in day 3 while the purge works on day 1
      stageWithout: async (...args: Parameters<LakeFiles['stageWithout']>) => {
        if (!delivered) {
          delivered = true;
          const row = { ...late.responses[0]!, responseId: 'late-1', at: '2026-11-03T20:00:00.000Z', atMs: Date.parse('2026-11-03T20:00:00.000Z') };
          await createResponsesTable(connection, 'late');
          await appendResponses(connection, [row], 'late');
          await connection.run(`COPY (SELECT * EXCLUDE (dt) FROM late) TO '${join(dir, 'responses', 'dt=2026-11-03', 'delivery-late.parquet')}' (FORMAT PARQUET)`);
        }
        return lake.stageWithout(...args);
      },
    });
    const first = await purgeTaskerFromLake({ taskerId: ERASED, erasureId: 'erasure-7' }, delivering);
    expect(first.complete).toBe(false);
    const retry = await purgeTaskerFromLake({ taskerId: ERASED, erasureId: 'erasure-7' }, lake);
    expect(retry.rewritten.map(({ kind, dt }) => `${kind}/${dt}`)).toEqual(['responses/2026-11-03']);
    expect(retry.complete).toBe(true);
    expect(await rowsOf(connection, dir, 'responses', `tasker_id = '${ERASED}'`)).toEqual([]);
  });
});
