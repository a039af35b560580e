// The one place where Athena (Trino) SQL and DuckDB SQL differ, for the insight texts in packages/insights/sql.
// Everything else in those texts is SQL both engines accept as written (ntile, max_by, count, CASE, TIMESTAMP
// literals, BETWEEN on the string partition column `dt`, date_diff('second', a, b)).
import { siblingKindDir } from '../local/paths';
import type { AnalyticsKind } from '../schema';

export type DialectName = 'athena' | 'duckdb';

export interface Dialect {
  name: DialectName;
  /** how the responses table is referenced */
  responses: string;
  /** how a kind's table is referenced (responses, enrollments, measurements) */
  table(kind: AnalyticsKind): string;
  /** a median of a numeric expression */
  median(expr: string): string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,127}$/;

function quoteIdentifier(name: string, what: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`${what} "${name}" must be lower-case letters, digits and _ (a Glue name)`);
  return `"${name}"`;
}

/** A SQL string literal ('' doubles a quote): the only way a caller's text enters a query. */
export function stringLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export interface GlueTables {
  database: string;
  responsesTable: string;
  /** default `enrollments` */
  enrollmentsTable?: string;
  /** default `measurements` */
  measurementsTable?: string;
}

/** Athena over the Glue catalog: `"database"."table"`; approx_percentile (Athena has no exact quantile). */
export function athenaDialect(glue: GlueTables): Dialect {
  const names: Record<AnalyticsKind, string> = {
    responses: glue.responsesTable,
    enrollments: glue.enrollmentsTable ?? 'enrollments',
    measurements: glue.measurementsTable ?? 'measurements',
    track_changes: 'track_changes',
  };
  const table = (kind: AnalyticsKind) => `${quoteIdentifier(glue.database, 'Glue database')}.${quoteIdentifier(names[kind], 'Glue table')}`;
  return { name: 'athena', responses: table('responses'), table, median: (expr) => `approx_percentile(CAST(${expr} AS DOUBLE), 0.5)` };
}

/**
 * Where DuckDB reads: the local Parquet dataset (`dir` is the responses directory; the other kinds are its siblings,
 * hive partitions dt=YYYY-MM-DD) or loaded tables (`name` is the responses table; the others are named by their kind).
 */
export type DuckDbSource = { kind: 'parquet'; dir: string } | { kind: 'table'; name: string };

/** the directory a kind's Parquet files are in, for a parquet source */
export function parquetDir(source: { dir: string }, kind: AnalyticsKind): string {
  return kind === 'responses' ? source.dir.replace(/\/+$/, '') : siblingKindDir(source.dir, kind);
}

/** DuckDB: read_parquet over the partitioned files (dt kept a string, as in Glue), or a table; exact quantile_cont. */
export function duckDbDialect(source: DuckDbSource): Dialect {
  const table = (kind: AnalyticsKind) =>
    source.kind === 'parquet'
      ? `read_parquet(${stringLiteral(`${parquetDir(source, kind)}/dt=*/*.parquet`)}, hive_partitioning = true, hive_types = {'dt': VARCHAR})`
      : quoteIdentifier(kind === 'responses' ? source.name : kind, 'DuckDB table');
  return { name: 'duckdb', responses: table('responses'), table, median: (expr) => `quantile_cont(${expr}, 0.5)` };
}
