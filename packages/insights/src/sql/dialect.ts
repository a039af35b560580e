// The one place where Athena (Trino) SQL and DuckDB SQL differ, for the insight texts in packages/insights/sql.
// Everything else in those texts is SQL both engines accept as written (ntile, max_by, count, CASE, TIMESTAMP
// literals, BETWEEN on the string partition column `dt`).

export type DialectName = 'athena' | 'duckdb';

export interface Dialect {
  name: DialectName;
  /** how the responses table is referenced */
  responses: string;
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

/** Athena over the Glue catalog: `"database"."table"`; approx_percentile (Athena has no exact quantile). */
export function athenaDialect(glue: { database: string; responsesTable: string }): Dialect {
  return {
    name: 'athena',
    responses: `${quoteIdentifier(glue.database, 'Glue database')}.${quoteIdentifier(glue.responsesTable, 'Glue table')}`,
    median: (expr) => `approx_percentile(CAST(${expr} AS DOUBLE), 0.5)`,
  };
}

/** Where DuckDB reads the responses: the local Parquet dataset (hive partitions dt=YYYY-MM-DD) or a loaded table. */
export type DuckDbSource = { kind: 'parquet'; dir: string } | { kind: 'table'; name: string };

/** DuckDB: read_parquet over the partitioned files (dt kept a string, as in Glue), or a table; exact quantile_cont. */
export function duckDbDialect(source: DuckDbSource): Dialect {
  const responses =
    source.kind === 'parquet'
      ? `read_parquet(${stringLiteral(`${source.dir.replace(/\/+$/, '')}/dt=*/*.parquet`)}, hive_partitioning = true, hive_types = {'dt': VARCHAR})`
      : quoteIdentifier(source.name, 'DuckDB table');
  return { name: 'duckdb', responses, median: (expr) => `quantile_cont(${expr}, 0.5)` };
}
