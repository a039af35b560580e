// npm run insights: the insights over an exported response log (--log) or the local analytics dataset, on DuckDB.
import { existsSync } from 'node:fs';
import { commonErrors } from '../errors/common-errors';
import { DuckDbEngine, openDuckDb } from '../engines/duckdb-engine';
import { loadResponseLog } from '../local/load-log';
import { localResponsesDir } from '../local/paths';
import { writeParquetDataset } from '../local/responses-table';
import type { DuckDbSource } from '../sql/dialect';
import type { InsightFilters } from '../sql/render';
import { type CliOptions, parseArgs } from './args';
import { errorsTables } from './tables';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

const DAY_MS = 86_400_000;

function filters(options: CliOptions, range: { firstMs: number | null; lastMs: number | null }): InsightFilters {
  const now = Date.now();
  const to = options.to ?? new Date((range.lastMs ?? now) + 1).toISOString();
  const from = options.from ?? new Date(range.firstMs ?? Date.parse(to) - 90 * DAY_MS).toISOString();
  return { from, to, ...(options.skill ? { skill: options.skill } : {}), ...(options.track ? { track: options.track } : {}), ...(options.courseId ? { courseId: options.courseId } : {}) };
}

export async function runInsightsCli(argv: readonly string[], io: CliIo): Promise<number> {
  let options: CliOptions;
  try {
    options = parseArgs(argv);
  } catch (e) {
    io.err(`error: ${(e as Error).message}\n`);
    return 2;
  }
  const connection = await openDuckDb();
  try {
    let source: DuckDbSource = { kind: 'parquet', dir: localResponsesDir(io.env) };
    let range = { firstMs: null as number | null, lastMs: null as number | null };
    if (options.log) {
      const loaded = await loadResponseLog(connection, options.log, { skipBadLines: options.skipBadLines });
      for (const bad of loaded.skipped) io.err(`skipped ${options.log}:${bad.line}: ${bad.field}: ${bad.problem}\n`);
      range = loaded;
      source = { kind: 'table', name: 'responses' };
      if (options.command === 'sync') {
        await writeParquetDataset(connection, localResponsesDir(io.env));
        io.out(`wrote ${loaded.records} responses to ${localResponsesDir(io.env)} (Parquet, partitioned by dt)\n`);
        return 0;
      }
    } else if (!existsSync(source.dir)) {
      io.err(`error: no local analytics dataset at ${source.dir}: run \`npm run insights -- sync --log FILE.jsonl\` first, or pass --log\n`);
      return 1;
    }
    const report = await commonErrors(new DuckDbEngine(connection, source), filters(options, range));
    io.out(options.json ? `${JSON.stringify(report, null, 2)}\n` : errorsTables(report, options.top));
    return 0;
  } catch (e) {
    io.err(`error: ${(e as Error).message}\n`);
    return 1;
  } finally {
    connection.closeSync();
  }
}
