// DuckDB (embedded, @duckdb/node-api) runs the insight SQL locally: over the partitioned Parquet files the local
// stack writes (local/parquet-dataset.ts), or over a table loaded from a response log (local/load-log.ts).
import { existsSync } from 'node:fs';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { duckDbDialect, parquetDir, type DuckDbSource } from '../sql/dialect';
import { INSIGHT_KINDS, insightSql, type InsightName } from '../sql/insight-sql';
import { renderSql, type InsightFilters } from '../sql/render';
import type { InsightEngine, SqlRow, SqlValue } from './engine';

function plain(value: DuckDBValue): SqlValue {
  if (value === null || typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return String(value);
}

/** DuckDB is loaded on first use only: the insights Lambda imports this module's types but runs Athena. */
export async function openDuckDb(): Promise<DuckDBConnection> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run("SET TimeZone = 'UTC'");
  return connection;
}

export async function queryRows(connection: DuckDBConnection, sql: string): Promise<SqlRow[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjects().map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plain(v)])));
}

export class DuckDbEngine implements InsightEngine {
  readonly name = 'duckdb' as const;
  constructor(
    private readonly connection: DuckDBConnection,
    private readonly source: DuckDbSource,
  ) {}

  /** the exact text DuckDB runs for this insight */
  render(insight: InsightName, filters: InsightFilters): string {
    return renderSql(insightSql(insight), duckDbDialect(this.source), filters);
  }

  async run(insight: InsightName, filters: InsightFilters): Promise<SqlRow[]> {
    // no dataset yet (nothing synced): no rows, rather than DuckDB's "no files found"
    const source = this.source;
    if (source.kind === 'parquet' && INSIGHT_KINDS[insight].some((kind) => !existsSync(parquetDir(source, kind)))) return [];
    return queryRows(this.connection, this.render(insight, filters));
  }
}

export { localResponsesDir } from '../local/paths';
