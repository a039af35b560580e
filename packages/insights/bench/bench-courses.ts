// npm run bench:insights (second part): the course-effectiveness insight on DuckDB over the enrolments and
// proficiency measurements that 1,000,000 logged responses come from — 20,000 taskers, each with a 20-item placement
// (5 skills measured), 3 course quizzes of 5 items (one measurement each) and a 15-item re-assessment (5 skills):
// 50 responses, 13 measurements and 2 enrolments per tasker (one of 10 courses, and one course everybody is in: the
// worst case) — read from the Parquet dataset partitioned by date, plus the
// bytes Athena would scan (the Parquet columns the query reads, from DuckDB's own file metadata) projected to 100
// million responses. BENCH_TASKERS changes the size.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  appendEnrollments,
  appendMeasurements,
  courseInsight,
  createAnalyticsTable,
  DuckDbEngine,
  type EnrollmentRecord,
  type MeasurementRecord,
  openDuckDb,
  queryRows,
  seededNormal,
  writeParquetDataset,
} from '@theta/insights';

const TASKERS = Number(process.env.BENCH_TASKERS ?? 20_000);
const RESPONSES_PER_TASKER = 50;
const COURSES = 10;
const SKILLS = ['math', 'coding', 'rubric-grading', 'factual-verification', 'instruction-following'];
const DAY_MS = 86_400_000;
const start = Date.parse('2026-09-01T00:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

function synthetic(): { enrollments: EnrollmentRecord[]; measurements: MeasurementRecord[] } {
  const normal = seededNormal(42);
  const enrollments: EnrollmentRecord[] = [];
  const measurements: MeasurementRecord[] = [];
  for (let t = 0; t < TASKERS; t++) {
    const taskerId = `t${t}`;
    const courseId = `course-${t % COURSES}`;
    const variant = ['control', 'video', 'worked-examples'][Math.floor(t / COURSES) % 3]!;
    const enrolledAt = start + Math.floor((t / TASKERS) * 90 * DAY_MS);
    const gain = variant === 'video' ? 0.4 : 0;
    for (const skill of SKILLS) {
      const theta = normal();
      measurements.push({ taskerId, skill, theta: theta + 0.3 * normal(), se: 0.3, at: iso(enrolledAt - DAY_MS), source: 'placement', sessionId: `${taskerId}-pre` });
      measurements.push({ taskerId, skill, theta: theta + gain + 0.3 * normal(), se: 0.3, at: iso(enrolledAt + 14 * DAY_MS), source: 'reassessment', sessionId: `${taskerId}-post` });
    }
    for (let q = 0; q < 3; q++) measurements.push({ taskerId, skill: 'coding', theta: normal(), se: 0.5, at: iso(enrolledAt + (q + 1) * 3 * DAY_MS), source: 'quiz', sessionId: `${taskerId}-q${q}` });
    enrollments.push({ taskerId, courseId, variant, courseVersion: 1, enrolledAt: iso(enrolledAt), exitReachedAt: null });
    // the worst case: one course everybody is in (its daily looks cover all 20,000)
    enrollments.push({ taskerId, courseId: 'course-all', variant, courseVersion: 1, enrolledAt: iso(enrolledAt), exitReachedAt: null });
  }
  return { enrollments, measurements };
}

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await f();
  return [value, (performance.now() - t0) / 1000];
}

const dir = mkdtempSync(join(tmpdir(), 'theta-bench-courses-'));
const c = await openDuckDb();
try {
  const data = synthetic();
  const [, load] = await timed(async () => {
    await createAnalyticsTable(c, 'enrollments');
    await createAnalyticsTable(c, 'measurements');
    await appendEnrollments(c, data.enrollments);
    await appendMeasurements(c, data.measurements);
  });
  const responsesDir = join(dir, 'responses');
  const [, write] = await timed(async () => {
    await writeParquetDataset(c, join(dir, 'enrollments'), 'enrollments');
    await writeParquetDataset(c, join(dir, 'measurements'), 'measurements');
  });
  const parquet = new DuckDbEngine(c, { kind: 'parquet', dir: responsesDir });
  const table = new DuckDbEngine(c, { kind: 'table', name: 'responses' });
  const window = { from: '2026-09-01T00:00:00Z', to: '2027-01-01T00:00:00Z' };
  const runs: Record<string, number[]> = {};
  let verdict = '';
  for (const [label, engine, courseId, from] of [
    [`parquet, one course of ${COURSES} (${TASKERS / COURSES} enrolled), 4 months`, parquet, 'course-3', window.from],
    [`parquet, one course, 1 month of enrolments`, parquet, 'course-3', '2026-11-01T00:00:00Z'],
    ['table (loaded files), one course, 4 months', table, 'course-3', window.from],
    [`parquet, the course all ${TASKERS} are in, 4 months`, parquet, 'course-all', window.from],
  ] as const) {
    runs[label] = [];
    for (let i = 0; i < 3; i++) {
      const [report, s] = await timed(() => courseInsight(engine, { courseId, skill: 'coding', from, to: window.to, proficientTheta: 0.5 }));
      runs[label]!.push(s);
      verdict = report.comparisons.map((x) => `${x.treatment}: ${x.status === 'ok' ? `δ=${x.ancova.estimate.toFixed(3)} always-valid p=${x.sequential.alwaysValidP.toExponential(2)} reject=${x.sequential.reject}` : x.status}`).join('; ');
    }
  }
  // the compressed bytes of the columns course-outcomes.sql reads (Athena bills what it reads: partition + column pruning)
  const bytesOf = async (kind: string, columns: readonly string[]) => {
    const [row] = await queryRows(c, `SELECT sum(total_compressed_size) AS used FROM parquet_metadata('${dir}/${kind}/dt=*/*.parquet') WHERE path_in_schema IN (${columns.map((u) => `'${u}'`).join(', ')})`);
    return Number(row!.used);
  };
  const enrollmentBytes = await bytesOf('enrollments', ['tasker_id', 'course_id', 'variant', 'enrolled_at', 'exit_reached_at']);
  const measurementBytes = await bytesOf('measurements', ['tasker_id', 'skill', 'theta', 'se', 'measured_at', 'source']);
  const responses = TASKERS * RESPONSES_PER_TASKER;
  const scale = 100e6 / responses;
  const projectedBytes = (enrollmentBytes + measurementBytes) * scale;
  console.log(
    JSON.stringify(
      {
        responses,
        taskers: TASKERS,
        enrollments: data.enrollments.length,
        measurements: data.measurements.length,
        loadSeconds: load,
        writeParquetSeconds: write,
        querySeconds: runs,
        lastVerdict: verdict,
        bytesRead: { enrollments: enrollmentBytes, measurements: measurementBytes },
        projectedAt100M: { bytesScanned: projectedBytes, gb: projectedBytes / 1e9, usdAt5PerTB: (Math.max(projectedBytes, 10e6) / 1e12) * 5 },
      },
      null,
      2,
    ),
  );
} finally {
  c.closeSync();
  rmSync(dir, { recursive: true, force: true });
}
