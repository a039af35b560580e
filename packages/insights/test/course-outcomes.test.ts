// sql/course-outcomes.sql on DuckDB: a hand-built fixture whose every output row is known (pre = latest measurement
// at or before enrolment, post = first placement/re-assessment after it and before the look, quizzes never a post,
// replays counted once), then planted variants (effective +0.4, ineffective 0) reported exactly as planted, from
// loaded tables and from the Parquet dataset alike.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  appendEnrollments,
  appendMeasurements,
  courseInsight,
  createAnalyticsTable,
  DuckDbEngine,
  type EnrollmentRecord,
  localAnalyticsDir,
  type MeasurementRecord,
  openDuckDb,
  plantedCourseData,
  writeParquetDataset,
} from '@theta/insights';

let connection: DuckDBConnection;
let dir: string;

async function load(enrollments: EnrollmentRecord[], measurements: MeasurementRecord[]) {
  await createAnalyticsTable(connection, 'enrollments');
  await createAnalyticsTable(connection, 'measurements');
  await appendEnrollments(connection, enrollments);
  await appendMeasurements(connection, measurements);
}

beforeAll(async () => {
  connection = await openDuckDb();
  dir = mkdtempSync(join(tmpdir(), 'theta-course-outcomes-'));
});
afterAll(() => {
  connection.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

const DAY = 86_400_000;
const m = (taskerId: string, at: string, theta: number, source: MeasurementRecord['source'] = 'placement', skill = 'coding', se = 0.3): MeasurementRecord => ({ taskerId, skill, theta, se, at, source, sessionId: `${taskerId}-${at}` });
const e = (taskerId: string, variant: string, enrolledAt: string, extra: Partial<EnrollmentRecord> = {}): EnrollmentRecord => ({ taskerId, courseId: 'c1', variant, courseVersion: 1, enrolledAt, ...extra });

describe('the SQL, row by row', () => {
  const tables = () => new DuckDbEngine(connection, { kind: 'table', name: 'responses' });
  test('pre, post, exit and days as defined; quiz and other-skill measurements ignored; replays once; the look cuts off', async () => {
    await load(
      [
        e('a', 'control', '2026-11-10T00:00:00.000Z', { exitReachedAt: '2026-11-20T00:00:00.000Z' }),
        e('a', 'control', '2026-11-10T00:00:00.000Z', { exitReachedAt: '2026-11-20T00:00:00.000Z' }), // a Firehose replay
        e('b', 'video', '2026-11-12T00:00:00.000Z', { exitReachedAt: '2026-12-30T00:00:00.000Z' }), // exit after the look
        e('c', 'video', '2026-11-12T00:00:00.000Z'), // never measured before enrolment
        { ...e('a', 'control', '2026-11-11T00:00:00.000Z'), courseId: 'other' },
        e('late', 'control', '2026-12-05T00:00:00.000Z'), // enrolled after the window
      ],
      [
        m('a', '2026-10-01T00:00:00.000Z', -2), // superseded by the later one
        m('a', '2026-11-10T00:00:00.000Z', -0.5, 'placement', 'coding', 0.4), // at enrolment: still the pre-test
        m('a', '2026-11-12T00:00:00.000Z', 3, 'quiz'), // the course's own practice: never the post
        m('a', '2026-11-13T00:00:00.000Z', 9, 'placement', 'math'), // another skill
        m('a', '2026-11-16T00:00:00.000Z', 0.7, 'reassessment', 'coding', 0.35), // the post: 6 days later, ≥ 0.5
        m('a', '2026-11-16T00:00:00.000Z', 0.7, 'reassessment', 'coding', 0.35), // replayed
        m('a', '2026-11-25T00:00:00.000Z', 1.5, 'placement'), // a later one: not the post
        m('b', '2026-11-01T00:00:00.000Z', 0.2, 'quiz'), // a quiz before enrolment can be the pre-test
        m('b', '2026-11-14T12:00:00.000Z', 0.1, 'placement'), // post below the proficient θ
        m('b', '2026-12-02T00:00:00.000Z', 0.9, 'placement'), // after the look (to): unseen
      ],
    );
    const rows = await tables().run('course-outcomes', { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z', courseId: 'c1', skill: 'coding', proficientTheta: 0.5 });
    expect(rows).toEqual([
      // enrolled_ms / post_ms: milliseconds after `from` (9 and 15 days; 11 and 13.5 days)
      { tasker_id: 'a', variant: 'control', pre_theta: -0.5, pre_se: 0.4, post_theta: 0.7, post_se: 0.35, reached_exit: 1, days_to_proficiency: 6, enrolled_ms: 9 * DAY, post_ms: 15 * DAY },
      { tasker_id: 'b', variant: 'video', pre_theta: 0.2, pre_se: 0.3, post_theta: 0.1, post_se: 0.3, reached_exit: 0, days_to_proficiency: null, enrolled_ms: 11 * DAY, post_ms: 13.5 * DAY },
      { tasker_id: 'c', variant: 'video', pre_theta: null, pre_se: null, post_theta: null, post_se: null, reached_exit: 0, days_to_proficiency: null, enrolled_ms: 11 * DAY, post_ms: null },
    ]);
    const report = await courseInsight(tables(), { courseId: 'c1', skill: 'coding', from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z', proficientTheta: 0.5 });
    expect(report).toMatchObject({ enrolled: 3, withoutPre: 1, status: 'not-enough-data', control: 'control' });
    expect(report.taskers.items.map((t) => [t.taskerId, t.variant])).toEqual([['a', 'control'], ['b', 'video']]);
    // a: gain 1.2 with SE √(0.4² + 0.35²)
    expect(report.taskers.items[0]!.rci).toBeCloseTo(1.2 / Math.hypot(0.4, 0.35), 12);
    expect(report.comparisons.map(({ looks: _looks, ...c }) => c)).toEqual([{ status: 'not-enough-data', minPerVariant: 20, nA: 1, nB: 1, control: 'control', treatment: 'video' }]);
    // looks at each midnight from 11 Nov to the look at `to`: b's post-test (14 Nov 12:00) counts from the 15 Nov
    // look on, a's (16 Nov 00:00) from the 17 Nov look on (a look sees what was measured strictly before it)
    const looks = report.comparisons[0]!.looks;
    expect(looks.map((l) => l.at)).toEqual([...Array.from({ length: 20 }, (_, i) => new Date(Date.parse('2026-11-11T00:00:00Z') + i * DAY).toISOString()), '2026-12-01T00:00:00.000Z']);
    const seen = (at: string) => looks.find((l) => l.at === at)!;
    expect([seen('2026-11-14T00:00:00.000Z'), seen('2026-11-15T00:00:00.000Z'), seen('2026-11-16T00:00:00.000Z'), seen('2026-11-17T00:00:00.000Z')].map((l) => [l.nControl, l.nTreatment])).toEqual([[0, 0], [0, 1], [0, 1], [1, 1]]);
  });
});

describe('planted: effective +0.4, ineffective 0 (150 taskers each, seeded)', () => {
  const truth = plantedCourseData({ courseId: 'c-planted', skill: 'coding', gains: { control: 0, effective: 0.4, ineffective: 0 }, perVariant: 150, seed: 11 });
  const query = { courseId: 'c-planted', skill: 'coding', from: '2026-10-01T00:00:00Z', to: '2027-01-01T00:00:00Z', proficientTheta: 0.5 };

  const check = (report: Awaited<ReturnType<typeof courseInsight>>) => {
    expect(report.status).toBe('ok');
    expect(report.enrolled).toBe(450);
    const byTreatment = Object.fromEntries(report.comparisons.map((c) => [c.treatment, c]));
    const eff = byTreatment.effective!;
    const ineff = byTreatment.ineffective!;
    if (eff.status !== 'ok' || ineff.status !== 'ok') throw new Error('both comparisons should have enough data');
    expect(eff.sequential.reject).toBe(true);
    expect(eff.ancova.ci95[0]).toBeLessThan(0.4);
    expect(eff.ancova.ci95[1]).toBeGreaterThan(0.4);
    expect(eff.sequential.confidenceSequence[0]).toBeGreaterThan(0);
    expect(ineff.sequential.reject).toBe(false);
    expect(ineff.sequential.confidenceSequence[0]).toBeLessThan(0);
    expect(ineff.sequential.confidenceSequence[1]).toBeGreaterThan(0);
    const gains = Object.fromEntries(report.variants.map((v) => [v.variant, v.gain!]));
    // quizzes (inflated by +1) were not taken as outcomes: the control's gain interval covers 0
    expect(gains.control!.ci95[0]).toBeLessThan(0);
    expect(gains.control!.ci95[1]).toBeGreaterThan(0);
    expect(gains.effective!.ci95[0]).toBeGreaterThan(0.2);
    expect(report.variants.every((v) => v.medianDaysToProficiency === 14 || v.reachedProficiency === 0)).toBe(true);
  };

  test('from loaded tables', async () => {
    await load(truth.enrollments, truth.measurements);
    check(await courseInsight(new DuckDbEngine(connection, { kind: 'table', name: 'responses' }), query));
  });

  test('from the Parquet dataset (partitioned by dt) the same report', async () => {
    await load(truth.enrollments, truth.measurements);
    const env = { THETA_DATA_DIR: dir };
    await writeParquetDataset(connection, localAnalyticsDir('enrollments', env), 'enrollments');
    await writeParquetDataset(connection, localAnalyticsDir('measurements', env), 'measurements');
    const fromTables = await courseInsight(new DuckDbEngine(connection, { kind: 'table', name: 'responses' }), query);
    const fromParquet = await courseInsight(new DuckDbEngine(connection, { kind: 'parquet', dir: localAnalyticsDir('responses', env) }), query);
    check(fromParquet);
    expect({ ...fromParquet, engine: 'x' }).toEqual({ ...fromTables, engine: 'x' });
  });

  test('daily looks: each rebuilt look is what a query with that `to` returns; the SPRT is chained (running min p)', async () => {
    await load(truth.enrollments, truth.measurements);
    const engine = new DuckDbEngine(connection, { kind: 'table', name: 'responses' });
    const report = await courseInsight(engine, { ...query, treatment: 'effective' });
    const [cmp] = report.comparisons;
    const looks = cmp!.looks;
    // enrolments run from 1 Nov 08:00 for 75 h, post-tests 14 days after each: the first looks have no post-test yet
    expect(looks[0]).toMatchObject({ at: '2026-11-02T00:00:00.000Z', status: 'not-enough-data', nControl: 0, nTreatment: 0 });
    expect(Date.parse(looks.at(-1)!.at)).toBe(Date.parse(query.to));
    const ok = looks.filter((l) => l.status === 'ok');
    expect(ok.length).toBeGreaterThan(2);
    ok.forEach((l, i) => i > 0 && expect(l.alwaysValidP!).toBeLessThanOrEqual(ok[i - 1]!.alwaysValidP!));
    expect(cmp!.status === 'ok' && cmp!.sequential.alwaysValidP).toBe(ok.at(-1)!.alwaysValidP);
    // the first look with enough data, asked directly: the same sample and the same adjusted difference
    const first = ok[0]!;
    const direct = await courseInsight(engine, { ...query, to: first.at, treatment: 'effective' });
    const d = direct.comparisons[0]!;
    if (d.status !== 'ok') throw new Error('the direct look should have enough data');
    expect(d.ancova.estimate).toBeCloseTo(first.estimate!, 12);
    expect([first.nControl, first.nTreatment]).toEqual([direct.variants[0]!.withPost, direct.variants.find((v) => v.variant === 'effective')!.withPost]);
    // the gains over time end at the report's own gains
    expect(report.gainsOverTime.at(-1)!.variants.find((v) => v.variant === 'effective')!.mean).toBeCloseTo(report.variants.find((v) => v.variant === 'effective')!.gain!.mean, 12);
  });

  test('a parquet dataset without enrolments yet: no rows, not an error', async () => {
    const rows = await new DuckDbEngine(connection, { kind: 'parquet', dir: join(dir, 'nothing', 'responses') }).run('course-outcomes', query);
    expect(rows).toEqual([]);
  });
});

