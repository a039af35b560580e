// Planted effects, known by construction, found exactly (report.ts on DuckDB's cells): 100 taskers θ = −2.5 … 2.45,
// bands of 20. amb: the top quintile splits 10/10 between the key and distractor D (tag misread-criterion), nobody
// else picks D. m1: the bottom quintile all choose B (tag arithmetic-slip), everybody else the key. n1: two band-2
// taskers choose B (careless). Only amb and misread-criterion may be flagged; arithmetic-slip peaks in band 1.
import type { DuckDBConnection } from '@duckdb/node-api';
import { commonErrors, createResponsesTable, appendResponses, DuckDbEngine, openDuckDb } from '@theta/insights';
import type { ResponseLogRecord } from '@theta/irt';

let connection: DuckDBConnection;

function plantedRecords(): ResponseLogRecord[] {
  const records: ResponseLogRecord[] = [];
  const at = Date.parse('2026-12-03T09:00:00.000Z');
  for (let t = 0; t < 100; t++) {
    const band = Math.floor(t / 20) + 1;
    const answers: [string, string, string | null][] = [
      ['amb', band === 5 && t % 2 === 0 ? 'D' : 'A', band === 5 && t % 2 === 0 ? 'misread-criterion' : null],
      ['m1', band === 1 ? 'B' : 'A', band === 1 ? 'arithmetic-slip' : null],
      ['n1', t === 25 || t === 26 ? 'B' : 'A', t === 25 || t === 26 ? 'careless' : null],
    ];
    answers.forEach(([itemId, answer, errorTag], k) => {
      const atMs = at + 1000 * (3 * t + k);
      records.push({ line: records.length + 1, atMs, at: new Date(atMs).toISOString(), taskerId: `t${t}`, itemId, answer, errorTag, score: errorTag ? 0 : 1, skill: 'rubric-grading', thetaBefore: -2.5 + 0.05 * t, seBefore: 0.3 });
    });
  }
  return records;
}

beforeAll(async () => {
  connection = await openDuckDb();
  await createResponsesTable(connection);
  await appendResponses(connection, plantedRecords());
});
afterAll(() => connection.closeSync());

test('finds the planted ambiguous item and only it; the misconception is placed in the weakest band, unflagged', async () => {
  const report = await commonErrors(new DuckDbEngine(connection, { kind: 'table', name: 'responses' }), { from: '2026-12-01T00:00:00Z', to: '2026-12-05T00:00:00Z' });
  const byTag = Object.fromEntries(report.errors.map((e) => [e.errorTag, e]));
  expect(report.errors.map((e) => [e.errorTag, e.count])).toEqual([['arithmetic-slip', 20], ['misread-criterion', 10], ['careless', 2]]);
  expect(report.errors.filter((e) => e.flag).map((e) => e.errorTag)).toEqual(['misread-criterion']);
  // 10 of 20 strong taskers: Wilson [0.2993, 0.7007], lower bound ≥ 0.15
  expect(byTag['misread-criterion']!.byBand[4]).toMatchObject({ band: 5, x: 10, n: 20 });
  expect(byTag['misread-criterion']!.byBand[4]!.lo).toBeCloseTo(0.299298, 5);
  expect(byTag['arithmetic-slip']!.peakBand).toBe(1);
  expect(byTag['arithmetic-slip']!.byBand.map((b) => b.x)).toEqual([20, 0, 0, 0, 0]);
  expect(report.items.filter((i) => i.flag).map((i) => i.itemId)).toEqual(['amb']);
  expect(report.items[0]!.options.find((o) => o.answer === 'D')!.flag).toBe('strong-taskers-choose-this');
});

describe('per project (a project blueprint’s responses carry its projectId)', () => {
  // the planted responses above answered in project apollo's placements; the same taskers in a general placement
  // answer g1, where the strong half choose C (tag general-trap): an ambiguous item of the general bank only
  const projectRecords = (): ResponseLogRecord[] => {
    const apollo = plantedRecords().map((r) => ({ ...r, projectId: 'apollo' }));
    const general = Array.from({ length: 100 }, (_, t): ResponseLogRecord => {
      const atMs = Date.parse('2026-12-04T09:00:00.000Z') + 1000 * t;
      const trap = t >= 80 && t % 2 === 1;
      return { line: 301 + t, atMs, at: new Date(atMs).toISOString(), taskerId: `t${t}`, itemId: 'g1', answer: trap ? 'C' : 'A', errorTag: trap ? 'general-trap' : null, score: trap ? 0 : 1, skill: 'rubric-grading', thetaBefore: -2.5 + 0.05 * t, seBefore: 0.3 };
    });
    return [...apollo, ...general];
  };
  const window = { from: '2026-12-01T00:00:00Z', to: '2026-12-05T00:00:00Z' };
  let engine: DuckDbEngine;
  beforeAll(async () => {
    await createResponsesTable(connection, 'project_responses');
    await appendResponses(connection, projectRecords(), 'project_responses');
    engine = new DuckDbEngine(connection, { kind: 'table', name: 'project_responses' });
  });

  test("projectId=apollo: exactly the project's planted findings, none of the general bank's", async () => {
    const report = await commonErrors(engine, { ...window, projectId: 'apollo' });
    expect(report.responses).toBe(300);
    expect(report.errors.map((e) => [e.errorTag, e.count])).toEqual([['arithmetic-slip', 20], ['misread-criterion', 10], ['careless', 2]]);
    expect(report.items.filter((i) => i.flag).map((i) => i.itemId)).toEqual(['amb']);
    expect(report.items.map((i) => i.itemId)).not.toContain('g1');
  });

  test('without the filter both are there (the general trap flagged too); another project has nothing', async () => {
    const all = await commonErrors(engine, window);
    expect(all.responses).toBe(400);
    expect(all.errors.filter((e) => e.flag).map((e) => e.errorTag).sort()).toEqual(['general-trap', 'misread-criterion']);
    expect(all.items.filter((i) => i.flag).map((i) => i.itemId).sort()).toEqual(['amb', 'g1']);
    const other = await commonErrors(engine, { ...window, projectId: 'zeus' });
    expect(other.responses).toBe(0);
    expect(other.errors).toEqual([]);
  });
});
