// Pure parts of the Athena adapter: the requests it sends and how a result page becomes rows. Tested as text and
// data (tests cannot reach Athena); athena-engine.ts only sends them.
import type {
  GetQueryExecutionCommandOutput,
  GetQueryResultsCommandInput,
  ResultSet,
  StartQueryExecutionCommandInput,
} from '@aws-sdk/client-athena';
import type { SqlRow, SqlValue } from './engine';

export interface AthenaConfig {
  /** the workgroup holds the result location, its encryption and the bytes-scanned limit (infra) */
  workGroup: string;
  database: string;
  responsesTable: string;
  enrollmentsTable?: string;
  measurementsTable?: string;
}

export function startQueryInput(sql: string, config: AthenaConfig): StartQueryExecutionCommandInput {
  return {
    QueryString: sql,
    WorkGroup: config.workGroup,
    QueryExecutionContext: { Catalog: 'AwsDataCatalog', Database: config.database },
  };
}

export function resultsInput(queryExecutionId: string, nextToken?: string): GetQueryResultsCommandInput {
  return { QueryExecutionId: queryExecutionId, MaxResults: 1000, ...(nextToken ? { NextToken: nextToken } : {}) };
}

export type QueryState = 'running' | 'succeeded' | { failed: string };

export function queryState(output: GetQueryExecutionCommandOutput): QueryState {
  const status = output.QueryExecution?.Status;
  switch (status?.State) {
    case 'SUCCEEDED':
      return 'succeeded';
    case 'FAILED':
    case 'CANCELLED':
      return { failed: `${status.State}: ${status.StateChangeReason ?? 'no reason given'}` };
    default:
      return 'running';
  }
}

const NUMERIC = new Set(['tinyint', 'smallint', 'integer', 'bigint', 'double', 'real', 'float', 'decimal']);

/** Athena returns every value as text: numbers are typed back by the column's type; the header row is skipped on the first page. */
export function rowsFromResultSet(resultSet: ResultSet | undefined, firstPage: boolean): SqlRow[] {
  const columns = resultSet?.ResultSetMetadata?.ColumnInfo ?? [];
  const rows = resultSet?.Rows ?? [];
  return rows.slice(firstPage ? 1 : 0).map((row) => {
    const out: SqlRow = {};
    columns.forEach((column, i) => {
      const raw = row.Data?.[i]?.VarCharValue;
      const name = column.Name ?? `_${i}`;
      let value: SqlValue = raw === undefined ? null : raw;
      if (raw !== undefined && NUMERIC.has((column.Type ?? '').toLowerCase())) value = Number(raw);
      out[name] = value;
    });
    return out;
  });
}
