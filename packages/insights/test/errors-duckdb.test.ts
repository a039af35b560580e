// The common-errors insight run by DuckDB on a small fixture log, checked against numbers counted by hand (the
// table in the comment) and Wilson intervals computed separately (python, the closed form). Both local paths:
// the log loaded as a table, and the Parquet dataset partitioned by date that `insights sync` writes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { commonErrors, DuckDbEngine, type ErrorsReport, loadResponseLog, openDuckDb, queryRows, writeParquetDataset } from '@theta/insights';

// Ten math taskers, θ −2.0 … 2.5 in steps of 0.5: quintile bands of two each (t01 t02 → 1, …, t09 t10 → 5).
// i1 (key A; B = slip, C = unit-error):  t01 B, t02 C, t03 B, t04..t08 A, t09 B, t10 B
// i2 (key A; B = slip):                  t01 B, t02 B, t03..t10 A
// slip: 6 of the 20 responses to i1+i2; per band (4 responses each): 3, 1, 0, 0, 2.  unit-error: 1 of 10 (i1), band 1: 1 of 2.
// Wrong answers: 7 (slip 6/7). i1: 5/10 correct; i2: 8/10. Out of scope: a coding response, and one after `to`.
const THETA = (i: number) => -2 + 0.5 * (i - 1);
const I1 = ['B', 'C', 'B', 'A', 'A', 'A', 'A', 'A', 'B', 'B'];
const I2 = ['B', 'B', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'];
const TAG: Record<string, string | null> = { A: null, B: 'slip', C: 'unit-error' };

function fixtureLines(): string[] {
  const lines: object[] = [];
  for (let t = 1; t <= 10; t++) {
    const taskerId = `t${String(t).padStart(2, '0')}`;
    for (const [itemId, answers, day] of [['i1', I1, '01'], ['i2', I2, '02']] as const) {
      const answer = answers[t - 1]!;
      lines.push({
        responseId: `${taskerId}-${itemId}`,
        taskerId,
        itemId,
        score: answer === 'A' ? 1 : 0,
        at: `2026-12-${day}T10:00:00.000Z`,
        answer,
        errorTag: TAG[answer],
        elapsedMs: itemId === 'i2' && answer === 'B' ? 2000 * t : 1000,
        skill: 'math',
        thetaBefore: THETA(t),
        seBefore: 0.3,
      });
    }
  }
  lines.push({ responseId: 'r-dup', taskerId: 't01', itemId: 'i1', score: 0, at: '2026-12-01T10:00:00.000Z', answer: 'B', errorTag: 'slip', skill: 'math', thetaBefore: THETA(1) });
  lines.push({ responseId: 'r-dup', taskerId: 't01', itemId: 'i1', score: 0, at: '2026-12-01T10:00:00.000Z', answer: 'B', errorTag: 'slip', skill: 'math', thetaBefore: THETA(1) });
  lines.push({ taskerId: 't01', itemId: 'c1', score: 0, at: '2026-12-02T11:00:00.000Z', answer: 'B', errorTag: 'off-by-one', skill: 'coding', thetaBefore: 0 });
  lines.push({ taskerId: 't02', itemId: 'i1', score: 0, at: '2026-12-09T10:00:00.000Z', answer: 'C', errorTag: 'unit-error', skill: 'math', thetaBefore: THETA(2) });
  return lines.map((l) => JSON.stringify(l));
}

const FILTERS = { from: '2026-12-01T00:00:00.000Z', to: '2026-12-08T00:00:00.000Z', skill: 'math' };

let dir: string;
let connection: DuckDBConnection;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'theta-insights-'));
  // the duplicate responseId pair counts once, so t01 has one extra i1 response: drop it to keep the table above
  const lines = fixtureLines().filter((l) => !l.includes('r-dup'));
  writeFileSync(join(dir, 'log.jsonl'), `${lines.join('\n')}\n`);
  connection = await openDuckDb();
  await loadResponseLog(connection, join(dir, 'log.jsonl'));
});

afterAll(() => {
  connection.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

function expectProportion(actual: { x: number; n: number; lo: number; hi: number }, x: number, n: number, lo: number, hi: number) {
  expect([actual.x, actual.n]).toEqual([x, n]);
  expect(actual.lo).toBeCloseTo(lo, 5);
  expect(actual.hi).toBeCloseTo(hi, 5);
}

function checkReport(report: ErrorsReport) {
  expect(report.responses).toBe(20);
  expect(report.errors.map((e) => [e.rank, e.errorTag, e.count])).toEqual([
    [1, 'slip', 6],
    [2, 'unit-error', 1],
  ]);
  const [slip, unit] = report.errors;
  expectProportion(slip!.rate, 6, 20, 0.145477, 0.518973);
  expectProportion(slip!.shareOfErrors, 6, 7, 0.486872, 0.97432);
  expect(slip!.byBand.map((b) => [b.band, b.x, b.n])).toEqual([[1, 3, 4], [2, 1, 4], [3, 0, 4], [4, 0, 4], [5, 2, 4]]);
  expectProportion(slip!.byBand[0]!, 3, 4, 0.300642, 0.954413);
  expectProportion(slip!.byBand[1]!, 1, 4, 0.045587, 0.699358);
  expectProportion(slip!.byBand[2]!, 0, 4, 0, 0.489891);
  expectProportion(slip!.byBand[4]!, 2, 4, 0.150039, 0.849961);
  expect(slip!.peakBand).toBe(1);
  expect(slip!.flag).toBeNull(); // band 5 has 4 responses: below MIN_STRONG_N
  expect(slip!.exampleItems.map((i) => [i.itemId, i.rate.x, i.rate.n])).toEqual([['i1', 4, 10], ['i2', 2, 10]]);
  expectProportion(unit!.rate, 1, 10, 0.017876, 0.40415);
  expectProportion(unit!.byBand[0]!, 1, 2, 0.094531, 0.905469);
  expectProportion(unit!.byBand[4]!, 0, 2, 0, 0.65762);

  expect(report.items.map((i) => [i.itemId, i.n, i.correct.x, i.errors, i.flag])).toEqual([
    ['i1', 10, 5, 5, null],
    ['i2', 10, 8, 2, null],
  ]);
  const [i1, i2] = report.items;
  expectProportion(i1!.correct, 5, 10, 0.236593, 0.763407);
  expectProportion(i2!.correct, 8, 10, 0.490162, 0.943318);
  expect(i1!.options.map((o) => [o.answer, o.errorTag, o.correct, o.chosen.x])).toEqual([
    ['A', null, true, 5],
    ['B', 'slip', false, 4],
    ['C', 'unit-error', false, 1],
  ]);
  expect(i1!.options[1]!.byBand.map((b) => [b.x, b.n])).toEqual([[1, 2], [1, 2], [0, 2], [0, 2], [2, 2]]);
  // i2, option B, band 1: t01 2000 ms and t02 4000 ms → median 3000
  expect(i2!.options.find((o) => o.answer === 'B')!.byBand[0]!.medianElapsedMs).toBe(3000);
}

test('log loaded as a table: ranked tags, band rates, examples and distractors as counted by hand', async () => {
  checkReport(await commonErrors(new DuckDbEngine(connection, { kind: 'table', name: 'responses' }), FILTERS));
});

test('the Parquet dataset partitioned by date gives the same report', async () => {
  const dataset = join(dir, 'dataset');
  await writeParquetDataset(connection, dataset);
  const partitions = await queryRows(connection, `SELECT DISTINCT dt FROM read_parquet('${dataset}/dt=*/*.parquet', hive_partitioning = true) ORDER BY dt`);
  expect(partitions.map((p) => String(p.dt))).toEqual(['2026-12-01', '2026-12-02', '2026-12-09']);
  checkReport(await commonErrors(new DuckDbEngine(connection, { kind: 'parquet', dir: dataset }), FILTERS));
});

test('a response Firehose delivered twice (same response_id, in the Parquet files) counts once', async () => {
  const dataset = join(dir, 'replayed');
  await connection.run(`CREATE TABLE replayed AS SELECT * FROM responses UNION ALL SELECT * FROM responses WHERE response_id IN ('t01-i1', 't05-i2')`);
  await writeParquetDataset(connection, dataset, 'replayed');
  const rows = await queryRows(connection, `SELECT count(*) AS n FROM read_parquet('${dataset}/dt=*/*.parquet', hive_partitioning = true)`);
  // the 22 rows of the table (20 math in scope, a coding one, one after `to`) and the 2 replays
  expect(Number(rows[0]!.n)).toBe(22 + 2);
  checkReport(await commonErrors(new DuckDbEngine(connection, { kind: 'parquet', dir: dataset }), FILTERS));
});

test('the skill filter: without it the coding response is there too, in its own skill', async () => {
  const report = await commonErrors(new DuckDbEngine(connection, { kind: 'table', name: 'responses' }), { from: FILTERS.from, to: FILTERS.to });
  expect(report.responses).toBe(21);
  expect(report.errors.map((e) => [e.skill, e.errorTag, e.count])).toEqual([
    ['math', 'slip', 6],
    ['coding', 'off-by-one', 1],
    ['math', 'unit-error', 1],
  ]);
});

test('a responseId logged twice counts once (the reader de-duplicates)', async () => {
  const c = await openDuckDb();
  const file = join(dir, 'dup.jsonl');
  writeFileSync(file, fixtureLines().join('\n'));
  const loaded = await loadResponseLog(c, file);
  expect(loaded.records).toBe(20 + 1 + 2);
  c.closeSync();
});
