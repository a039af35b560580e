// npm run bench:insights: the common-errors insight over 1,000,000 synthetic responses on DuckDB, both local
// sources (the Parquet dataset partitioned by date, and a log loaded as a table), plus the bytes Athena would
// scan (the Parquet columns the query reads, from DuckDB's own file metadata) projected to 100 million responses.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResponseLogRecord } from '@theta/irt';
import { appendResponses, commonErrors, createResponsesTable, DuckDbEngine, openDuckDb, queryRows, writeParquetDataset } from '@theta/insights';

const N = Number(process.env.BENCH_RESPONSES ?? 1_000_000);
const TASKERS = 20_000;
const ITEMS = 2_000;
const SKILLS = ['math', 'coding', 'rubric-grading', 'factual-verification', 'instruction-following'];
const TAGS = ['tag-a', 'tag-b', 'tag-c'];
const DAYS = 30;

let seed = 42;
const rand = () => ((seed = (seed * 1664525 + 1013904223) % 4294967296) / 4294967296);

function synthetic(): ResponseLogRecord[] {
  const start = Date.parse('2026-11-01T00:00:00.000Z');
  const out: ResponseLogRecord[] = new Array(N);
  for (let i = 0; i < N; i++) {
    const tasker = Math.floor(rand() * TASKERS);
    const item = Math.floor(rand() * ITEMS);
    const theta = (tasker % 100) / 25 - 2;
    const p = 1 / (1 + Math.exp(-(theta - ((item % 40) / 10 - 2))));
    const correct = rand() < p;
    const option = correct ? 'A' : ['B', 'C', 'D'][Math.floor(rand() * 3)]!;
    const atMs = start + Math.floor((i / N) * DAYS * 86_400_000);
    out[i] = {
      line: i + 1,
      atMs,
      at: new Date(atMs).toISOString(),
      responseId: `r${i}`,
      taskerId: `t${tasker}`,
      itemId: `i${item}`,
      score: correct ? 1 : 0,
      answer: option,
      errorTag: correct ? null : `${SKILLS[item % 5]}-${TAGS[(item + option.charCodeAt(0)) % 3]}`,
      elapsedMs: 2000 + Math.floor(rand() * 20_000),
      skill: SKILLS[item % 5]!,
      thetaBefore: theta,
      seBefore: 0.3,
      context: 'placement',
    };
  }
  return out;
}

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await f();
  return [value, (performance.now() - t0) / 1000];
}

const dir = mkdtempSync(join(tmpdir(), 'theta-bench-insights-'));
const c = await openDuckDb();
try {
  const records = synthetic();
  const [, load] = await timed(async () => {
    await createResponsesTable(c);
    await appendResponses(c, records);
  });
  const dataset = join(dir, 'responses');
  const [, write] = await timed(() => writeParquetDataset(c, dataset));
  const filters = { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' };
  const runs: Record<string, number[]> = {};
  for (const [label, source, f] of [
    ['parquet, all skills, 30 days', { kind: 'parquet', dir: dataset }, filters],
    ['parquet, one skill, 30 days', { kind: 'parquet', dir: dataset }, { ...filters, skill: 'math' }],
    ['parquet, one skill, 7 days', { kind: 'parquet', dir: dataset }, { from: '2026-11-24T00:00:00Z', to: '2026-12-01T00:00:00Z', skill: 'math' }],
    ['table (loaded log), all skills', { kind: 'table', name: 'responses' }, filters],
  ] as const) {
    const engine = new DuckDbEngine(c, source);
    runs[label] = [];
    for (let i = 0; i < 3; i++) runs[label]!.push((await timed(() => commonErrors(engine, f)))[1]);
  }
  // bytes of the columns the insight reads (compressed, as stored), per response
  const used = ['response_id', 'tasker_id', 'item_id', 'skill', 'answer', 'error_tag', 'score', 'theta_before', 'elapsed_ms', 'answered_at', 'track', 'course_id', 'project_id'];
  const [meta] = await queryRows(
    c,
    `SELECT sum(total_compressed_size) AS used FROM parquet_metadata('${dataset}/dt=*/*.parquet') WHERE path_in_schema IN (${used.map((u) => `'${u}'`).join(', ')})`,
  );
  const [all] = await queryRows(c, `SELECT sum(total_compressed_size) AS total FROM parquet_metadata('${dataset}/dt=*/*.parquet')`);
  const perResponse = Number(meta!.used) / N;
  const at100m = (perResponse * 100e6) / 1e9;
  console.log(JSON.stringify({ responses: N, loadSeconds: load, writeParquetSeconds: write, querySeconds: runs, parquetBytesAll: Number(all!.total), bytesReadPerResponse: perResponse, projectedGBAt100M_allDays: at100m }, null, 2));
} finally {
  c.closeSync();
  rmSync(dir, { recursive: true, force: true });
}
